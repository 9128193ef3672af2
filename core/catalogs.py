"""Compile the translation catalogs (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Django's own `compilemessages` needs GNU gettext's msgfmt, a system package. polib does the
same in pure Python, so `make install`, CI and the test set-up need nothing from the system.
The .mo files are build output: never committed (.gitignore), rebuilt when their .po is newer.
"""

from pathlib import Path

import polib


def compile_catalogs(locale_dirs, *, force=False):
    """Write each catalog's .mo next to its .po when missing or older; return the paths written."""
    written = []
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                # Fuzzy entries are left out, as msgfmt does: a guess is not a translation.
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                written.append(mo_path)
    return written
