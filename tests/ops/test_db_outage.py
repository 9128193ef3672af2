"""A real database outage under a running app server, and recovery without a restart.

Starts its own PostgreSQL cluster (whatever DATABASE_URL says) and a gunicorn with
gunicorn.conf.py, stops the cluster under it, then starts it again. Persistent connections are
on (DATABASE_CONN_MAX_AGE), the harder case: the app must notice its connections died.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ops.pg_cluster import Cluster, find_pg_bindir, free_port
from tests.services import service_missing

pytestmark = pytest.mark.outage

ROOT = Path(__file__).resolve().parents[2]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _wait_until_serving(base, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the app server exited with {server.returncode}")
        try:
            _get(f"{base}/healthz")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the app server did not start within 60 s")


def _stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_pages_answer_503_while_the_database_is_down_and_recover_without_a_restart():
    bindir = find_pg_bindir()
    if bindir is None:
        service_missing("PostgreSQL's initdb is not installed: cannot start a throwaway cluster")
    cluster = Cluster(bindir)
    server = None
    try:
        cluster.init()
        # Production settings, except static files served from the source folders (the same
        # switch pytest uses), so the test needs no collectstatic run.
        env = {key: value for key, value in os.environ.items() if not key.startswith("REDIS")}
        env |= {
            "DATABASE_URL": cluster.url(),
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "HOST": "127.0.0.1",
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            # Connections idle longer than this are health-checked before reuse (core/dbhealth.py).
            "DATABASE_HEALTH_CHECK_IDLE_SECONDS": "1",
        }
        env.pop("DJANGO_DEBUG", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True, timeout=120,
        )  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "msportal.wsgi"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{env['PORT']}"
        _wait_until_serving(base, server)

        for _ in range(3):  # both threads, each with its own connection
            assert _get(f"{base}/")[0] == 200
            assert _get(f"{base}/healthz")[0] == 200

        cluster.stop("fast")

        # The home page was just served to visitors without a session, so it comes from the
        # whole-page cache and readers keep reading; a page that needs the database says 503.
        status, _, body = _get(f"{base}/")
        assert status == 200
        assert "We will be back soon" not in body
        for _ in range(3):
            status, headers, body = _get(f"{base}/faq/")
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "We will be back soon" in body
            status, _, body = _get(f"{base}/healthz")
            assert status == 503
            assert json.loads(body) == {"status": "error", "database": "unavailable"}

        cluster.start()

        for _ in range(3):  # the 503 page was not cached
            status, _, body = _get(f"{base}/faq/")
            assert status == 200
            assert "We will be back soon" not in body
            status, _, body = _get(f"{base}/healthz")
            assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})

        # A restart while nobody asks: the idle connections died unseen. They are checked
        # before reuse (idle longer than the limit), so nobody gets a 503 afterwards.
        cluster.stop("fast")
        cluster.start()
        time.sleep(1.5)
        for _ in range(3):
            assert _get(f"{base}/faq/")[0] == 200
            assert _get(f"{base}/healthz")[0] == 200
        assert server.poll() is None, "the app server must not have restarted"
    finally:
        if server is not None:
            _stop(server)
        cluster.destroy()
