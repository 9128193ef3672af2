from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from core.catalogs import compile_catalogs


def pytest_sessionstart(session):
    # The .mo files are never committed: build them, as `make install` does, before any page
    # is rendered in Spanish.
    compile_catalogs([Path(__file__).resolve().parent.parent / "locale"])


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Hashing passwords the real way makes every login test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counts live in the cache, which outlives a test's database transaction.
    cache.clear()
    # A request for a Spanish page leaves Spanish active in this thread (Django does not reset
    # it after a response), so addresses reversed by the next test would start with /es/.
    translation.activate(django_settings.LANGUAGE_CODE)
