"""Spelling correction for site search, on every database: "probiotcs" → "probiotics".

The vocabulary, one per language, is the words readers of that language see first (what
they would find, ``core.items_in``): the title of every published item of every
registered kind, the kind's ``similar`` and ``spelling`` fields (glossary terms and their
other names, a lesson's one-line summary) and the headings of its ``headings`` Markdown
fields (a lesson's "## Sections"). Words
of fewer than MIN_WORD_LENGTH letters are left out: too many short words are one letter
apart.

Building it reads one column set per kind, so it is cached with the public pages: under
the page cache's generation, which moves whenever content is saved or deleted, and only
until the next scheduled publish or expiry (publishing.pagecache), so a correction never
points at a word that has gone and never leaks a draft.

``correct_query`` swaps each unknown word for the closest vocabulary word (difflib's ratio,
ties to the more frequent word, then alphabetical, so the answer never depends on the
order rows came back in).
"""

import bisect
import difflib
import logging
import re
import unicodedata
from collections import Counter

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from publishing import pagecache
from publishing.search.core import SEARCH_KINDS, asks_for_exact, items_in

logger = logging.getLogger(__name__)

CACHE_KEY = "search:spelling-vocabulary"  # then ":" and the language
MIN_WORD_LENGTH = 4
# Longer "words" are pasted codes or URLs, not something to correct.
MAX_WORD_LENGTH = 30
MAX_CORRECTED_WORDS = 10
# difflib ratio from which a vocabulary word counts as the same word misspelt ("mielin"
# and "myelin" score 0.83, "probiotcs" and "probiotics" 0.95; "fatigue" and "fatal" 0.5).
CUTOFF = 0.75

_WORD = re.compile(r"[^\W\d_]+")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def fold(word: str) -> str:
    """The word in lower case without accents: how words are compared."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def headings(markdown: str) -> list[str]:
    """The text of every ATX heading ("## Think about the cost") in a Markdown text."""
    return _HEADING.findall(markdown or "")


def _kind_text(kind, language):
    """The texts of one kind's published items in ``language`` that feed the vocabulary:
    one query."""
    names = list(dict.fromkeys((kind.title, *kind.similar_fields, *kind.spelling)))
    for row in items_in(kind, language).order_by().values_list(*names, *kind.headings):
        yield from row[: len(names)]
        for markdown in row[len(names) :]:
            yield from headings(markdown)


def build_vocabulary(language: str) -> dict[str, tuple[str, int]]:
    """{folded word: (the word as written, lower case; how often it appears)}."""
    counts = Counter(
        word.lower()
        for kind in SEARCH_KINDS
        for text in _kind_text(kind, language)
        for word in _WORD.findall(text or "")
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH
    )
    vocabulary = {}
    # Most frequent spelling first, so "café" beats a lone "cafe" for the folded "cafe".
    for word, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        folded = fold(word)
        seen = vocabulary.get(folded)
        vocabulary[folded] = (seen[0], seen[1] + count) if seen else (word, count)
    return vocabulary


def vocabulary(language: str) -> dict[str, tuple[str, int]]:
    """The language's vocabulary, from the cache while no content changed since it was
    built."""
    now = timezone.now()
    key = f"{CACHE_KEY}:{language}"
    try:
        generation = pagecache.generation()
        stored = cache.get(key)
        if stored and stored[0] == generation and (stored[1] is None or now < stored[1]):
            return stored[2]
        words = build_vocabulary(language)
        valid_until = pagecache.next_content_change(generation, now)
        cache.set(key, (generation, valid_until, words), timeout=None)
        return words
    except Exception:  # the cache is down: correct from the database, as if uncached
        logger.warning("Spelling vocabulary cache unavailable.", exc_info=True)
        return build_vocabulary(language)


class Corrector:
    """Finds the vocabulary word nearest to a misspelt one."""

    def __init__(self, words: dict[str, tuple[str, int]]):
        self.words = words
        self.sorted = sorted(words)
        self.by_length: dict[int, list[str]] = {}
        for folded in self.sorted:
            self.by_length.setdefault(len(folded), []).append(folded)

    def is_known(self, word: str) -> bool:
        """The word is in the vocabulary as written, or is a vocabulary word with an ending
        ("fatigued", "bacterial"), or the start of one ("probio" while typing)."""
        folded = fold(word)
        written = self.words.get(folded)
        if written and written[0] == word.lower():
            return True
        if written:  # the same letters with other accents: correct to the written form
            return False
        # An ending of up to three letters on a word of five or more.
        start = max(MIN_WORD_LENGTH + 1, len(folded) - 3)
        if any(folded[:end] in self.words for end in range(start, len(folded))):
            return True
        following = bisect.bisect_left(self.sorted, folded)
        return following < len(self.sorted) and self.sorted[following].startswith(folded)

    def nearest(self, word: str) -> str:
        """The closest vocabulary word as written, or "" when none is close enough."""
        folded = fold(word)
        if folded in self.words:
            return self.words[folded][0]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(folded)
        spread = max(2, len(folded) // 4)
        best = None
        for length in range(len(folded) - spread, len(folded) + spread + 1):
            for candidate in self.by_length.get(length, ()):
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
                    continue
                score = matcher.ratio()
                if score >= CUTOFF:
                    key = (-score, -self.words[candidate][1], candidate)
                    best = min(best, key) if best else key
        return self.words[best[2]][0] if best else ""

    def correct(self, query: str) -> str:
        """The query with each unknown word swapped for its nearest vocabulary word; the
        spaces, punctuation and other words as typed. "" when nothing changed."""
        pieces = _WORD.split(query)
        words = _WORD.findall(query)
        changed, checked = False, 0
        for i, word in enumerate(words):
            if not MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH:
                continue
            checked += 1
            if checked > MAX_CORRECTED_WORDS:
                break
            if self.is_known(word):
                continue
            nearest = self.nearest(word)
            if nearest:
                words[i], changed = nearest, True
        if not changed:
            return ""
        return "".join(piece + word for piece, word in zip(pieces, [*words, ""], strict=True))


def correct_query(query: str, language: str = "") -> str:
    """The query with misspelt words corrected from the vocabulary of ``language`` (the
    active one by default), or "" when there is nothing to correct.

    Queries that ask for something exact (a "phrase", a -word to leave out) are left alone.
    """
    if asks_for_exact(query):
        return ""
    return Corrector(vocabulary(language or get_language())).correct(query)
