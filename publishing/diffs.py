"""A side-by-side, line-by-line diff of two texts, as data for a template.

The rows hold plain strings; the template escapes them like any other text, so the diff page
can never carry markup from a lesson into the admin. (difflib.HtmlDiff builds HTML itself,
which we would then have to trust.)
"""

import difflib
import re
from dataclasses import dataclass, field
from itertools import zip_longest

CONTEXT_LINES = 3
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class DiffRow:
    """One row: kind is "same", "changed", "removed", "added" or "gap" (unchanged lines left out).

    `old` and `new` are lists of (text, changed) pieces, so a changed line can show which
    words changed.
    """

    kind: str
    old_number: int | None = None
    new_number: int | None = None
    old: list = field(default_factory=list)
    new: list = field(default_factory=list)
    skipped: int = 0


def _merge(pieces):
    merged = []
    for text, changed in pieces:
        if merged and merged[-1][1] == changed:
            merged[-1] = (merged[-1][0] + text, changed)
        else:
            merged.append((text, changed))
    return merged


def word_pieces(old: str, new: str) -> tuple[list, list]:
    """The two lines split into (text, changed) pieces by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_pieces, new_pieces = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_pieces.append(("".join(a[i1:i2]), tag != "equal"))
        new_pieces.append(("".join(b[j1:j2]), tag != "equal"))
    return (
        _merge(piece for piece in old_pieces if piece[0]),
        _merge(piece for piece in new_pieces if piece[0]),
    )


def line_diff(old: str, new: str, context: int = CONTEXT_LINES) -> list[DiffRow]:
    """Rows comparing two texts line by line; empty when they are the same."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    rows, shown_to = [], 0
    for group in matcher.get_grouped_opcodes(context):
        if group[0][0] == "equal" and len(group) == 1:
            return []  # Nothing changed.
        if group[0][1] > shown_to:
            rows.append(DiffRow("gap", skipped=group[0][1] - shown_to))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffRow("same", i + 1, j + 1, [(a[i], False)], [(b[j], False)])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            pairs = zip_longest(range(i1, i2), range(j1, j2)) if tag == "replace" else None
            if tag == "delete":
                pairs = ((i, None) for i in range(i1, i2))
            elif tag == "insert":
                pairs = ((None, j) for j in range(j1, j2))
            for i, j in pairs:
                if i is not None and j is not None:
                    old_pieces, new_pieces = word_pieces(a[i], b[j])
                    rows.append(DiffRow("changed", i + 1, j + 1, old_pieces, new_pieces))
                elif i is not None:
                    rows.append(DiffRow("removed", old_number=i + 1, old=[(a[i], True)]))
                else:
                    rows.append(DiffRow("added", new_number=j + 1, new=[(b[j], True)]))
        shown_to = group[-1][2]
    if rows and shown_to < len(a):
        rows.append(DiffRow("gap", skipped=len(a) - shown_to))
    return rows
