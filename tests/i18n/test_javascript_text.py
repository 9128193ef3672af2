"""Our scripts carry no interface text of their own: every word a script shows or announces
comes from the page, as a data attribute rendered through {% translate %} (for example
data-msg-saved on the display form, data-text-many on the quiz's time box), so it is in the
reader's language and in the catalog that tests/i18n/test_catalog.py checks. This is why the
project needs no JavaScript catalog: a new script that wrote English into the page would be
caught here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js"))  # not vendor/: third-party code

_COMMENTS = [re.compile(r"/\*.*?\*/", re.S), re.compile(r"(?m)(^|\s)//[^\n]*$")]
_LITERAL = re.compile(r"\"([^\"\\\n]*)\"|'([^'\\\n]*)'|`([^`\\]*)`")
# Words as people read them: a capitalised word followed by another ("Saved for next time").
_WORDS = re.compile(r"\b[A-Z][a-z]+[,.!?]? [A-Za-z]+")


def _texts(source: str) -> list[str]:
    for comment in _COMMENTS:
        source = comment.sub(" ", source)
    literals = (next(g for g in m.groups() if g is not None) for m in _LITERAL.finditer(source))
    return [text for text in literals if _WORDS.search(text)]


def test_the_scripts_are_found():
    assert len(SCRIPTS) >= 5


def test_no_script_writes_words_of_its_own():
    found = {script.name: _texts(script.read_text(encoding="utf-8")) for script in SCRIPTS}
    assert {name: texts for name, texts in found.items() if texts} == {}


def test_the_check_would_catch_one():
    script = 'el.textContent = "Saved for next time"; // "Not this"\nlet s = "main details";'
    assert _texts(script) == ["Saved for next time"]
