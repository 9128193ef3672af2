"""Database health checks that cost no round trip on a busy server.

Django's CONN_HEALTH_CHECKS sends a `SELECT 1` before the first query of every request that
reuses a connection. On a busy server that is one extra round trip per request, though a
connection used a moment ago is as good as certain to work; and when the database does fail
under traffic, the failing request marks its connection and Django drops it at the end of that
request (core.middleware.DatabaseUnavailableMiddleware answers 503 meanwhile).

So the check is kept only for a connection that sat idle longer than
DATABASE_HEALTH_CHECK_IDLE_SECONDS (settings; 10 by default): the case the check is for, a
connection that died (a database restart, a network timeout) while nothing used it.
"""

import time

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connections

_LAST_USE = "_msportal_last_use"


def _stamp(**kwargs):
    """At the end of a request: remember when each open connection was last used."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            setattr(connection, _LAST_USE, now)


def _skip_recent_checks(**kwargs):
    """At the start of a request (after Django's close_old_connections asked for a check):
    a connection used within the idle limit is taken as healthy."""
    limit = settings.DATABASE_HEALTH_CHECK_IDLE_SECONDS
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        last_use = getattr(connection, _LAST_USE, None)
        if connection.connection is not None and last_use is not None and now - last_use < limit:
            connection.health_check_done = True


def connect():
    request_started.connect(_skip_recent_checks, dispatch_uid="core.dbhealth.skip")
    request_finished.connect(_stamp, dispatch_uid="core.dbhealth.stamp")
