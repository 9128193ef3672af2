"""Database health checks only for connections that sat idle (core/dbhealth.py)."""

import time

import pytest
from django.db import DatabaseError, connection

from core import dbhealth

pytestmark = pytest.mark.django_db


def test_a_query_stamps_its_connection():
    setattr(connection, dbhealth._LAST_USE, time.monotonic() - 100)

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    assert time.monotonic() - getattr(connection, dbhealth._LAST_USE) < 5


def test_a_request_that_asks_nothing_of_the_database_does_not_refresh_the_stamp(client):
    # A page from the whole-page cache, or a static file: the connection may have died under
    # it unseen, so it must still count as idle afterwards.
    connection.ensure_connection()
    stale = time.monotonic() - 100
    setattr(connection, dbhealth._LAST_USE, stale)

    client.get("/static/css/site.css")

    assert getattr(connection, dbhealth._LAST_USE) == stale


def test_a_failed_query_does_not_stamp():
    stale = time.monotonic() - 100
    setattr(connection, dbhealth._LAST_USE, stale)

    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")

    assert getattr(connection, dbhealth._LAST_USE) == stale


def test_the_stamp_is_installed_once_however_often_the_connection_reopens():
    connection.ensure_connection()
    dbhealth._watch(sender=None, connection=connection)
    dbhealth._watch(sender=None, connection=connection)

    assert connection.execute_wrappers.count(dbhealth._note_answer) == 1


def test_a_connection_used_a_moment_ago_skips_the_check(settings):
    settings.DATABASE_HEALTH_CHECK_IDLE_SECONDS = 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
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
