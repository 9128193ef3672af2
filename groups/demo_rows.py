"""Bulk rows for made-up results (groups.demo, groups.gain_demo): a simple item-response model
of a quiz's questions, and multi-row INSERTs of attempts, answers and their choices.
"""

import math
import random

from django.db import connection

from quizzes.attempt_models import Confidence
from quizzes.models import Attempt, Question, QuestionKind, Quiz, Response, ResponseChoice

BATCH_SIZE = 2000


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


def _insert_attempts(assignment, attempts, questions, quiz=None):
    quiz = quiz or assignment.quiz
    # Tens of thousands of rows: multi-row INSERTs of values each prepared once by its model
    # field (a snapshot per question, an id per attempt) are many times faster than
    # bulk_create, and keep the simulated times that auto_now fields would overwrite.
    attempt_fields = [
        *("id", "quiz", "user", "visitor_id", "assignment", "number", "question_order"),
        *("choice_order", "flagged", "started_at", "last_activity_at", "submitted_at"),
        *("score", "max_score", "percent", "passed", "language"),
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
                "en",  # the demo quizzes have no published translation
            )
            for a in attempts
        ],
    )


def _simulated_confidence(asked: bool, ok: bool, user_id: int, question_id: int) -> str:
    """How sure a simulated learner says they were: mostly sure when right; when wrong, a
    third each sure, fairly sure and guessing, so the dashboard has confidently wrong answers.
    Worked out from the ids rather than drawn, so the seeded answers stay the same."""
    if not asked:
        return ""
    turn = (user_id + question_id) % 3
    if ok:
        return Confidence.FAIRLY_SURE if turn == 0 else Confidence.SURE
    return (Confidence.SURE, Confidence.FAIRLY_SURE, Confidence.GUESSING)[turn]


def _insert_responses(attempts, answers, questions, now):
    answered_at = _prep(Response, "answered_at", now)
    snapshots = {q["question"].pk: _prep(Response, "snapshot", q["snapshot"]) for q in questions}
    attempt_ids = {a.id: _prep(Attempt, "id", a.id) for a in attempts}
    asked = bool(attempts) and attempts[0].quiz.ask_confidence
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
                    _simulated_confidence(asked, ok, attempt.user_id, q["question"].pk),
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
