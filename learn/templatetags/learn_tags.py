"""Template filters for the reading pages: safe links to sources and how they are cited."""

import re
from html import unescape
from urllib.parse import quote, urlsplit

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

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


_LEADING_PARAGRAPH = re.compile(r"^\s*<p[\s>].*?</p>", re.S)


@register.filter
def split_first_paragraph(html):
    """(the lesson's first paragraph, the rest), so something can follow that paragraph.

    Only a body that starts with a paragraph is split; otherwise the first part is empty. Both
    parts of sanitised HTML stay safe: the cut is at the end of a top-level <p>.
    """
    html = str(html or "")
    match = _LEADING_PARAGRAPH.match(html)
    if match is None or "<p" in match.group(0)[3:]:
        return mark_safe(""), mark_safe(html)  # noqa: S308
    return mark_safe(match.group(0)), mark_safe(html[match.end() :])  # noqa: S308
