"""schema.org JSON-LD for lesson pages (MedicalWebPage), serialised so it cannot escape its
<script> element.

The Content-Security-Policy (script-src 'self') does not apply: a script element whose type is
not JavaScript is a data block that browsers never run, so no nonce or hash is needed. What
does matter is that no text inside it can close the element: "<", ">" and "&" are written as
JSON \\u escapes (as Django's json_script does), and so are the two line separators that
older JavaScript parsers treat as line ends.
"""

import json
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from learn.services import approving_reviewer

_JSON_LD_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld_script(data):
    """A <script type="application/ld+json"> element holding `data`, safe in any HTML page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # The JSON is escaped above; format_html would HTML-escape it and break the JSON.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_LD_ESCAPES)),  # noqa: S308
    )


def _person(contributor):
    person = {"@type": "Person", "name": contributor.name}
    if contributor.role or contributor.qualifications:
        person["jobTitle"] = contributor.role or contributor.qualifications
    if contributor.qualifications:
        person["honorificSuffix"] = contributor.qualifications
    return person


def _http_url(url):
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


def lesson_structured_data(*, article, citations, base_url):
    """The MedicalWebPage description of a lesson (module, author and reviewer loaded)."""
    site_name = getattr(settings, "MSPORTAL_SITE_NAME", "msportal")
    publisher = {"@type": "Organization", "name": site_name, "url": base_url}
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "url": urljoin(base_url, article.get_absolute_url()),
        # The text's language: an English lesson on a Spanish page (no translation yet) is "en".
        "inLanguage": getattr(article, "locale", "") or get_language() or settings.LANGUAGE_CODE,
        "datePublished": article.publish_at,
        "dateModified": article.updated_at,
        "about": {"@type": "MedicalCondition", "name": "Multiple sclerosis"},
        "audience": {"@type": "Patient"},
        "publisher": publisher,
        "author": _person(article.author) if article.author else publisher,
    }
    if article.last_reviewed_on:
        data["lastReviewed"] = article.last_reviewed_on
    # The person who approved the medical review (see learn.services.with_approver), else
    # the named reviewer of content nobody has approved yet.
    if reviewer := approving_reviewer(article) or article.medical_reviewer:
        data["reviewedBy"] = _person(reviewer)
    urls = [_http_url(citation.reference.url) for citation in citations]
    if urls := [url for url in urls if url]:
        data["citation"] = urls
    return data
