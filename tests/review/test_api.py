"""The review API: due cards without answers, a practice answer, refusals in the attempts'
error format (404 for another person's card, 409 not due, 400 bad choices or confidence)."""

import pytest
from django.test import Client
from django.urls import reverse

from review.models import ReviewAnswer, ReviewCard
from tests.api.conftest import bearer
from tests.factories import make_user
from tests.quizzes.taking import right_choice
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

LIST = reverse("api-v1:my-review")


def answer_url(card):
    return reverse("api-v1:review-answer", args=[card.pk])


@pytest.fixture
def learner():
    return make_user()


@pytest.fixture
def api(learner):
    return Client(headers=bearer(learner))


def test_due_cards_are_listed_without_the_answers(api, learner):
    take_quiz(user=learner, answers=("wrong", "wrong", "right"))
    take_quiz(answers=("wrong",))  # someone else's
    body = api.get(LIST).json()
    assert body["count"] == 2
    card = body["results"][0]
    assert set(card) == {"id", "quiz", "kind", "prompt", "choices", "box", "due_at"}
    assert all(set(choice) == {"id", "text"} for choice in card["choices"])
    assert "is_correct" not in str(body) and "explanation" not in str(body)


def test_answer_moves_the_card_and_gives_feedback(api, learner):
    take_quiz(user=learner, answers=("wrong",))
    card = ReviewCard.objects.get(user=learner)
    right = right_choice(card.question)
    response = api.post(
        answer_url(card), {"choices": [right.pk], "confidence": "sure"}, "application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["move"], body["box"], body["confidence"]) == ("up", 2, "sure")
    assert body["feedback"]["is_correct"] is True
    assert body["feedback"]["correct_choice_ids"] == [right.pk]
    assert api.get(LIST).json()["count"] == 0


def test_answering_twice_is_409_not_due_and_changes_nothing(api, learner):
    take_quiz(user=learner, answers=("wrong",))
    card = ReviewCard.objects.get(user=learner)
    data = {"choices": [right_choice(card.question).pk], "confidence": "fairly"}
    assert api.post(answer_url(card), data, "application/json").status_code == 200
    again = api.post(answer_url(card), data, "application/json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_due"
    assert ReviewAnswer.objects.count() == 1
    assert ReviewCard.objects.get(pk=card.pk).box == 2


def test_someone_elses_card_is_404(api):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get(user=attempt.user)
    data = {"choices": [right_choice(card.question).pk], "confidence": "sure"}
    response = api.post(answer_url(card), data, "application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not ReviewAnswer.objects.exists()


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"choices": ["RIGHT"], "confidence": "certain"}, "invalid", "confidence"),
        ({"choices": ["RIGHT"]}, "invalid", "confidence"),
        ({"choices": [99999], "confidence": "sure"}, "invalid_choice", "choices"),
        ({"choices": [], "confidence": "sure"}, "no_choice", "choices"),
        ({"choices": ["RIGHT", "RIGHT"], "confidence": "sure"}, "invalid_choice", "choices"),
        ({"choices": ["RIGHT"], "confidence": "sure", "box": 5}, "invalid", "box"),
    ],
)
def test_bad_input_is_400_in_the_attempts_format_and_changes_nothing(
    api, learner, data, code, field
):
    take_quiz(user=learner, answers=("wrong",))
    card = ReviewCard.objects.get(user=learner)
    right = right_choice(card.question).pk
    data = {**data, "choices": [right if c == "RIGHT" else c for c in data["choices"]]}
    response = api.post(answer_url(card), data, "application/json")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == code
    assert field in body["details"]
    assert not ReviewAnswer.objects.exists()
    assert ReviewCard.objects.get(pk=card.pk).box == 1


def test_an_anonymous_session_sees_its_own_cards_only():
    take_quiz(visitor_id="someone", answers=("wrong",))
    assert Client().get(LIST).json()["count"] == 0
