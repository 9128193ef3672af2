"""The committed catalogs hold every message the code uses, translated, and nothing it no longer
uses: `makemessages` (README, "Languages") would change nothing but dates and line layout.

It runs makemessages on the project's apps, templates and settings package, into a copy of
each catalog in a temporary directory, so the committed files are never touched. makemessages
needs GNU gettext (xgettext, msguniq, msgmerge): without it the test skips, and fails in CI,
where MSPORTAL_REQUIRE_SERVICES=1 (.ci/run installs Debian's `gettext`).
"""

import importlib
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from tests.services import service_missing

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge")


def _sources():
    """What makemessages reads: our apps, the template folders and the settings package."""
    settings_module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    settings_package = Path(settings_module.__file__).parent
    folders = {Path(config.path) for config in apps.get_app_configs()}
    folders |= {Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]}
    folders.add(settings_package)
    return sorted(folder for folder in folders if folder.parent == ROOT)  # not site-packages


def _key(entry):
    return (entry.msgctxt, entry.msgid)


@pytest.fixture
def regenerated(tmp_path, settings, monkeypatch):
    """Each language's catalog as makemessages leaves it after reading today's code."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        service_missing(
            f"GNU gettext is not installed ({', '.join(missing)} missing; Debian package "
            "`gettext`): cannot check that the catalogs match the code"
        )
    for source in _sources():
        (tmp_path / source.relative_to(ROOT)).symlink_to(source, target_is_directory=True)
    for catalog in CATALOGS:
        copy = tmp_path / catalog.relative_to(ROOT)
        copy.parent.mkdir(parents=True)
        shutil.copyfile(catalog, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    languages = [catalog.parts[-3] for catalog in CATALOGS]
    call_command("makemessages", locale=languages, symlinks=True, no_obsolete=True, verbosity=0)
    return {catalog: tmp_path / catalog.relative_to(ROOT) for catalog in CATALOGS}


def test_every_message_in_the_code_is_in_the_catalog_and_translated(regenerated):
    assert regenerated, "no catalogs found under locale/"
    for committed, fresh in regenerated.items():
        ours = {_key(entry): entry for entry in polib.pofile(str(committed))}
        theirs = {_key(entry): entry for entry in polib.pofile(str(fresh))}
        hint = f"run makemessages as README's 'Languages' says, then translate: {committed}"
        missing = sorted(key[1] for key in theirs.keys() - ours.keys())
        assert not missing, f"not in the catalog ({hint}): {missing}"
        unused = sorted(key[1] for key in ours.keys() - theirs.keys())
        assert not unused, f"no longer in the code ({hint}): {unused}"
        fresh_entries = polib.pofile(str(fresh))
        untranslated = [entry.msgid for entry in fresh_entries.untranslated_entries()]
        fuzzy = [entry.msgid for entry in fresh_entries.fuzzy_entries()]
        assert not untranslated and not fuzzy, (hint, untranslated, fuzzy)
