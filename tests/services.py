"""Tests that need a machine service (PostgreSQL, Redis, initdb) skip with a reason when it is
missing on a developer's machine, and fail in CI, where MSPORTAL_REQUIRE_SERVICES=1 (.ci/run)."""

import os

import pytest


def service_missing(reason):
    """Skip the test, or fail it when the environment says the services must be there."""
    if os.environ.get("MSPORTAL_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} (MSPORTAL_REQUIRE_SERVICES is set)")
    pytest.skip(reason)
