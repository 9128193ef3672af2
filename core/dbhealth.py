"""Database health checks that cost no round trip on a busy server.

Django's CONN_HEALTH_CHECKS sends a `SELECT 1` before the first query of every request that
reuses a connection. On a busy server that is one extra round trip per request, though a
connection used a moment ago is as good as certain to work; and when the database does fail
under traffic, the failing request marks its connection and Django drops it at the end of that
request (core.middleware.RequestMiddleware answers 503 meanwhile).

So the check is kept only for a connection that has not answered a query for longer than
DATABASE_HEALTH_CHECK_IDLE_SECONDS (settings; 10 by default): the case the check is for, a
connection that died (a database restart, a network timeout) while nothing used it.

"Answered a query" is taken literally: the time is stamped when a query returns, not when a
request ends. A request that touched no database (a page from the whole-page cache) must not
make a connection that died under it look fresh.
"""

import time

from django.conf import settings
from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created

_LAST_USE = "_msportal_last_use"


def _note_answer(execute, sql, params, many, context):
    """An execute wrapper: stamp the connection when the database has answered."""
    result = execute(sql, params, many, context)
    setattr(context["connection"], _LAST_USE, time.monotonic())
    return result


def _watch(sender, connection, **kwargs):
    """On each new database connection: make its queries stamp it (once per wrapper)."""
    if _note_answer not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_answer)


def _skip_recent_checks(**kwargs):
    """At the start of a request (after Django's close_old_connections asked for a check):
    a connection that answered a query within the idle limit is taken as healthy."""
    limit = settings.DATABASE_HEALTH_CHECK_IDLE_SECONDS
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        last_use = getattr(connection, _LAST_USE, None)
        if connection.connection is not None and last_use is not None and now - last_use < limit:
            connection.health_check_done = True


def connect():
    connection_created.connect(_watch, dispatch_uid="core.dbhealth.watch")
    request_started.connect(_skip_recent_checks, dispatch_uid="core.dbhealth.skip")
