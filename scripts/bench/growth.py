"""Page cost as the site grows: queries and median time per page at 1x, 10x and 100x.

    python scripts/bench/growth.py [--factors 1,10,100] [--runs 10]   (or: make bench-growth)

Builds a scratch PostgreSQL database (msportal_growth on 127.0.0.1, dropped and made again;
GROWTH_DATABASE_URL names another), loads the sample content, and for each factor copies it
until there are that many times the sample's modules, lessons, FAQs, sources and quizzes, with
a synthetic group of 20 learners per factor (2,000 at 100x) and its results dashboard. Then it
asks for every page in this process (Django's test client, no network) as a signed-in learner
with progress and a quiz attempt, and as the group's educator, with the whole-page cache off,
so each figure is the page's real work. Writes a Markdown table (with the load average,
because other work on the machine changes the times) between the growth markers in
docs/benchmarks.md; GROWTH_DOC names another file, "-" prints it.
"""

import argparse
import datetime
import os
import re
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# scripts/bench/run.py, next to this file
from run import load_average, server_connection, write_doc  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/msportal_growth"
START, END = "<!-- bench:growth:start -->", "<!-- bench:growth:end -->"
LEARNERS_PER_FACTOR = 20
QUESTION = re.compile(r'name="question" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="(\d+)"')
CONFIDENCE = re.compile(r'name="confidence" value="(\w+)"')


