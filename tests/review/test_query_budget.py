"""/review/, a review step and the quiz result page cost the same queries for 1 card or 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Choice, Question
from review.models import ReviewCard
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def add_cards(user, count):
    """`count` more due cards for `user`, each on its own new question (bulk, for speed)."""
    quiz = make_quiz()
    questions = Question.objects.bulk_create(
        Question(quiz=quiz, position=n, prompt=f"Q{n}?", explanation="Why.") for n in range(count)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=p, text=f"{q.pk}-{p}", is_correct=p == 1)
        for q in questions
        for p in (1, 2)
    )
    ReviewCard.objects.bulk_create(
        ReviewCard(user=user, question=q, due_at=timezone.now()) for q in questions
    )


def queries(call):
    with CaptureQueriesContext(connection) as context:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    return len(context.captured_queries)


def measure(client, cards):
    user = make_user()
    client.force_login(user)
    _quiz, attempt = take_quiz(user=user, answers=("wrong", "wrong"))
    add_cards(user, cards)
    card = ReviewCard.objects.filter(user=user).order_by("due_at", "pk").first()
    answer = {"choice": [right_choice(card.question).pk], "confidence": "sure"}
    return {
        "review page": queries(lambda: client.get(reverse("review:queue"))),
        "step": queries(lambda: client.get(reverse("review:step"))),
        "answer htmx": queries(
            lambda: client.post(reverse("review:answer", args=[card.pk]), answer, headers=HTMX)
        ),
        "result": queries(lambda: client.get(reverse("quizzes:attempt-result", args=[attempt.pk]))),
    }


def test_review_pages_and_the_result_run_the_same_queries_for_1_and_1000_cards(client):
    few = measure(client, 1)
    many = measure(client, 1000)
    assert few == many, (few, many)
    # Measured; a page that needs more has grown a query: find it before raising the number.
    assert many["review page"] <= 6
    assert many["step"] <= 5
    assert many["answer htmx"] <= 14
    # 9 since the merge with objectives and confidence; flat from 1 to 1,000 cards
    assert many["result"] <= 9
