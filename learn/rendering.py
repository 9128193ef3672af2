"""Markdown to safe HTML, and reading statistics.

Editors write Markdown. markdown-it-py renders it (raw HTML in the source is escaped, not
passed through), then nh3 keeps only an allow-list of tags, attributes and URL schemes, so a
script, event handler, style, iframe or javascript:/data: link never reaches a page even if
the renderer's behaviour changes. Citation markers [^N] become links to the sources list.
"""

import html as html_lib
import math
import re

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "sup": {"class"},
    "th": {"scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_CITATION = re.compile(r"\[\^(\d{1,3})\]")
_HEADING = re.compile(r"<(h[234])>(.*?)</\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"[\w’'-]+")
WORDS_PER_MINUTE = 200


def _slugify_heading(text, seen):
    # The heading text arrives HTML-escaped: unescape it so '"' does not become "quot".
    plain = html_lib.unescape(_TAGS.sub("", text)).lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "section"
    slug, n = base, 2
    while slug in seen:
        slug, n = f"{base}-{n}", n + 1
    seen.add(slug)
    return slug


def _add_heading_ids(html):
    """Give h2-h4 stable ids so quiz questions can link to a lesson section."""
    seen = set()
    return _HEADING.sub(
        lambda m: f'<{m[1]} id="{_slugify_heading(m[2], seen)}">{m[2]}</{m[1]}>', html
    )


def _link_citations(html):
    return _CITATION.sub(
        lambda m: (
            f'<sup class="citation"><a href="#source-{m[1]}" '
            f'title="Source {m[1]}">[{m[1]}]</a></sup>'
        ),
        html,
    )


def sanitize_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source):
    """Markdown source to sanitised HTML, safe to mark as safe in a template."""
    html = _markdown.render(source or "")
    html = _link_citations(_add_heading_ids(html))
    return sanitize_html(html)


def reading_stats(source):
    """(word count, reading minutes rounded up, at least 1) of a Markdown source."""
    words = len(_WORDS.findall(_CITATION.sub("", source or "")))
    return words, max(1, math.ceil(words / WORDS_PER_MINUTE))


def cited_numbers(source):
    """The citation numbers [^N] used in a Markdown source."""
    return {int(n) for n in _CITATION.findall(source or "")}
