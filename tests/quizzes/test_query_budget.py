"""Quiz pages run a fixed number of queries: 5 questions or 40, the count is the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learn.objectives import LearningObjective
from quizzes.models import FeedbackTiming
from tests.factories import make_article, make_module, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

# Measured on SQLite and PostgreSQL (session and user included). A page that needs more has
# grown a query somewhere: find it before raising the number.
BUDGET = {
    "quiz list": 5,
    "quiz page": 4,
    "step": 4,  # session, user, attempt, its answers: the words are from the shared cache
    "step htmx": 4,
    "answer htmx": 14,  # the answer is written in a savepoint, then the next step is rendered
    "flag htmx": 8,
    "submit check": 4,
    "result": 11,  # 8, the questions' objectives with this attempt's answers, mastery, and the
    # "Practise now" count (review app) when questions were missed
}


def count_queries(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def measure(client, size, timing):
    """Query counts for each page of an attempt at a quiz with `size` questions."""
    module = make_module()
    lesson = make_article(module=module)
    quiz = make_quiz(module=module, questions=size, feedback_timing=timing)
    quiz.questions.update(article=lesson)
    questions = list(quiz.questions.all())
    # Objectives tag every question, so the result page's per-objective section has rows.
    objectives = [
        LearningObjective.objects.create(module=module, code=f"o{i}", text=f"I can {i}")
        for i in range(3)
    ]
    for number, question in enumerate(questions):
        question.objectives.add(objectives[number % 3])
    user = make_user()
    client.force_login(user)
    attempt = start(quiz, user=user)
    # Half the questions answered and a few flagged, so every list has rows to show.
    for question in questions[: size // 2]:
        client.post(
            reverse("quizzes:attempt-answer", args=[attempt.pk]),
            {"question": question.pk, "choice": wrong_choice(question).pk},
        )
    for question in questions[:3]:
        client.post(
            reverse("quizzes:attempt-flag", args=[attempt.pk]),
            {"question": question.pk, "flagged": "1"},
        )
    detail = reverse("quizzes:attempt-detail", args=[attempt.pk])
    target = questions[-1]
    counts = {
        "quiz list": count_queries(lambda: client.get(reverse("quizzes:quiz-list"))),
        "quiz page": count_queries(lambda: client.get(quiz.get_absolute_url())),
        "step": count_queries(lambda: client.get(detail, {"q": 1})),
        "step htmx": count_queries(lambda: client.get(detail, {"q": 2}, headers=HTMX)),
        "answer htmx": count_queries(
            lambda: client.post(
                reverse("quizzes:attempt-answer", args=[attempt.pk]),
                {"question": target.pk, "choice": right_choice(target).pk},
                headers=HTMX,
            )
        ),
        "flag htmx": count_queries(
            lambda: client.post(
                reverse("quizzes:attempt-flag", args=[attempt.pk]),
                {"question": target.pk, "flagged": "1"},
                headers=HTMX,
            )
        ),
        "submit check": count_queries(
            lambda: client.get(reverse("quizzes:attempt-submit", args=[attempt.pk]))
        ),
    }
    client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
    counts["result"] = count_queries(
        lambda: client.get(reverse("quizzes:attempt-result", args=[attempt.pk]))
    )
    return counts


@pytest.mark.parametrize("timing", [FeedbackTiming.IMMEDIATE, FeedbackTiming.AT_END])
def test_quiz_pages_run_the_same_queries_for_5_and_40_questions(client, timing):
    small = measure(client, 5, timing)
    large = measure(client, 40, timing)
    assert small == large
    for page, count in large.items():
        assert count <= BUDGET[page], (page, count)


def test_anonymous_step_and_result_run_the_same_queries_for_5_and_40_questions(client):
    counts = []
    for size in (5, 40):
        quiz = make_quiz(questions=size)
        client.post(quiz.get_absolute_url())
        attempt = quiz.attempts.get()
        detail = reverse("quizzes:attempt-detail", args=[attempt.pk])
        step = count_queries(lambda: client.get(detail, {"q": 3}, headers=HTMX))  # noqa: B023
        client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
        result = count_queries(
            lambda: client.get(reverse("quizzes:attempt-result", args=[attempt.pk]))  # noqa: B023
        )
        counts.append((step, result))
    assert counts[0] == counts[1]
