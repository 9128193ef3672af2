"""Database health checks only for connections that sat idle (core/dbhealth.py)."""

import time

import pytest
from django.db import connection

from core import dbhealth

pytestmark = pytest.mark.django_db


def test_a_request_stamps_its_connection(client):
    client.get("/healthz")

    assert time.monotonic() - getattr(connection, dbhealth._LAST_USE) < 5


def test_a_connection_used_a_moment_ago_skips_the_check(settings):
    settings.DATABASE_HEALTH_CHECK_IDLE_SECONDS = 10
    connection.ensure_connection()
    dbhealth._stamp()
    connection.health_check_done = False  # what close_old_connections leaves at a request start

    dbhealth._skip_recent_checks()

    assert connection.health_check_done is True


def test_an_idle_connection_is_still_checked(settings):
    settings.DATABASE_HEALTH_CHECK_IDLE_SECONDS = 10
    connection.ensure_connection()
    setattr(connection, dbhealth._LAST_USE, time.monotonic() - 11)
    connection.health_check_done = False

    dbhealth._skip_recent_checks()

    assert connection.health_check_done is False
