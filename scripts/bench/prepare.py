"""Get a benchmark database ready and write the addresses the load test visits (JSON).

    python scripts/bench/prepare.py TARGETS.json [--learners 2000]

Run by scripts/bench/run.py with the benchmark's DATABASE_URL. It migrates, loads the sample
content (missing items only), makes demo-like accounts (bench-editor, bench-learner and the
educator of the synthetic group), builds the synthetic group once (create_synthetic_group)
and gives its educator the password in BENCH_PASSWORD, so the load test can log in.
Running it again on the same database reuses everything.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from groups.models import Assignment, LearnerGroup  # noqa: E402
from groups.services import EDUCATORS  # noqa: E402
from learn.models import Module  # noqa: E402
from learn.services import published_lessons  # noqa: E402
from quizzes.models import Quiz  # noqa: E402

GROUP_NAME = "Synthetic group"
EDUCATOR = "synthetic-educator"
# Words people look for, one with a typo (PostgreSQL then also runs the near-spelling query).
SEARCHES = ["fatigue", "probiotics", "myelin", "gut bacteria", "vitamin D", "diet", "mielin"]


def _accounts(password):
    """bench-editor (staff, Editors), bench-learner, and the synthetic group's educator."""
    User = get_user_model()
    for username, role, staff in [
        ("bench-editor", "Editors", True),
        ("bench-learner", None, False),
    ]:
        user, _created = User.objects.get_or_create(username=username)
        user.is_staff = staff
        user.set_password(password)
        user.save()
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])


def _synthetic_group(learners, password):
    group = LearnerGroup.objects.filter(name=GROUP_NAME, educator__username=EDUCATOR).first()
    if group is None or group.memberships.count() != learners:
        call_command(
            "create_synthetic_group", learners=learners, questions=30, replace=group is not None
        )
        group = LearnerGroup.objects.get(name=GROUP_NAME, educator__username=EDUCATOR)
    educator = group.educator
    educator.set_password(password)
    educator.save(update_fields=["password"])
    educator.groups.add(Group.objects.get_or_create(name=EDUCATORS)[0])
    return group


def _learner_sessions(count):
    """Signed-in sessions of bench-learner (the closed-loop run's learners), and the address
    of a step of the learner's quiz attempt (started here, or the one in progress)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from quizzes.services import attempt_start_or_resume

    learner = get_user_model().objects.get(username="bench-learner")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for _ in range(count):
        session = store()
        session[SESSION_KEY] = str(learner.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
        session.create()
        session.save()
        keys.append(session.session_key)
    quiz = Quiz.objects.published().exclude(slug__startswith="synthetic-").order_by("pk").first()
    attempt, _created = attempt_start_or_resume(quiz=quiz, user=learner, visitor_id="")
    return keys, attempt.get_absolute_url()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", type=Path)
    parser.add_argument("--learners", type=int, default=2000)
    args = parser.parse_args()
    password = os.environ["BENCH_PASSWORD"]

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_sample_content", verbosity=0)
    _accounts(password)
    group = _synthetic_group(args.learners, password)
    sessions, quiz_step = _learner_sessions(50)
    assignment = Assignment.objects.filter(group=group).order_by("-pk").first()

    targets = {
        "modules": [module.get_absolute_url() for module in Module.objects.published()],
        "lessons": [
            lesson.get_absolute_url()
            for lesson in published_lessons().select_related("module").order_by("pk")
        ],
        "quizzes": [
            quiz.get_absolute_url()
            for quiz in Quiz.objects.published().exclude(slug__startswith="synthetic-")
        ],
        "searches": SEARCHES,
        "educator": {"username": EDUCATOR, "password": password},
        "dashboard": reverse("groups:assignment-detail", args=[group.pk, assignment.pk]),
        "csv": reverse("groups:assignment-results-csv", args=[group.pk, assignment.pk]),
        "learners": group.memberships.count(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "learner_sessions": sessions,
        "quiz_step": quiz_step,
    }
    args.targets.write_text(json.dumps(targets, indent=2))
    print(
        f"prepare: {len(targets['modules'])} modules, {len(targets['lessons'])} lessons, "
        f"{len(targets['quizzes'])} quizzes, group of {targets['learners']} learners."
    )


if __name__ == "__main__":
    main()