def _fresh_database(url):
    conn, name = server_connection(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msportal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"  # measure the work, not the cache
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # no line per request
    # Plain HTTP in this process: no redirect to https, cookies without TLS.
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = os.environ["DJANGO_SECURE_COOKIES"] = "0"
    import django
    from django.conf import settings

    django.setup()
    # Plain static file names: no collected manifest is needed to render pages.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


def _copy_content(copy):
    """One more copy of the sample content (modules with their lessons, FAQs, sources, quizzes)."""
    from learn.models import FAQ, Citation, Module, ReferenceLink
    from quizzes.models import Choice, Quiz

    suffix = f"-copy-{copy}"
    references = {}
    keys = {}  # an item and its translations share a key: a copy shares a new one

    def new_key(item):
        item.translation_key = keys.setdefault(item.translation_key, uuid.uuid4())

    for reference in ReferenceLink.objects.exclude(slug__contains="-copy-"):
        old = reference.pk
        reference.pk, reference.slug = None, reference.slug + suffix
        reference.url = f"{reference.url}#copy-{copy}"
        reference.save()
        references[old] = reference
    for module in Module.objects.exclude(slug__contains="-copy-"):
        lessons = list(module.articles.all())
        module.pk, module.slug = None, module.slug + suffix
        new_key(module)
        module.title = f"{module.title} ({copy})"
        module.save()
        for lesson in lessons:
            citations = list(lesson.citations.all())
            lesson.pk, lesson.module, lesson.slug = None, module, lesson.slug + suffix
            new_key(lesson)
            lesson.save()
            Citation.objects.bulk_create(
                Citation(
                    article=lesson,
                    reference=references.get(c.reference_id, c.reference),
                    position=c.position,
                )
                for c in citations
            )
    for faq in FAQ.objects.exclude(slug__contains="-copy-"):
        faq.pk, faq.slug = None, faq.slug + suffix
        new_key(faq)
        faq.question = f"{faq.question} ({copy})"
        faq.save()
    for quiz in Quiz.objects.exclude(slug__contains="-copy-").exclude(slug__startswith="synth"):
        questions = list(quiz.questions.prefetch_related("choices"))
        quiz.pk, quiz.slug = None, quiz.slug + suffix
        new_key(quiz)
        quiz.save()
        for question in questions:
            choices = list(question.choices.all())
            question.pk, question.quiz = None, quiz
            question.save()
            for choice in choices:
                choice.pk, choice.question = None, question
            Choice.objects.bulk_create(choices)


def _grow_to(factor, copies_made):
    for copy in range(copies_made + 1, factor):
        _copy_content(copy)
    return max(copies_made, factor - 1)


def _timed(call, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm: templates compiled, connection open
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code not in (200, 302):
            raise SystemExit(f"growth: {response.status_code} from {response.request}")
    return len(queries), statistics.median(times)


def _measure(factor, runs):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from groups.models import Assignment, LearnerGroup
    from learn.models import Article, Module
    from quizzes.models import FeedbackTiming, Quiz

    learners = LEARNERS_PER_FACTOR * factor
    call_command("create_synthetic_group", learners=learners, questions=30, replace=True)
    group = LearnerGroup.objects.get(name="Synthetic group")
    assignment = Assignment.objects.filter(group=group).latest("pk")
    User = get_user_model()
    learner, _ = User.objects.get_or_create(username="growth-learner")
    reader = Client()
    reader.force_login(learner)
    module = Module.objects.published().order_by("position", "pk").first()
    lesson = Article.objects.published().filter(module=module).order_by("position").first()
    reader.post(lesson.get_absolute_url() + "done/", {"done": "1"})
    quiz = Quiz.objects.published().exclude(slug__startswith="synth").order_by("pk").first()
    # Feedback at the end lets the same question be answered again on every run.
    Quiz.objects.filter(pk=quiz.pk).update(feedback_timing=FeedbackTiming.AT_END)
    step = reader.post(quiz.get_absolute_url())["Location"]
    page = reader.get(step).content.decode()
    answer = {"question": QUESTION.search(page).group(1), "choice": CHOICE.search(page).group(1)}
    # A quiz that asks how sure the learner is needs the answer to say so (issue 16).
    if sureness := CONFIDENCE.search(page):
        answer["confidence"] = sureness.group(1)
    attempt = step.split("?")[0]
    educator = Client()
    educator.force_login(group.educator)
    pages = {
        "home": lambda: reader.get("/"),
        "modules": lambda: reader.get(reverse("learn:module-list")),
        "module": lambda: reader.get(module.get_absolute_url()),
        "lesson": lambda: reader.get(lesson.get_absolute_url()),
        "FAQ": lambda: reader.get(reverse("learn:faq-list")),
        "search": lambda: reader.get(reverse("learn:search"), {"q": "probiotics"}),
        "quiz intro": lambda: reader.get(quiz.get_absolute_url()),
        "quiz question": lambda: reader.get(step),
        "quiz answer (POST)": lambda: reader.post(attempt + "answer/", answer),
        "results dashboard": lambda: educator.get(
            reverse("groups:assignment-detail", args=[group.pk, assignment.pk])
        ),
    }
    sizes = {
        "modules": Module.objects.count(),
        "lessons": Article.objects.count(),
        "quizzes": Quiz.objects.count(),
        "learners": learners,
    }
    return sizes, {name: _timed(call, runs) for name, call in pages.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    factors = sorted(int(value) for value in args.factors.split(","))
    url = os.environ.get("GROWTH_DATABASE_URL") or DEFAULT_DATABASE
    load_before = load_average()
    _fresh_database(url)
    _setup(url)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_sample_content", verbosity=0)
    results, copies = {}, 0
    for factor in factors:
        started = time.monotonic()
        copies = _grow_to(factor, copies)
        print(f"growth: {factor}x built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        results[factor] = _measure(factor, args.runs)
        print(f"growth: {factor}x measured; load {os.getloadavg()[0]:.1f}", file=sys.stderr)

    head = " | ".join(f"{f}x queries | {f}x median (ms)" for f in factors)
    lines = [
        f"Run {datetime.date.today().isoformat()}: `python scripts/bench/growth.py --factors"
        f" {args.factors} --runs {args.runs}` (`make bench-growth`; in-process, whole-page cache"
        f" off, PostgreSQL); {os.cpu_count()} cores; load average before: {load_before},"
        f" at the end: {load_average()}.",
        "",
        "| | " + " | ".join(f"{f}x" for f in factors) + " |",
        "| --- | " + " | ".join("---:" for _ in factors) + " |",
    ]
    for key in ("modules", "lessons", "quizzes", "learners"):
        lines.append(f"| {key} | " + " | ".join(str(results[f][0][key]) for f in factors) + " |")
    lines += ["", f"| page | {head} |", "| --- | " + " | ".join("---:" for _ in factors * 2) + " |"]
    for name in results[factors[0]][1]:
        cells = " | ".join(
            f"{results[f][1][name][0]} | {results[f][1][name][1]:.1f}" for f in factors
        )
        lines.append(f"| {name} | {cells} |")
    target = os.environ.get("GROWTH_DOC", str(ROOT / "docs" / "benchmarks.md"))
    write_doc("\n".join(lines), target, START, END)


if __name__ == "__main__":
    main()
