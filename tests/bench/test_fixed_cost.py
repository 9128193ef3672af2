"""The fixed-cost bench's middleware breakdown (scripts/bench/fixed_cost.py --each-middleware)."""

import sys
from pathlib import Path

import pytest
from django.conf import settings

BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench"
sys.path.insert(0, str(BENCH))

import fixed_cost  # noqa: E402

# Called as gunicorn calls it, a request opens and may close its own connection: on
# PostgreSQL that fails inside the transaction a plain database test wraps around it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_each_middleware_is_left_out_once_and_the_setting_is_restored():
    chain = list(settings.MIDDLEWARE)
    results = dict(fixed_cost.each_middleware(runs=2, repeats=2, warmup=1))
    assert list(results) == ["all", *chain, "none"]
    assert list(settings.MIDDLEWARE) == chain
    assert all(len(cpus) == 2 for cpus in results.values())
    assert all(cpu > 0 for cpu in results["all"] + results["none"])


def test_a_middleware_healthz_cannot_answer_without_is_reported_not_timed():
    # Authentication needs the session: without SessionMiddleware the request fails.
    results = dict(fixed_cost.each_middleware(runs=1, repeats=1, warmup=1))
    assert results["django.contrib.sessions.middleware.SessionMiddleware"] == [None]
    assert results["core.middleware.MessageMiddleware"][0] > 0
