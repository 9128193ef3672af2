"""The Spanish catalog is complete, and catalogs are compiled without GNU gettext."""

import re
import subprocess
from pathlib import Path

import django
import polib
from django.conf import settings

from core.catalogs import compile_catalogs

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdf]|%[sdf]|\{[a-z_]*\}")


def test_there_is_a_catalog_for_every_language_but_english():
    languages = {path.parts[-3] for path in CATALOGS}
    assert languages == {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete():
    for path in CATALOGS:
        catalog = polib.pofile(str(path))
        assert [e.msgid for e in catalog.untranslated_entries()] == [], path
        assert [e.msgid for e in catalog.fuzzy_entries()] == [], path
        assert [e.msgid for e in catalog.obsolete_entries()] == [], path
        assert catalog.percent_translated() == 100, path


def test_translations_keep_every_placeholder():
    for path in CATALOGS:
        for entry in polib.pofile(str(path)):
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                forms = entry.msgstr_plural
                pairs = [(entry.msgid, forms[0])]
                pairs += [(entry.msgid_plural, forms[n]) for n in sorted(forms) if n > 0]
            for source, translation in pairs:
                wanted = set(PLACEHOLDER.findall(source))
                assert set(PLACEHOLDER.findall(translation)) == wanted, (path, source)


def test_catalogs_compile_in_pure_python_and_the_result_is_never_committed(tmp_path):
    messages = tmp_path / "xx" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Learn", msgstr="Lernen"))
    po.append(polib.POEntry(msgid="Guess", msgstr="Raten", flags=["fuzzy"]))
    po.save(str(messages / "django.po"))
    assert compile_catalogs([tmp_path]) == [messages / "django.mo"]
    compiled = polib.mofile(str(messages / "django.mo"))
    assert {e.msgid: e.msgstr for e in compiled} == {"Learn": "Lernen"}  # fuzzy left out
    assert compile_catalogs([tmp_path]) == []  # up to date: not written again
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "locale/es/LC_MESSAGES/django.mo"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0


# Our catalog comes first (LOCALE_PATHS), so an entry with the same words as one of Django's
# replaces Django's everywhere: our "May" (what a token may do) once renamed the month of May.
# Give such words a context ({% translate "May" context "…" %}); these differ harmlessly.
SAME_MEANING = {"Change", "View", "History", "Remove"}


def test_no_entry_changes_one_of_djangos_own_translations():
    django_root = Path(django.__file__).parent
    for path in CATALOGS:
        language = path.parts[-3]
        theirs = {}
        for catalog in django_root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(catalog)):
                if entry.msgstr and not entry.msgctxt:
                    theirs.setdefault(entry.msgid, set()).add(entry.msgstr)
        assert "May" in theirs, "Django's own catalogs were not found"
        clashes = {
            entry.msgid: (entry.msgstr, theirs[entry.msgid])
            for entry in polib.pofile(str(path))
            if not entry.msgctxt
            and entry.msgid in theirs
            and entry.msgid not in SAME_MEANING
            and entry.msgstr not in theirs[entry.msgid]
        }
        assert not clashes, clashes
