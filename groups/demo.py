"""Demo and synthetic data for groups: realistic submitted attempts, made in bulk.

`simulate_attempts` answers a quiz for many learners at once with a simple item-response
model (each learner has an ability, each question a difficulty), so the results dashboard
shows believable spreads, hard and easy questions and popular wrong answers.
`create_demo_group` gives the demo educator a small group to look at after `make run`.
"""

import datetime
import math
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from groups.models import Assignment, LearnerGroup, Membership
from groups.services import EDUCATORS, save_with_new_join_code
from quizzes.models import Attempt, Question, QuestionKind, Quiz, Response, ResponseChoice

BATCH_SIZE = 2000
DEMO_GROUP_NAME = "Demo group: Tuesday clinic class"
DEMO_LEARNER_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo"]


def _question_model(quiz: Quiz, rng: random.Random) -> list[dict]:
    """Each question with its choices, a difficulty and how sharply it separates learners."""
    questions = []
    for question in Question.objects.filter(quiz=quiz).prefetch_related("choices"):
        choices = list(question.choices.all())
        right = [c for c in choices if c.is_correct]
        wrong = [c for c in choices if not c.is_correct]
        # The wrong choice with a misconception label tempts more people than the others.
        weights = [4 if c.misconception else 1 for c in wrong]
        questions.append(
            {
                "question": question,
                "right": right,
                "wrong": wrong,
                "weights": weights,
                "difficulty": rng.uniform(-2.2, 1.8),
                "slope": rng.uniform(0.4, 2.2),
                "snapshot": {
                    "prompt": question.prompt,
                    "kind": question.kind,
                    "choices": [
                        {"id": c.pk, "text": c.text, "is_correct": c.is_correct} for c in choices
                    ],
                },
            }
        )
    return questions


def _answer(q: dict, ability: float, rng: random.Random) -> tuple[bool, list]:
    chance = 1 / (1 + math.exp(-q["slope"] * (ability - q["difficulty"])))
    if rng.random() < chance or not q["wrong"]:
        if q["question"].kind == QuestionKind.MULTIPLE:
            return True, q["right"]
        return True, q["right"][:1]
    return False, rng.choices(q["wrong"], weights=q["weights"])


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


def _insert_attempts(assignment, attempts, questions, quiz=None):
    quiz = quiz or assignment.quiz
    # Tens of thousands of rows: multi-row INSERTs of values each prepared once by its model
    # field (a snapshot per question, an id per attempt) are many times faster than
    # bulk_create, and keep the simulated times that auto_now fields would overwrite.
    attempt_fields = [
        *("id", "quiz", "user", "visitor_id", "assignment", "number", "question_order"),
        *("choice_order", "flagged", "started_at", "last_activity_at", "submitted_at"),
        *("score", "max_score", "percent", "passed"),
    ]
    question_order = _prep(Attempt, "question_order", [q["question"].pk for q in questions])
    empty_dict, empty_list = _prep(Attempt, "choice_order", {}), _prep(Attempt, "flagged", [])
    _insert(
        Attempt,
        attempt_fields,
        [
            (
                _prep(Attempt, "id", a.id),
                quiz.pk,
                a.user_id,
                "",
                assignment.pk,
                a.number,
                question_order,
                empty_dict,
                empty_list,
                _prep(Attempt, "started_at", a.started_at),
                _prep(Attempt, "last_activity_at", a.last_activity_at),
                _prep(Attempt, "submitted_at", a.submitted_at),
                a.score,
                a.max_score,
                a.percent,
                a.passed,
            )
            for a in attempts
        ],
    )


def _insert_responses(attempts, answers, questions, now):
    answered_at = _prep(Response, "answered_at", now)
    snapshots = {q["question"].pk: _prep(Response, "snapshot", q["snapshot"]) for q in questions}
    attempt_ids = {a.id: _prep(Attempt, "id", a.id) for a in attempts}
    for start in range(0, len(answers), BATCH_SIZE):
        batch = answers[start : start + BATCH_SIZE]
        _insert(
            Response,
            ["attempt", "question", "is_correct", "score", "snapshot", "answered_at", "confidence"],
            [
                (
                    attempt_ids[attempt.id],
                    q["question"].pk,
                    ok,
                    1.0 if ok else 0.0,
                    snapshots[q["question"].pk],
                    answered_at,
                    "",
                )
                for attempt, q, ok, _chosen in batch
            ],
        )
        # Response ids, read back by their unique (attempt, question) pair.
        batch_attempts = {attempt.id for attempt, _q, _ok, _c in batch}
        response_ids = {
            (attempt_id, question_id): pk
            for pk, attempt_id, question_id in Response.objects.filter(
                attempt_id__in=batch_attempts
            ).values_list("pk", "attempt_id", "question_id")
        }
        _insert(
            ResponseChoice,
            ["response", "choice"],
            [
                (response_ids[(attempt.id, q["question"].pk)], choice.pk)
                for attempt, q, _ok, chosen in batch
                for choice in chosen
            ],
        )


def _prep(model, name, value):
    """A value as the database driver wants it, prepared by the model field itself."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def _insert(model, names, rows):
    """INSERT prepared rows, many per statement (within the backend's parameter limit)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = min(1000, connection.ops.bulk_batch_size(fields, rows) or 1000)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            # Table and column names come from the model, every value is a parameter.
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
                + ", ".join([placeholder] * len(chunk)),
                [value for row in chunk for value in row],
            )


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
    from groups.gain_demo import simulate_before_after

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
