"""Two API clients submitting (or answering and submitting) the same attempt at once.

As in tests/quizzes/test_concurrency.py: on PostgreSQL the requests really run together, each
thread with its own connection; SQLite runs write transactions one at a time, so there they
run one after the other.
"""

import json

import pytest
from django.test import Client

from quizzes import services
from quizzes.models import Attempt, Response
from tests.api.conftest import bearer
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice
from tests.quizzes.test_concurrency import grading_updates, run

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(path, headers):
    def call():
        response = Client().post(path, "{}", content_type="application/json", headers=headers)
        return response.status_code, response.json()

    return call


def test_two_submits_at_once_through_the_api_grade_once():
    user = make_user()
    quiz = make_quiz(questions=3)
    attempt = services.attempt_start(quiz=quiz, user=user)
    for question in list(quiz.questions.all())[:2]:
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
        )
    headers = bearer(user)
    path = f"/api/v1/attempts/{attempt.pk}/submit/"

    ((one_status, one), one_sql), ((two_status, two), two_sql) = run(
        _submit(path, headers), _submit(path, headers)
    )

    assert one_status == two_status == 200
    assert len(grading_updates(one_sql)) + len(grading_updates(two_sql)) == 1
    assert one["submitted_at"] == two["submitted_at"]
    assert (one["score"], one["max_score"]) == (two["score"], two["max_score"]) == (2.0, 3.0)
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.score, stored.max_score, stored.passed) == (2.0, 3.0, False)


def test_an_answer_racing_a_submit_through_the_api_is_graded_or_refused():
    user = make_user()
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = services.attempt_start(quiz=quiz, user=user)
    headers = bearer(user)

    def answer():
        body = json.dumps({"question": question.pk, "choices": [right_choice(question).pk]})
        response = Client().post(
            f"/api/v1/attempts/{attempt.pk}/responses/",
            body,
            content_type="application/json",
            headers=headers,
        )
        return response.status_code, response.json()

    ((answer_status, answered), _), ((submit_status, _graded), _) = run(
        answer, _submit(f"/api/v1/attempts/{attempt.pk}/submit/", headers)
    )

    assert submit_status == 200
    assert answer_status in (200, 409)
    if answer_status == 409:
        assert answered["error"]["code"] == "attempt_submitted"
    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.score == float(Response.objects.filter(attempt=attempt).count())
