"""Confidence through the API: an answer says how sure the learner is when the quiz asks;
missing or tampered values are 400s in the API's error format and change nothing; the
attempt and the saved answer return it."""

import pytest

from quizzes import services
from quizzes.models import FeedbackTiming, Response
from tests.api.test_attempt_answers import error, post, url
from tests.factories import make_quiz
from tests.quizzes.taking import right_choice, state, wrong_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    client.user = learner
    return client


def asking_attempt(client, **kwargs):
    quiz = make_quiz(questions=2, ask_confidence=True, **kwargs)
    attempt = services.attempt_start(quiz=quiz, user=client.user)
    return attempt, quiz.questions.order_by("position").first()


def body_for(question, choice, **extra):
    return {"question": question.pk, "choices": [choice.pk], **extra}


def test_an_answer_with_confidence_is_stored_and_returned(signed_in):
    attempt, question = asking_attempt(signed_in)
    response = post(
        signed_in,
        url(attempt, "responses"),
        body_for(question, wrong_choice(question), confidence="sure"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["confidence"] == "sure"
    assert response.json()["feedback"]["is_correct"] is False
    assert Response.objects.get().confidence == "sure"
    detail = signed_in.get(url(attempt)).json()
    assert detail["ask_confidence"] is True
    assert [q["confidence"] for q in detail["questions"]] == ["sure", ""]


def test_a_missing_confidence_is_400_when_the_quiz_asks(signed_in):
    attempt, question = asking_attempt(signed_in)
    before = state(attempt)
    response = post(
        signed_in, url(attempt, "responses"), body_for(question, right_choice(question))
    )
    refusal = error(response, 400, "no_confidence")
    assert list(refusal["details"]) == ["confidence"]
    assert state(attempt) == before


@pytest.mark.parametrize("value", ["certain", "SURE", "", None, 1, ["sure"], {"v": "sure"}])
def test_a_tampered_confidence_is_400_and_changes_nothing(signed_in, value):
    attempt, question = asking_attempt(signed_in)
    before = state(attempt)
    response = post(
        signed_in,
        url(attempt, "responses"),
        body_for(question, right_choice(question), confidence=value),
    )
    refusal = error(response, 400, "invalid")
    assert "confidence" in refusal["details"]
    assert state(attempt) == before


def test_confidence_is_optional_when_the_quiz_does_not_ask(signed_in):
    quiz = make_quiz(questions=1)
    attempt = services.attempt_start(quiz=quiz, user=signed_in.user)
    question = quiz.questions.get()
    response = post(
        signed_in, url(attempt, "responses"), body_for(question, right_choice(question))
    )
    assert response.status_code == 200, response.content
    assert response.json()["confidence"] == ""
    assert signed_in.get(url(attempt)).json()["ask_confidence"] is False


def test_a_second_answer_to_a_final_question_keeps_the_first_confidence(signed_in):
    attempt, question = asking_attempt(signed_in, feedback_timing=FeedbackTiming.IMMEDIATE)
    path = url(attempt, "responses")
    post(signed_in, path, body_for(question, wrong_choice(question), confidence="sure"))
    before = state(attempt)
    again = post(signed_in, path, body_for(question, right_choice(question), confidence="guessing"))
    error(again, 409, "answer_locked")
    assert state(attempt) == before
    assert Response.objects.get().confidence == "sure"
