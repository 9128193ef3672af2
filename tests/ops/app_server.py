"""Real app servers for the ops tests: scratch PostgreSQL databases, gunicorn, a browser.

A test gets a migrated scratch database on the machine's PostgreSQL server (copied from a
template that is migrated once per run), starts gunicorn with gunicorn.conf.py on free
loopback ports, and talks to it like a browser without JavaScript: cookies kept, redirects
not followed, the CSRF token read from its cookie and sent back with each form.
"""

import http.cookiejar
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.ops.pg_cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"


def admin_sql(sql):
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def server_reachable():
    try:
        admin_sql("SELECT 1")
    except psycopg.OperationalError:
        return False
    return True


def base_env(database_url, **extra):
    """Production settings (DEBUG off) for a server or a script on the scratch database.

    PYTEST_VERSION stays set, as in test_db_outage: static files then come from the source
    folders, so no collectstatic run is needed. Redis only when the caller passes REDIS_URL.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS", "DATABASE_", "GUNICORN_", "WEB_"))
    }
    return (
        env
        | {
            "DATABASE_URL": database_url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "msportal.settings",
        }
        | extra
    )


def run_script(code, env):
    """Run Python code with Django set up on the scratch database; returns its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def scratch_database(template, prefix):
    """A copy of the migrated template, named <prefix>_<random>; returns (name, url)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    return name, f"{SERVER}/{name}"


def drop_database(name):
    admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class AppServer:
    """gunicorn (gunicorn.conf.py) in its own process group on a free loopback port."""

    def __init__(self, env, log_dir):
        self.port = free_port()
        self.env = env | {
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
        }
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"server-{self.port}.log"
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "msportal.wsgi"],
                cwd=ROOT, env=self.env, start_new_session=True, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the app server exited with {self.process.returncode}: {self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"the app server did not start within 60 s: {self.log()}")

    def kill(self):
        """SIGKILL to the whole process group: master and workers die at once, no clean-up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log(self):
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor's cookies, used against any server (the cookies are for 127.0.0.1)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, base, path, data=None):
        """(status, Location header, body text) of one GET, or POST when data is given."""
        body = None
        headers = {}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers = {"X-CSRFToken": self.cookie("csrftoken"), "Referer": base + path}
        request = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=20) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def get(self, base, path):
        return self.request(base, path)

    def post(self, base, path, data):
        return self.request(base, path, data)


def path_of(location):
    """The path and query of a redirect's Location (absolute or relative)."""
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
