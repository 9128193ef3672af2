"""The content caches' defaults (msportal/settings.py): on only where every process reads the
same cache, since an edit moves the content generation in the cache and a process with a
memory cache of its own would keep serving the old page (found with `make serve` without
Redis: a lesson edited in one process stayed old in the other workers)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings as s; "
    "print(s.PUBLIC_PAGE_CACHE_SECONDS, s.SHARED_FRAGMENT_CACHE_SECONDS)"
)


def _defaults(**env):
    """The two settings as a server process outside the test run reads them."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "REDIS_URL", "DJANGO_DEBUG"}
        and not key.endswith("_CACHE_SECONDS")
    }
    base |= {"DJANGO_SETTINGS_MODULE": "msportal.settings", "DJANGO_SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        env=base | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["0", "0"]),  # memory cache: one per process
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, ["60", "600"]),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0", "DJANGO_DEBUG": "1"}, ["0", "0"]),
        ({"PUBLIC_PAGE_CACHE_SECONDS": "30"}, ["30", "0"]),  # asked for: one process
    ],
)
def test_content_caches_default_on_only_with_a_cache_every_process_shares(env, expected):
    assert _defaults(**env) == expected
