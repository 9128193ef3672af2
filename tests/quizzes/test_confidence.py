"""Confidence (certainty-based answers): the "How sure are you?" step, the one check of the
value, grading that never uses it, and the result page that leads with sure-but-wrong answers."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.attempt_models import Confidence
from quizzes.exceptions import InvalidConfidence, NoConfidence
from quizzes.models import FeedbackTiming, Response
from tests.factories import make_article, make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, state, wrong_choice

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, attempt):
    return reverse(f"quizzes:{name}", args=[attempt.pk])


@pytest.fixture
def learner(client):
    user = make_user()
    client.force_login(user)
    client.user = user
    return client


def asking_quiz(questions=2, **kwargs):
    return make_quiz(questions=questions, ask_confidence=True, **kwargs)


# --- the step ---------------------------------------------------------------------------


def test_step_asks_how_sure_with_three_radios_in_a_fieldset_when_the_quiz_asks(learner):
    attempt = start(asking_quiz(), user=learner.user)
    page = learner.get(url("attempt-detail", attempt)).content.decode()
    assert '<legend class="confidence__legend">How sure are you?</legend>' in page
    for value, label in Confidence.choices:
        assert f'type="radio" id="confidence-{value}" name="confidence" value="{value}"' in page
        assert f'<span class="choice__text">{label}</span>' in page
    # Inside the answer form, so one submit sends both (no JavaScript needed).
    form = page.split('class="answer-form"')[1].split("</form>")[0]
    assert 'name="confidence"' in form


def test_step_does_not_ask_when_the_quiz_does_not(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    page = learner.get(url("attempt-detail", attempt)).content.decode()
    assert "How sure are you?" not in page
    assert 'name="confidence"' not in page


def test_answer_with_confidence_is_stored(learner):
    quiz = asking_quiz()
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": right_choice(question).pk, "confidence": "fairly"},
    )
    assert response.status_code == 302
    assert Response.objects.get().confidence == Confidence.FAIRLY_SURE


@pytest.mark.parametrize("confidence", [None, "", "certain", "SURE", "sure ", "1"])
def test_missing_or_tampered_confidence_gets_a_clear_error_and_changes_nothing(learner, confidence):
    quiz = asking_quiz()
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    before = state(attempt)
    data = {"question": question.pk, "choice": wrong_choice(question).pk}
    if confidence is not None:
        data["confidence"] = confidence
    response = learner.post(url("attempt-answer", attempt), data)
    assert response.status_code == 400
    page = response.content.decode()
    refusal = InvalidConfidence if confidence else NoConfidence
    assert 'id="confidence-error"' in page
    assert 'aria-describedby="confidence-error confidence-hint"' in page
    assert str(refusal.default_message) in page
    # The choice the learner picked stays picked while they say how sure they are.
    assert f'value="{wrong_choice(question).pk}" checked' in page
    assert state(attempt) == before


def test_missing_confidence_with_htmx_shows_the_error_in_the_swapped_step(learner):
    quiz = asking_quiz()
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": right_choice(question).pk},
        headers=HTMX,
    )
    assert response.status_code == 200  # htmx swaps only successful responses
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="confidence-error" tabindex="-1" data-focus' in page
    assert not Response.objects.exists()


def test_missing_choice_is_still_reported_by_the_choices_first(learner):
    quiz = asking_quiz()
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    page = learner.post(url("attempt-answer", attempt), {"question": question.pk}).content.decode()
    assert 'id="choice-error"' in page
    assert 'id="confidence-error"' not in page


def test_a_second_submit_of_an_immediate_feedback_answer_changes_nothing(learner):
    quiz = asking_quiz(feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    data = {"question": question.pk, "choice": wrong_choice(question).pk, "confidence": "sure"}
    assert learner.post(url("attempt-answer", attempt), data).status_code == 302
    before = state(attempt)
    again = data | {"choice": right_choice(question).pk, "confidence": "guessing"}
    response = learner.post(url("attempt-answer", attempt), again)
    assert "cannot be changed" in response.content.decode()
    assert state(attempt) == before
    assert Response.objects.get().confidence == Confidence.SURE


def test_with_feedback_at_the_end_the_saved_confidence_is_shown_and_can_change(learner):
    quiz = asking_quiz(questions=1, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.get()
    attempt = start(quiz, user=learner.user)
    answer = {"question": question.pk, "choice": right_choice(question).pk}
    learner.post(url("attempt-answer", attempt), answer | {"confidence": "guessing"})
    page = learner.get(url("attempt-detail", attempt) + "?q=1").content.decode()
    assert 'value="guessing" checked' in page
    learner.post(url("attempt-answer", attempt), answer | {"confidence": "sure"})
    assert Response.objects.get().confidence == Confidence.SURE


def test_immediate_feedback_repeats_how_sure_the_learner_said_they_were(learner):
    quiz = asking_quiz(feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    data = {"question": question.pk, "choice": wrong_choice(question).pk, "confidence": "fairly"}
    page = learner.post(url("attempt-answer", attempt), data, headers=HTMX).content.decode()
    assert "How sure you said you were: Fairly sure." in page


# --- the service ------------------------------------------------------------------------


@pytest.mark.parametrize("confidence", ["sure", "fairly", "guessing"])
def test_confidence_never_changes_the_grade(confidence):
    quiz = asking_quiz(questions=2)
    first, second = quiz.questions.order_by("position")
    attempt = start(quiz)
    services.attempt_answer(
        attempt=attempt,
        question_id=first.pk,
        choice_ids=[right_choice(first).pk],
        confidence=confidence,
    )
    services.attempt_answer(
        attempt=attempt,
        question_id=second.pk,
        choice_ids=[wrong_choice(second).pk],
        confidence=confidence,
    )
    graded = services.attempt_submit(attempt=attempt)
    assert (graded.score, graded.max_score, graded.percent) == (1.0, 2.0, 50.0)
    assert sorted(Response.objects.values_list("score", flat=True)) == [0.0, 1.0]


def test_a_quiz_that_does_not_ask_ignores_a_valid_value_and_refuses_a_tampered_one():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    with pytest.raises(services.QuizError) as refused:
        services.attempt_answer(
            attempt=attempt,
            question_id=question.pk,
            choice_ids=[right_choice(question).pk],
            confidence="certain",
        )
    assert refused.value.code == "invalid_confidence"
    assert not Response.objects.exists()
    services.attempt_answer(
        attempt=attempt,
        question_id=question.pk,
        choice_ids=[right_choice(question).pk],
        confidence="sure",
    )
    assert Response.objects.get().confidence == ""


@pytest.mark.parametrize("value", [["sure"], 1, True])
def test_confidence_that_is_not_a_string_is_refused(value):
    quiz = asking_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    with pytest.raises(services.QuizError) as refused:
        services.attempt_answer(
            attempt=attempt,
            question_id=question.pk,
            choice_ids=[right_choice(question).pk],
            confidence=value,
        )
    assert refused.value.code == "invalid_confidence"
    assert not Response.objects.exists()


# --- the result page --------------------------------------------------------------------


def _answered(learner, quiz, answers):
    """Answer each question (in order) with (right?, confidence), submit, return the page."""
    attempt = start(quiz, user=learner.user)
    for question, (ok, confidence) in zip(
        quiz.questions.order_by("position"), answers, strict=True
    ):
        choice = right_choice(question) if ok else wrong_choice(question)
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[choice.pk], confidence=confidence
        )
    services.attempt_submit(attempt=attempt)
    return learner.get(url("attempt-result", attempt)).content.decode()


def test_result_leads_with_answers_given_sure_but_not_right(learner):
    module = make_module()
    lesson = make_article(module=module)
    quiz = asking_quiz(questions=0, module=module)
    sure_wrong = make_question(quiz=quiz, article=lesson, anchor="myth", explanation="Not so.")
    fairly_wrong = make_question(quiz=quiz, explanation="Also not so.")
    make_question(quiz=quiz, explanation="A guess.")  # wrong, but guessing
    make_question(quiz=quiz)  # right and sure
    page = _answered(
        learner, quiz, [(False, "sure"), (False, "fairly"), (False, "guessing"), (True, "sure")]
    )
    section = page.split('class="confident-wrong"')[1].split("</section>")[0]
    assert "You were sure, but it was not right" in page
    assert sure_wrong.prompt in section and fairly_wrong.prompt in section
    assert "Not so." in section and "Also not so." in section
    assert f'href="{lesson.get_absolute_url()}#myth"' in section
    assert "A guess." not in section  # guessing is not a held belief
    # Before the rest: the summary's ways on come first, then this, then every answer.
    assert page.index('class="confident-wrong"') < page.index('id="review-heading"')
    assert page.index('class="confident-wrong"') < page.index('id="to-review-heading"')


def test_result_has_no_sure_but_wrong_section_when_there_is_none(learner):
    quiz = asking_quiz(questions=2)
    page = _answered(learner, quiz, [(True, "sure"), (False, "guessing")])
    assert "You were sure, but it was not right" not in page
