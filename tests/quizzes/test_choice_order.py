"""Choices are shuffled by default, once per attempt, and every page shows the attempt's order.

A question may keep its editors' order ("Keep these choices in this order"), for choices such
as "Both of these" that only make sense after the ones they name.
"""

import re

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import Attempt, FeedbackTiming, Quiz
from tests.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db

SIX = [(f"Choice {letter}", letter == "a") for letter in "abcdef"]


def test_a_new_quiz_shuffles_its_choices_unless_the_editor_says_otherwise():
    assert Quiz(title="New", slug="new").shuffle_choices is True


def test_a_question_that_keeps_its_order_is_never_shuffled_in_a_shuffling_quiz():
    quiz = make_quiz(shuffle_choices=True)
    kept = make_question(quiz=quiz, choices=SIX, keep_choice_order=True)
    shuffled = make_question(quiz=quiz, choices=SIX)
    editors_order = list(kept.choices.order_by("position").values_list("pk", flat=True))

    attempts = [services.attempt_start(quiz=quiz, visitor_id=f"visitor-{n}") for n in range(6)]

    assert all(a.choice_order[str(kept.pk)] == editors_order for a in attempts)
    # 720 orders of six choices: six attempts in the editors' order would mean no shuffling.
    others = {tuple(a.choice_order[str(shuffled.pk)]) for a in attempts}
    assert others != {tuple(shuffled.choices.order_by("position").values_list("pk", flat=True))}


def reversed_attempt(client, quiz):
    """Start `quiz` as an anonymous visitor, then give the attempt a known order: each
    question's choices in the reverse of the editors' order."""
    client.post(quiz.get_absolute_url())
    attempt = Attempt.objects.get(quiz=quiz, user=None)
    order = {
        str(question.pk): list(question.choices.order_by("-position").values_list("pk", flat=True))
        for question in quiz.questions.all()
    }
    Attempt.objects.filter(pk=attempt.pk).update(choice_order=order)
    attempt.refresh_from_db()
    return attempt


def texts_in_page(html, texts):
    return sorted(texts, key=html.index)


def test_the_no_javascript_form_shows_the_attempts_order_also_when_resumed(client):
    quiz = make_quiz(shuffle_choices=True)
    question = make_question(quiz=quiz, choices=SIX)
    attempt = reversed_attempt(client, quiz)
    page = reverse("quizzes:attempt-detail", args=[attempt.pk])

    for _visit in range(2):  # The first visit, then a resume through the quiz page.
        html = client.get(page).content.decode()
        shown = [int(pk) for pk in re.findall(r'name="choice" value="(\d+)"', html)]
        assert shown == attempt.choice_order[str(question.pk)]
        assert client.post(quiz.get_absolute_url()).url == page


def test_the_result_page_shows_answered_and_unanswered_questions_in_the_attempts_order(client):
    quiz = make_quiz(shuffle_choices=True, feedback_timing=FeedbackTiming.AT_END)
    answered = make_question(quiz=quiz, choices=SIX[:4])
    unanswered = make_question(quiz=quiz, choices=[(f"Other {n}", n == 1) for n in range(1, 5)])
    attempt = reversed_attempt(client, quiz)
    services.attempt_answer(
        attempt=attempt,
        question_id=answered.pk,
        choice_ids=[answered.choices.get(is_correct=True).pk],
    )
    services.attempt_submit(attempt=attempt)

    html = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()

    for question in (answered, unanswered):
        ids = attempt.choice_order[str(question.pk)]
        expected = [question.choices.get(pk=pk).text for pk in ids]
        assert texts_in_page(html, expected) == expected
        assert expected != sorted(expected)  # Reversed: not the editors' order.
