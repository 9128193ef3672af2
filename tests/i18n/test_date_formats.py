"""Dates read the way each language writes them (msportal/formats/)."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.datetime(2026, 12, 5, 14, 30)


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("en", "DATE_FORMAT", "5 December 2026"),
        ("es", "DATE_FORMAT", "5 de diciembre de 2026"),
        ("en", "DATETIME_FORMAT", "5 December 2026, 14:30"),
        ("es", "DATETIME_FORMAT", "5 de diciembre de 2026, 14:30"),
        ("en", "YEAR_MONTH_FORMAT", "December 2026"),
        ("es", "YEAR_MONTH_FORMAT", "diciembre de 2026"),
        ("es", "MONTH_DAY_FORMAT", "5 de diciembre"),
    ],
)
def test_a_named_format_reads_in_the_active_language(language, name, expected):
    with translation.override(language):
        assert formats.date_format(DAY, name) == expected


# A date written with a pattern of letters ("j F Y") reads in English word order in every
# language; templates and code name a format instead.
_PATTERN = re.compile(r"""(?:\|(?:date|when):|date_format\([^)]*,\s*|fmt=)["']([^"']+)["']""")
# Machine formats, and the few that read the same in every language (numbers and a short month).
_ALLOWED = {"c", "Y-m-d", "U", "H:i T", "j M, H:i"}


def test_no_template_or_module_spells_a_date_pattern_out():
    files = subprocess.run(
        ["git", "ls-files", "*.html", "*.txt", "*.py"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    found = []
    for name in files:
        if name.startswith(("tests/", "msportal/formats/")) or "/migrations/" in name:
            continue
        for pattern in _PATTERN.findall((ROOT / name).read_text(encoding="utf-8")):
            if not pattern.endswith("_FORMAT") and pattern not in _ALLOWED:
                found.append(f"{name}: {pattern}")
    assert found == []


def test_the_pattern_check_would_find_one():
    assert _PATTERN.findall('{{ when|date:"j F Y" }}') == ["j F Y"]
