"""Demo and synthetic data for groups: realistic submitted attempts, made in bulk.

`simulate_attempts` answers a quiz for many learners at once with a simple item-response
model (each learner has an ability, each question a difficulty), so the results dashboard
shows believable spreads, hard and easy questions and popular wrong answers.
`create_demo_group` gives the demo educator a small group to look at after `make run`.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from groups.demo_rows import (  # noqa: F401 (BATCH_SIZE re-exported)
    BATCH_SIZE,
    _answer,
    _insert_attempts,
    _insert_responses,
    _question_model,
)
from groups.gain_demo import simulate_before_after
from groups.models import Assignment, LearnerGroup, Membership
from groups.services import EDUCATORS, save_with_new_join_code
from quizzes.mastery import refresh_tallies
from quizzes.models import Attempt, Quiz

DEMO_GROUP_NAME = "Demo group: Tuesday clinic class"
DEMO_LEARNER_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo"]


@transaction.atomic
def simulate_attempts(
    *,
    assignment: Assignment,
    users: list,
    seed: int = 1,
    not_started: float = 0.1,
    in_progress: float = 0.05,
    second_attempt: float = 0.2,
    now: datetime.datetime | None = None,
) -> int:
    """Give each learner 0, 1 or 2 attempts at the assignment's quiz; returns attempts made.

    Some learners have not started, some are part way through, some tried twice (a little
    better the second time). Rows go in with multi-row INSERTs, in batches.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    questions = _question_model(assignment.quiz, rng)
    attempts, answers = _simulated_attempts(
        assignment=assignment,
        users=users,
        questions=questions,
        rng=rng,
        rates=(not_started, in_progress, second_attempt),
        now=now,
    )
    _insert_attempts(assignment, attempts, questions)
    _insert_responses(attempts, answers, questions, now)
    refresh_tallies(user_ids=[user.pk for user in users])
    return len(attempts)


def _simulated_attempts(*, assignment, users, questions, rng, rates, now):
    """(attempts, answers) made up for `users`, in memory: nothing is saved here."""
    not_started, in_progress, second_attempt = rates
    quiz = assignment.quiz
    attempts, answers = [], []
    for user in users:
        roll = rng.random()
        if roll < not_started or not questions:
            continue
        ability = rng.gauss(0, 1)
        tries = 2 if rng.random() < second_attempt else 1
        unfinished = roll < not_started + in_progress
        started = now - datetime.timedelta(days=rng.uniform(1, 13))
        for number in range(1, tries + 1):
            last = number == tries
            submitted = not (unfinished and last)
            attempt = Attempt(
                id=uuid.uuid4(),
                quiz=quiz,
                user=user,
                assignment=assignment,
                number=number,
                question_order=[q["question"].pk for q in questions],
            )
            answered = questions if submitted else questions[: len(questions) // 2]
            score = 0
            for q in answered:
                ok, chosen = _answer(q, ability, rng)
                score += ok
                answers.append((attempt, q, ok, chosen))
            finished = started + datetime.timedelta(minutes=rng.uniform(4, 25))
            attempt.started_at, attempt.last_activity_at = started, finished
            if submitted:
                attempt.submitted_at = finished
                attempt.score, attempt.max_score = score, len(questions)
                attempt.percent = 100 * score / len(questions)
                attempt.passed = attempt.percent >= quiz.pass_percent
            attempts.append(attempt)
            started = finished + datetime.timedelta(hours=rng.uniform(2, 48))
            ability += 0.3  # practice helps a little
    return attempts, answers


def make_learners(*, prefix: str, count: int, password: str | None = None, names=()) -> list:
    """Create `count` learner accounts in bulk; the password is hashed once for all of them.

    Without a password the accounts cannot log in (an unusable password).
    """
    password_hash = make_password(password)
    User = get_user_model()
    users = [
        User(
            username=f"{prefix}{i:05d}",
            first_name=names[i % len(names)] if names else "Learner",
            last_name=f"{i:05d}" if not names else "",
            email=f"{prefix}{i:05d}@example.invalid",
            password=password_hash,
        )
        for i in range(1, count + 1)
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35; fetch them otherwise.
    if users and users[0].pk is None:  # pragma: no cover
        users = list(User.objects.filter(username__startswith=prefix).order_by("username"))
    return users


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def create_demo_group(*, educator, learner, stdout=None) -> LearnerGroup | None:
    """A demo group run by `educator`, with `learner` and 8 synthetic learners in it, an
    assignment of the first published quiz and submitted attempts, so the dashboard shows
    statistics. Running it again changes nothing.
    """
    educators, _created = Group.objects.get_or_create(name=EDUCATORS)
    educator.groups.add(educators)
    group = LearnerGroup.objects.filter(educator=educator, name=DEMO_GROUP_NAME).first()
    if group is None:
        group = LearnerGroup(
            educator=educator,
            name=DEMO_GROUP_NAME,
            description="A practice group with made-up learners, to try the results dashboard.",
        )
        save_with_new_join_code(group)
        _say(stdout, f"Created the demo group (join code {group.join_code}).")
    User = get_user_model()
    prefix = f"demo-{educator.pk}-learner-"
    others = list(User.objects.filter(username__startswith=prefix).order_by("username"))
    if not others:
        others = make_learners(
            prefix=prefix, count=len(DEMO_LEARNER_NAMES), names=DEMO_LEARNER_NAMES
        )
    for user in [learner, *others]:
        Membership.objects.get_or_create(group=group, user=user)

    quiz = Quiz.objects.published().order_by("pk").first()
    if quiz is None:
        _say(stdout, "No published quiz yet: the demo group has no assignment.")
        return group
    assignment = group.assignments.filter(quiz=quiz, pre_quiz__isnull=True).first()
    if assignment is None:
        now = timezone.now()
        assignment = Assignment.objects.create(
            group=group,
            quiz=quiz,
            opens_at=now - datetime.timedelta(days=14),
            due_at=now + datetime.timedelta(days=7),
            instructions="Read the lessons of this module first. Take your time.",
        )
    if not assignment.attempts.filter(user__in=others).exists():
        made = simulate_attempts(
            assignment=assignment, users=others, seed=7, not_started=0, in_progress=0
        )
        _say(stdout, f"Added {made} demo attempts to '{quiz.title}'.")
    _demo_before_after(group, others, stdout)
    return group


def _demo_before_after(group, others, stdout):
    """A before-and-after assignment of the second published quiz (else the first), with
    simulated before and after tests for the made-up learners (groups/gain_demo.py)."""
    quizzes = list(Quiz.objects.published().order_by("pk")[:2])
    quiz = quizzes[-1]
    assignment = group.assignments.filter(pre_quiz__isnull=False).first()
    if assignment is None:
        now = timezone.now()
        assignment = Assignment.objects.create(
            group=group,
            quiz=quiz,
            pre_quiz=quiz,
            opens_at=now - datetime.timedelta(days=14),
            instructions="Take the before test, read the module, then take the after test.",
        )
    if not assignment.attempts.filter(user__in=others).exists():
        made = simulate_before_after(assignment=assignment, users=others, seed=11)
        _say(stdout, f"Added {made} before-and-after demo attempts to '{quiz.title}'.")
