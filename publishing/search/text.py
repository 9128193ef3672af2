"""Search snippets and highlighted titles, built safely from raw Markdown or plain text.

Both search backends mark matches with two sentinel characters instead of HTML: PostgreSQL's
``ts_headline`` is given them as StartSel/StopSel, the SQLite fallback wraps its matches in
them. ``marked_html`` then escapes everything and only afterwards turns the sentinel pairs
into ``<mark>`` tags, so nothing an editor typed (``<script>``, ``&``, quotes) can become
markup, and a match is never marked inside a tag or an entity.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# STX and ETX: control characters that never appear in a query (normalise_query drops them)
# and that editors do not type. Stray ones in stored text are dropped, never trusted.
START = "\x02"
STOP = "\x03"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")

SNIPPET_WORDS = 30
WORDS_BEFORE_MATCH = 8
ELLIPSIS = "…"

# Markdown syntax that reads as noise in a one-line excerpt. Cut-off links (an excerpt can
# end inside one) are handled too.
_INLINE_NOISE = [
    (re.compile(r"\[\^\d+\]"), ""),  # footnote citations [^1]
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)?"), r"\1"),  # links and images: keep the text
    (re.compile(r"\]\([^)\s]*\)?"), ""),  # the tail of a link cut by the excerpt
    (re.compile(r"\*{1,3}|_{2,3}|`+|~~"), ""),  # emphasis and code marks
    (re.compile(r"\|"), " "),  # table cells
]
_BLOCK_MARKER = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-+*]|\d+[.)])\s+")
_RULE = re.compile(r"^\s*\|?[\s:|*_-]*-{3,}[\s:|*_-]*$")  # --- and table header lines
_ENDS_SENTENCE = (".", "!", "?", ":", ";", ",", ELLIPSIS)
BLOCK_SEPARATOR = "·"


def markdown_to_text(text: str) -> str:
    """Markdown (or plain text) as one line of readable words, sentinels kept.

    Headings, list items and paragraphs that end without punctuation are kept apart with
    a middle dot, so "What myelin does" does not run into the next sentence.
    """
    pieces = []
    new_block = False
    for line in (text or "").splitlines():
        if not line.strip() or _RULE.match(line):
            new_block = True
            continue
        marker = _BLOCK_MARKER.match(line)
        line = _BLOCK_MARKER.sub("", line, count=1)
        for pattern, replacement in _INLINE_NOISE:
            line = pattern.sub(replacement, line)
        line = line.strip()
        previous = pieces[-1].replace(START, "").replace(STOP, "") if pieces else ""
        if previous and (new_block or marker) and not previous.endswith(_ENDS_SENTENCE):
            pieces.append(BLOCK_SEPARATOR)
        pieces.append(line)
        new_block = False
    return " ".join(" ".join(pieces).split())


def marked_html(text: str) -> SafeString:
    """Text with sentinel-marked matches as HTML: all escaped, matches in ``<mark>``."""
    parts = _MARKED.split(text or "")
    html = []
    for i, part in enumerate(parts):
        part = escape(part.replace(START, "").replace(STOP, ""))
        html.append(f"<mark>{part}</mark>" if i % 2 and part else part)
    return mark_safe("".join(html))  # noqa: S308 - every piece was escaped just above


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    """A case-insensitive pattern for any of ``terms`` (longest first) at the start of a
    word, or None. ("the" is marked in "Therapy" but not in "other".)"""
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(term) for term in terms) + ")", re.IGNORECASE
    )


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """Plain ``text`` as HTML with every match of ``pattern`` in ``<mark>``."""
    text = (text or "").replace(START, "").replace(STOP, "")
    if pattern is not None:
        text = pattern.sub(lambda match: f"{START}{match.group()}{STOP}", text)
    return marked_html(text)


def excerpt(text: str, pattern: re.Pattern | None) -> SafeString:
    """About SNIPPET_WORDS words of Markdown ``text`` around its first match, highlighted."""
    line = markdown_to_text((text or "").replace(START, "").replace(STOP, ""))
    words = line.split(" ")
    match = pattern.search(line) if pattern is not None else None
    first = line.count(" ", 0, match.start()) if match else 0
    start = max(0, first - WORDS_BEFORE_MATCH)
    end = start + SNIPPET_WORDS
    snippet = " ".join(words[start:end])
    if start:
        snippet = f"{ELLIPSIS} {snippet}"
    if end < len(words):
        snippet = f"{snippet} {ELLIPSIS}"
    return highlight(snippet, pattern)


def headline_html(headline: str, text_start: str = "", text_end: str = "") -> SafeString:
    """A PostgreSQL ``ts_headline`` built from Markdown, as a one-line highlighted excerpt.

    ``ts_headline`` does not say whether its excerpt is the start or the end of the text:
    given the text's first and last few dozen characters, an ellipsis marks each side
    where the excerpt cuts the text.
    """
    line = markdown_to_text(headline or "")
    if text_start or text_end:
        words = line.replace(START, "").replace(STOP, "").split()
        first = markdown_to_text(text_start).split()
        last = markdown_to_text(text_end).split()
        if words and words[:3] != first[:3]:
            line = f"{ELLIPSIS} {line}"
        if words and words[-3:] != last[-3:]:
            line = f"{line} {ELLIPSIS}"
    return marked_html(line)
