"""Time the results dashboard and its CSV export on a (synthetic) group.

    python manage.py create_synthetic_group --learners 2000 --questions 30
    python manage.py bench_dashboard --runs 20

Requests go through Django's test Client, logged in as the group's educator, so the figures
include middleware, the session, the queries and template rendering, but not a web server.
Prints a Markdown table for docs/benchmarks.md. "Cold" clears the cache before every run,
so the per-question statistics are computed afresh; "warm" is a repeat view, when only the
per-learner part is recomputed (the statistics are cached per set of counted attempts).
Clearing the cache also clears anything else in it: run this on a benchmark database.

It also times the gain dashboard (before and after, groups/gain_stats.py): the first run
gives the group a before-and-after assignment of the same quiz, with a simulated before and
after test for every member (groups/gain_demo.py); `--no-gain` leaves it out.
"""

import itertools
import math
import os
import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import Assignment, LearnerGroup


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Time the results dashboard and CSV export; print a Markdown table."

    def add_arguments(self, parser):
        parser.add_argument("--group", default="Synthetic group", help="The group's name.")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--no-gain", action="store_true", help="Skip the gain dashboard.")

    def handle(self, *args, **options):
        group = LearnerGroup.objects.filter(name=options["group"]).select_related("educator").last()
        if group is None:
            raise CommandError(
                f"No group named '{options['group']}'. Run create_synthetic_group first."
            )
        assignment = (
            Assignment.objects.filter(group=group, pre_quiz__isnull=True).order_by("-pk").first()
        )
        if assignment is None:
            raise CommandError("That group has no assignment.")
        learners = group.memberships.count()
        pages = [
            (
                "Results dashboard",
                reverse("groups:assignment-detail", args=[group.pk, assignment.pk]),
            ),
            (
                "Results CSV",
                reverse("groups:assignment-results-csv", args=[group.pk, assignment.pk]),
            ),
        ]
        if not options["no_gain"]:
            gain = _gain_assignment(group, assignment, self.stdout)
            pages.append(
                ("Gain dashboard", reverse("groups:assignment-detail", args=[group.pk, gain.pk]))
            )
        rows = []
        # The test client's host, and no HTTPS redirect, whatever the environment says.
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
            client = Client()
            client.force_login(group.educator)
            for (label, url), cold in itertools.product(pages, (True, False)):
                label += " (cold)" if cold else " (warm)"
                for _ in range(options["warmup"]):
                    self._get(client, url)
                if cold:
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    size = self._get(client, url)
                query_count = len(queries)  # now: the log is read lazily
                timings, cpu = [], []
                for _ in range(options["runs"]):
                    if cold:
                        cache.clear()
                    started, started_cpu = time.perf_counter(), time.process_time()
                    self._get(client, url)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                rows.append(
                    f"| {label} | {learners} | {options['runs']} | "
                    f"{statistics.median(timings):.0f} | {p95(timings):.0f} | "
                    f"{statistics.median(cpu):.0f} | {query_count} | "
                    f"{size / 1024:.0f} |"
                )
        load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
        self.stdout.write(
            f"Database: {connection.vendor}; quiz of {assignment.quiz.questions.count()} "
            f"questions; {os.cpu_count()} CPUs, load average {load}.\n"
            "App CPU is this process only (Django and the driver), not the database server.\n"
        )
        self.stdout.write(
            "| page | learners | runs | median (ms) | p95 (ms) | app CPU median (ms) | queries "
            "| size (KiB) |"
        )
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in rows:
            self.stdout.write(row)

    @staticmethod
    def _get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return len(response.content)


def _gain_assignment(group, assignment, stdout):
    """The group's before-and-after assignment, made and filled once (see the docstring)."""
    from groups.gain_demo import simulate_before_after

    gain = Assignment.objects.filter(group=group, pre_quiz__isnull=False).first()
    if gain is None:
        gain = Assignment.objects.create(
            group=group, quiz=assignment.quiz, pre_quiz=assignment.quiz
        )
        users = [m.user for m in group.memberships.select_related("user")]
        made = simulate_before_after(assignment=gain, users=users, seed=3)
        stdout.write(f"Made a before-and-after assignment with {made} attempts.")
        _tag_objectives(assignment.quiz)
        if connection.vendor == "postgresql":
            # Fresh row counts and visibility maps, as autovacuum would leave them after so
            # many inserts (and as create_synthetic_group does); VACUUM needs no transaction.
            vacuum = "VACUUM ANALYZE" if not connection.in_atomic_block else "ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(vacuum)
    return gain


def _tag_objectives(quiz, count=5):
    """Five learning objectives on the first module, each tagging a fifth of the quiz's
    questions, so the gain dashboard's per-objective figures are part of the timing."""
    from learn.models import Module
    from learn.objectives import LearningObjective

    module = Module.objects.order_by("pk").first()
    if module is None:
        return
    objectives = [
        LearningObjective.objects.get_or_create(
            module=module,
            code=f"bench-gain-{n}",
            defaults={"position": 100 + n, "text": f"I can explain benchmark point {n}"},
        )[0]
        for n in range(1, count + 1)
    ]
    for i, question in enumerate(quiz.questions.order_by("position")):
        question.objectives.add(objectives[i % count])
