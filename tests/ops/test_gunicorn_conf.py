"""gunicorn.conf.py reads its numbers from the environment, with defaults from the machine."""

import os
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
VARIABLES = (
    "HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG",
    "GUNICORN_MAX_REQUESTS", "GUNICORN_PRELOAD",
)  # fmt: skip


@pytest.fixture
def conf(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(CONF))

    return load


def test_defaults_bind_loopback_and_size_workers_from_the_cores(conf):
    values = conf()

    cores = getattr(os, "process_cpu_count", os.cpu_count)()
    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["workers"] == min(2 * cores + 1, 8)
    assert values["worker_class"] == "gthread"
    assert values["threads"] >= 2
    # Rare recycling (each one was a p95 spike under load) and a preloaded app.
    assert values["max_requests"] >= 10_000
    assert 0 < values["max_requests_jitter"] < values["max_requests"]
    assert values["preload_app"] is True
    assert values["graceful_timeout"] > 0 and values["timeout"] > 0
    assert values["accesslog"] is None


def test_environment_overrides_bind_and_worker_count(conf):
    values = conf(HOST="127.0.0.2", PORT="9001", WEB_CONCURRENCY="3", GUNICORN_ACCESS_LOG="-")

    assert values["bind"] == ["127.0.0.2:9001"]
    assert values["workers"] == 3
    assert values["accesslog"] == "-"
    assert values["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == ["console"]


def test_recycling_and_preloading_can_be_turned_off(conf):
    values = conf(GUNICORN_MAX_REQUESTS="0", GUNICORN_PRELOAD="0")

    assert values["max_requests"] == 0
    assert values["preload_app"] is False


def test_the_access_log_format_holds_no_address_query_or_browser(conf):
    log_format = conf()["access_log_format"]

    for atom in ("%(h)s", "%(q)s", "%(r)s", "%(a)s", "%(f)s", "%(u)s"):
        assert atom not in log_format
    assert "%(U)s" in log_format and "x-request-id" in log_format
