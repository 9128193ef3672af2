"""Template filters for the reading pages: safe links to sources and how they are cited."""

import re
from html import unescape
from urllib.parse import quote, urlsplit

from django import template
from django.utils.html import strip_tags

register = template.Library()

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


@register.filter
def external_url(url):
    """The address if it is an http(s) link, else "": a bad value saved around the admin's
    validation (an import, the shell) must not become a javascript: link."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.filter
def doi_url(doi):
    """https://doi.org/ link for a DOI however the editor typed it ("doi:…", a full URL)."""
    doi = _DOI_PREFIX.sub("", (doi or "").strip())
    return f"https://doi.org/{quote(doi, safe='/:;()')}" if doi else ""


@register.filter
def pmid_url(pmid):
    """PubMed link for a numeric PubMed ID, else ""."""
    pmid = (pmid or "").strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else ""


@register.filter
def plain_text(html):
    """Sanitised HTML as plain text (tags dropped, entities decoded), for short excerpts.

    The result is an ordinary string, so the template escapes it again.
    """
    return unescape(strip_tags(html or ""))


@register.filter
def citation_details(reference):
    """A source's authors, publisher and year as one line of sentences: "Tankou S.K. et al.
    Oxford Press. 2018."

    The one place a citation's parts are joined: an author list that already ends in a full
    stop ("et al.") gets no second one.
    """
    parts = [reference.authors, reference.publisher]
    parts.append(str(reference.year) if reference.year else "")
    parts = [part.strip() for part in parts if part and part.strip()]
    return " ".join(part if part.endswith((".", "?", "!")) else f"{part}." for part in parts)
