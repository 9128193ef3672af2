"""Writing aids for editors: reading level and phrases that may overclaim.

Pure functions on text, so the admin, tests and any later checker share them. They warn; they
never block a save: a reviewer decides.

Reading level is the Flesch-Kincaid grade, computed here rather than with textstat: textstat
0.7.13 looks words up in the CMU pronouncing dictionary, which it downloads through NLTK on
first use, so it fails without network access (as on CI). Syllables come from pyphen's
hyphenation dictionary (shipped inside the package) and a vowel-group count, whichever is
higher: hyphenation points alone undercount ("my-elin" is three syllables, one break).
"""

import html
import re
from dataclasses import dataclass
from functools import cache

import pyphen

from publishing.rendering import render_markdown

GRADE_TARGET = 8  # CONTENT.md: plain language, US school grade 8 or lower.
CONTEXT_CHARS = 50

_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|blockquote|pre)>|<br\s*/?>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_CITATION = re.compile(r"\[\^\d{1,3}\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def plain_text(markdown: str) -> str:
    """The text readers see, one block (paragraph, heading, list item, cell) per line."""
    rendered = render_markdown(_CITATION.sub("", markdown or ""))
    text = html.unescape(_TAGS.sub("", _BLOCK_END.sub("\n", rendered)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def sentences(text: str) -> list[str]:
    """Sentences of plain text: a block without end punctuation (a heading) is one too."""
    found = []
    for block in text.splitlines():
        found.extend(part for part in _SENTENCE_END.split(block.strip()) if _WORD.search(part))
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@cache
def _hyphenator():
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """An estimate of the syllables in one word (at least 1)."""
    total = 0
    # Apostrophes join a contraction into one word ("isn't"); hyphens join words.
    for part in re.sub(r"['’]", "", word.lower()).split("-"):
        letters = re.sub(r"[^a-z]", "", part)
        if not letters:
            total += 1 if part else 0  # A number reads as at least one syllable.
            continue
        groups = len(_VOWEL_GROUPS.findall(letters))
        if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and groups > 1:
            groups -= 1  # A silent final e: "make", "immune".
        hyphenated = len(_hyphenator().positions(letters)) + 1
        total += max(1, groups, hyphenated)
    return max(1, total)


@dataclass(frozen=True)
class ReadingStats:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float | None:
        """Flesch-Kincaid grade, one decimal, never below 0; None for a text without words."""
        if not self.words:
            return None
        grade = 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
        return round(max(0.0, grade), 1)


def reading_stats(text: str) -> ReadingStats:
    """Counts for plain text (see plain_text for Markdown)."""
    found = sentences(text)
    counted = [word for sentence in found for word in words(sentence)]
    return ReadingStats(
        words=len(counted),
        sentences=max(1, len(found)),
        syllables=sum(syllables(word) for word in counted),
    )


def reading_grade(markdown: str) -> float | None:
    """The Flesch-Kincaid grade of a Markdown text as readers see it."""
    return reading_stats(plain_text(markdown)).grade


def grade_is_hard(grade: float | None) -> bool:
    return grade is not None and grade > GRADE_TARGET


# Overclaiming -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseHit:
    """One occurrence of a flagged phrase, with the words around it."""

    phrase: str
    why: str
    where: str
    before: str
    match: str
    after: str


def phrase_pattern(phrase: str) -> re.Pattern:
    """A whole-word, case-blind pattern for a phrase, each word with its plain endings.

    "boost immunity" finds "boosts immunity" and "boosting immunity"; "cure" finds "cured".
    """
    ending = r"(?:s|es|d|ed|ing)?"
    parts = [re.escape(part) + ending for part in phrase.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])", re.IGNORECASE)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + CONTEXT_CHARS < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return " ".join(before.split(" ")), after


def find_flagged_phrases(
    texts: list[tuple[str, str]], phrases: list[tuple[str, str]]
) -> list[PhraseHit]:
    """Every occurrence of each phrase in each (where, plain text), in reading order."""
    hits = []
    for where, text in texts:
        flat = " ".join((text or "").split())
        found = []
        for phrase, why in phrases:
            if not phrase.strip():
                continue
            for match in phrase_pattern(phrase).finditer(flat):
                before, after = _context(flat, match.start(), match.end())
                found.append(
                    (match.start(), PhraseHit(phrase, why, where, before, match[0], after))
                )
        hits.extend(hit for _start, hit in sorted(found, key=lambda pair: pair[0]))
    return hits
