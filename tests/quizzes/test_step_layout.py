"""The quiz step's calm layout: one primary action, no flag once locked, an empty answer's
error with the choices, focus where the learner acted, a title per step, and where Save and
leave goes."""

import re

import pytest
from django.urls import reverse

from quizzes.models import Attempt, FeedbackTiming
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice, start

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, attempt):
    return reverse(f"quizzes:{name}", args=[attempt.pk])


@pytest.fixture
def learner(client):
    client.user = make_user()
    client.force_login(client.user)
    return client


def answer_first_rightly(client, quiz, attempt):
    first = quiz.questions.get(pk=attempt.question_order[0])
    client.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": right_choice(first).pk}
    )
    return client.get(url("attempt-detail", attempt), {"q": 1}).content.decode()


def primary_actions(html) -> list[str]:
    """The step's filled buttons and button-links (not secondary, not quiet)."""
    step = html[html.index('id="question"') :]
    found = []
    for tag, attrs, label in re.findall(r"<(button|a)([^>]*)>(.*?)</\1>", step, re.S):
        classes = re.search(r'class="([^"]*)"', attrs)
        classes = classes.group(1).split() if classes else []
        is_button = tag == "button" or "button" in classes
        quiet = {"button--secondary", "button--quiet", "listen__button"} & set(classes)
        if is_button and not quiet:
            found.append(" ".join(re.sub(r"<[^>]+>", "", label).split()))
    return found


def test_unanswered_step_has_one_primary_action_check_my_answer(learner):
    attempt = start(make_quiz(questions=3), user=learner.user)
    page = learner.get(url("attempt-detail", attempt), {"q": 2}).content.decode()
    assert primary_actions(page) == ["Check my answer"]
    assert "Flag to come back" in page


def test_locked_answer_makes_next_the_primary_action_and_drops_the_flag(learner):
    quiz = make_quiz(questions=3, feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = start(quiz, user=learner.user)
    page = answer_first_rightly(learner, quiz, attempt)
    assert primary_actions(page) == ["Next →"]
    assert "Flag to come back" not in page


def test_last_locked_step_makes_check_and_submit_the_primary_action(learner):
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = start(quiz, user=learner.user)
    page = answer_first_rightly(learner, quiz, attempt)
    assert primary_actions(page) == ["Check and submit"]


def test_a_flag_set_before_answering_can_still_be_removed_after(learner):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = start(quiz, user=learner.user)
    first = quiz.questions.get(pk=attempt.question_order[0])
    learner.post(url("attempt-flag", attempt), {"question": first.pk, "flagged": "1"})
    page = answer_first_rightly(learner, quiz, attempt)
    assert "Remove the flag" in page and "Flag to come back" not in page


def test_deferred_feedback_keeps_save_answer_primary_and_the_flag(learner):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.AT_END)
    attempt = start(quiz, user=learner.user)
    page = answer_first_rightly(learner, quiz, attempt)
    assert primary_actions(page) == ["Save answer"]
    assert "Flag to come back" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no javascript", "htmx"])
def test_empty_answer_shows_its_error_with_the_choices_and_changes_nothing(learner, headers):
    quiz = make_quiz(questions=2)
    attempt = start(quiz, user=learner.user)
    first = quiz.questions.get(pk=attempt.question_order[0])
    response = learner.post(url("attempt-answer", attempt), {"question": first.pk}, headers=headers)
    page = response.content.decode()
    page = page[page.index('id="question"') :]
    assert response.status_code == (200 if headers else 400)
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", page, re.S).group(0)
    assert 'aria-describedby="choice-error choice-hint"' in fieldset
    assert re.search(r'id="choice-error"[^>]*data-focus[^>]*>.*Choose an answer first.', fieldset)
    assert 'data-announce="Choose an answer first."' in page
    # The server says it, not the browser's passing bubble.
    assert "novalidate" in page and " required" not in page
    assert not attempt.responses.exists()


def test_flag_keeps_focus_on_the_flag_button(learner):
    quiz = make_quiz(questions=2)
    attempt = start(quiz, user=learner.user)
    second = quiz.questions.get(pk=attempt.question_order[1])
    response = learner.post(
        url("attempt-flag", attempt), {"question": second.pk, "flagged": "1"}, headers=HTMX
    )
    page = response.content.decode()
    assert '<button type="submit" class="button--quiet" data-focus>Remove the flag' in page
    assert 'id="step-heading" class="quiz-step__heading" tabindex="-1">' in page
    assert Attempt.objects.get(pk=attempt.pk).flagged == [second.pk]


def test_every_step_fragment_carries_its_title(learner):
    quiz = make_quiz(questions=3, title="Gut basics")
    attempt = start(quiz, user=learner.user)
    for step in (1, 2, 3):
        fragment = learner.get(url("attempt-detail", attempt), {"q": step}, headers=HTMX)
        assert f"<title>Question {step} of 3: Gut basics · msportal</title>" in (
            fragment.content.decode()
        )
    full = learner.get(url("attempt-detail", attempt), {"q": 2}).content.decode()
    assert "<title>Question 2 of 3: Gut basics · msportal</title>" in full


def test_save_and_leave_goes_to_the_quiz_page_outside_an_assignment(learner):
    quiz = make_quiz(questions=2)
    attempt = start(quiz, user=learner.user)
    page = learner.get(url("attempt-detail", attempt)).content.decode()
    assert f'<a class="button--quiet" href="{quiz.get_absolute_url()}">Save and leave</a>' in page
