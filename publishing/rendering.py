"""Markdown to safe HTML, and reading statistics.

Editors write Markdown. markdown-it-py renders it (raw HTML in the source is escaped, not
passed through), then nh3 keeps only an allow-list of tags, attributes and URL schemes, so a
script, event handler, style, iframe or javascript:/data: link never reaches a page even if
the renderer's behaviour changes. Citation markers [^N] become links to the sources list.

Glossary terms are linked later, when a page is drawn (`link_glossary_terms`), so a new term
reaches every lesson without saving the lessons again.
"""

import functools
import html as html_lib
import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext as _
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


@dataclass(frozen=True)
class GlossaryEntry:
    """What the linker needs to know about one published glossary term."""

    slug: str
    term: str
    variants: tuple[str, ...]
    definition: str
    url: str


# A definition inside these would be wrong (a link in a link, a heading that changes, code
# that is no longer literal) or is already explained (abbr) or a citation number (sup).
_GLOSSARY_SKIP = {"a", "abbr", "code", "pre", "sup", "h1", "h2", "h3", "h4", "h5", "h6"}
_VOID_TAGS = {"br", "hr", "img", "wbr", "input", "col", "area", "source", "track", "meta"}


@functools.lru_cache(maxsize=16)
def _glossary_pattern(variants):
    # Longest first, so "gut microbiome" wins over "microbiome" at the same place. A word
    # joined by a hyphen ("anti-myelin") is a different word, so hyphens count as letters.
    alternatives = sorted(variants, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, variant.split())) for variant in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _term_key(text):
    # casefold, like the regex's IGNORECASE, folds "ſ" to "s" and the Kelvin sign to "k".
    return " ".join(text.split()).casefold()


class _GlossaryLinker(HTMLParser):
    """Copies sanitised HTML, turning the first use of each term in plain text into a link.

    Tags are copied exactly as they came in; only text nodes are rewritten, and every piece of
    text written back is escaped again.
    """

    def __init__(self, pattern, lookup):
        super().__init__(convert_charrefs=True)
        self.pattern, self.lookup = pattern, lookup
        self.out, self.open_tags, self.linked = [], [], set()
        self.term_count = len({entry.slug for entry in lookup.values()})

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in _VOID_TAGS:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.open_tags:
            while self.open_tags.pop() != tag:
                pass

    def handle_data(self, data):
        if _GLOSSARY_SKIP.intersection(self.open_tags) or len(self.linked) == self.term_count:
            self.out.append(html_lib.escape(data, quote=False))
            return
        position = 0
        for match in self.pattern.finditer(data):
            entry = self.lookup.get(_term_key(match[0]))
            if entry is None or entry.slug in self.linked:
                continue
            self.linked.add(entry.slug)
            self.out.append(html_lib.escape(data[position : match.start()], quote=False))
            self.out.append(_glossary_markup(entry, match[0]))
            position = match.end()
        self.out.append(html_lib.escape(data[position:], quote=False))


def _glossary_markup(entry, text):
    """A link to the glossary (without JavaScript) followed by the hidden definition that
    static/js/glossary.js turns the link into a disclosure button for."""
    esc = html_lib.escape
    definition_id = f"def-{entry.slug}"
    more = _("More in the glossary")
    return (
        f'<a class="term" href="{esc(entry.url)}" data-definition="{esc(definition_id)}">'
        f"{esc(text, quote=False)}</a>"
        f'<span id="{esc(definition_id)}" class="term-definition" hidden>'
        f"<strong>{esc(entry.term[:1].upper() + entry.term[1:], quote=False)}:</strong> "
        f"{esc(entry.definition, quote=False)} "
        f'<a href="{esc(entry.url)}">{esc(more, quote=False)}'
        f'<span class="visually-hidden">: {esc(entry.term, quote=False)}</span></a></span>'
    )


def link_glossary_terms(html, entries):
    """Sanitised HTML with the first use of each glossary term linked to its definition.

    Matching is case-insensitive on whole words, in text only: never inside a link, heading,
    code, abbreviation, citation number or attribute. `entries` are GlossaryEntry items;
    when a word belongs to two entries, the first one listed wins.
    """
    return _linked(html, entries)[0]


def glossary_terms_used(html, entries) -> set[str]:
    """The slugs of the entries `link_glossary_terms` would link in this HTML: the terms a
    page uses, by the same rules (a translation job sends exactly these to the translator)."""
    return _linked(html, entries)[1]


def _linked(html, entries):
    if not html or not entries:
        return html, set()
    lookup = {}
    for entry in entries:
        for variant in entry.variants:
            lookup.setdefault(_term_key(variant), entry)
    if not lookup:
        return html, set()
    pattern = _glossary_pattern(tuple(sorted(lookup)))
    if not pattern.search(html_lib.unescape(html)):
        return html, set()  # the usual case for most terms: no need to parse at all
    linker = _GlossaryLinker(pattern, lookup)
    linker.feed(html)
    linker.close()
    return "".join(linker.out), linker.linked
