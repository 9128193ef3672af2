"""gunicorn settings for msportal: `make serve` here, and production (docs/deploy.md).

Every value can be changed from the environment, so one file serves every machine.
"""

import json
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores():
    # process_cpu_count (3.13+) respects CPU affinity (containers pinned to some cores).
    counter = getattr(os, "process_cpu_count", os.cpu_count)
    return counter() or 1


# Loopback unless told otherwise: a load balancer or proxy in front terminates TLS.
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]

# Processes: 2 per core + 1 is gunicorn's rule of thumb; capped so a big machine does not
# open more database connections than PostgreSQL allows. WEB_CONCURRENCY overrides it.
workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, 8))
# Threads let a process keep serving while one request waits on the database or the network.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A request taking longer than this is stuck: its worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy), requests in flight get this long to finish before workers stop.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the default 2 s, so a load balancer's kept-alive connections are reused.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Replace each worker after about this many requests (jitter: not all at once), a safety net
# should memory ever creep up. Memory per worker was measured flat over thousands of requests
# (docs/benchmarks.md), and each replacement showed as a p95 spike under load, so it is rare:
# at 150 requests a second a worker lives about 6 minutes. 0 turns it off.
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)

# Load the app once in the master, then fork the workers: they share its memory pages (less
# memory per worker) and a replaced worker is ready at once instead of importing everything
# again. Code changes then need a restart of gunicorn, not only a HUP. 0 turns it off.
preload_app = _int("GUNICORN_PRELOAD", 1) == 1


def pre_fork(server, worker):
    """No database connection opened while loading the app may be shared with a worker."""
    if preload_app:
        from django.db import connections

        connections.close_all()


# Worker heartbeats in memory rather than on a disk that may stall (containers).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own advice; only heartbeat files go there
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

# gunicorn's control socket lives at one path per user; two servers on one machine would
# fight over it, and nothing here uses it.
control_socket_disable = True

# The app writes one JSON line per request itself (msportal.request: id, path, status, time,
# user kind), so gunicorn's own access log is off unless asked for. When on, it is JSON with
# the same fields and, like the app's, no client address, query string, referrer or browser.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "request_id": "%({x-request-id}o)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
    }
)

# gunicorn's own messages (start, worker boot and exit, timeouts) as JSON lines too.
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
        # With a logging config, gunicorn writes access lines whether or not accesslog is set.
        "gunicorn.access": {
            "handlers": ["console"] if accesslog else [],
            "level": "INFO" if accesslog else "WARNING",
            "propagate": False,
        },
    },
}
