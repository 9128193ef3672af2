"""Every word a reader sees in a template is marked for translation.

A heuristic, not a parser of everything: each template is split by Django's own lexer; text
inside `{% blocktranslate %}`, `{% comment %}` and `{# #}` counts as handled, every other
template tag or variable becomes a placeholder, and the rest is read as HTML. Text between tags
and the values of the attributes people hear or see (alt, title, placeholder, aria-label, …)
must then hold no word: only punctuation, numbers, placeholders and the site's name.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "content"}
# Reads as an attribute inside a tag (`<li{% if … %} class…`) and as a word outside one.
PLACEHOLDER = " data-tpl "
# The site's own name, the placeholder, and symbols that read the same in every language.
NOT_WORDS = re.compile(r"msportal|data-tpl|&[a-z]+;|&#\d+;|\bCSV\b|\bJSON\b")
WORD = re.compile(r"[^\W\d_]{2,}")
# Text inside these is not read as text (code, styles) or is marked as a whole.
_OPEN = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
_OPEN |= {"comment": "endcomment", "verbatim": "endverbatim"}


def _unmarked_source(text):
    """The template with handled text removed and other template syntax as placeholders."""
    parts, closing = [], None
    for token in Lexer(text).tokenize():
        words = token.contents.split() if token.token_type == TokenType.BLOCK else [""]
        name = words[0]
        if closing:
            closing = None if name == closing else closing
            continue
        if name in _OPEN or (name == "block" and "class" in words[1]):
            # A block that fills a class attribute (the admin's bodyclass) holds no text.
            closing = _OPEN.get(name, "endblock")
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            parts.append(PLACEHOLDER)
    return "".join(parts)


# Code, styles and literal examples (column names, token formats) read the same in every language.
_NOT_TEXT = ("script", "style", "code", "kbd", "samp", "pre")


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _NOT_TEXT:
            self._skip += 1
        is_meta_text = tag != "meta" or dict(attrs).get("name") == "description"
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and (name != "content" or is_meta_text):
                self._check(value)

    def handle_endtag(self, tag):
        if tag in _NOT_TEXT:
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text):
        words = WORD.findall(NOT_WORDS.sub(" ", text.replace(PLACEHOLDER, " ")))
        if words:
            self.found.append(" ".join(text.replace(PLACEHOLDER.strip(), "…").split())[:80])


def unmarked_text(text):
    finder = _TextFinder()
    finder.feed(_unmarked_source(text))
    finder.close()
    return finder.found


def test_the_checker_finds_unmarked_text_and_ignores_marked_text():
    assert unmarked_text("<p>Hello {{ name }}</p>") == ["Hello …"]
    assert unmarked_text('<img alt="A brain">') == ["A brain"]
    assert unmarked_text('<button aria-label="{% translate "Close" %}">×</button>') == []
    assert unmarked_text("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %} · 3") == []
    assert unmarked_text("<script>var x = 'hello';</script>{# note #}<code>a_b</code>") == []
    assert unmarked_text('<li{% if a %} class="b"{% endif %}>{{ a }}</li>') == []


def test_every_template_marks_its_text():
    found = {}
    for path in TEMPLATES:
        if hits := unmarked_text(path.read_text()):
            found[str(path.relative_to(ROOT))] = hits
    assert not found, found
