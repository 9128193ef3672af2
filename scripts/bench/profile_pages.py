"""Profile pages in-process: where the time of one request goes (docs/benchmarks.md).

    python scripts/bench/profile_pages.py [--runs 300] [--top 25] [PAGE ...]

PAGE is one of healthz, lesson (signed in), lesson-anon (page cache), quiz-step (signed in),
search (signed in), api-list (anonymous); all of them when none is given. Uses the same
database and Redis as `make bench` (DATABASE_URL, REDIS_URL) after scripts/bench/prepare.py
has filled it, with DEBUG off. Prints, per page, the mean wall time per request without the
profiler, then cProfile's top functions by cumulative time (with the profiler's overhead).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msportal.settings")
os.environ.pop("DJANGO_DEBUG", None)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from learn.services import published_lessons  # noqa: E402
from quizzes.models import Quiz  # noqa: E402

LEARNER = "bench-learner"


def _learner_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username=LEARNER))
    return client


def _quiz_step(client):
    """A signed-in learner's current step of a fresh attempt at the first sample quiz."""
    quiz = Quiz.objects.published().exclude(slug__startswith="synthetic-").order_by("pk").first()
    response = client.post(quiz.get_absolute_url(), {})
    return response["Location"]


def pages():
    lesson = published_lessons().select_related("module").order_by("pk").first()
    lesson_url = lesson.get_absolute_url()
    signed_in = _learner_client()
    return {
        "healthz": (Client(), "/healthz"),
        "lesson": (signed_in, lesson_url),
        "lesson-anon": (Client(), lesson_url),
        "quiz-step": (signed_in, _quiz_step(signed_in)),
        "search": (signed_in, "/search/?q=fatigue"),
        "api-list": (Client(), "/api/v1/articles/"),
    }


def measure(client, url, runs):
    for _ in range(20):  # warm-up: imports, caches, connections
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    started = time.perf_counter()
    for _ in range(runs):
        client.get(url)
    return (time.perf_counter() - started) / runs * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    available = pages()
    for name in args.names or list(available):
        client, url = available[name]
        mean_ms = measure(client, url, args.runs)
        print(f"\n== {name} {url}: {mean_ms:.2f} ms a request (mean of {args.runs})")
        if args.top:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
