"""The quiz result page reports per learning objective (quizzes/_attempt_objectives.html)."""

import pytest
from django.urls import reverse

from learn.objectives import LearningObjective
from quizzes import services
from quizzes.attempt_models import Confidence, Response
from quizzes.mastery import attempt_objective_results
from tests.factories import make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice

pytestmark = pytest.mark.django_db


def tagged_quiz():
    module = make_module()
    first = LearningObjective.objects.create(module=module, code="a", text="I can A", position=1)
    second = LearningObjective.objects.create(module=module, code="b", text="I can B", position=2)
    quiz = make_quiz(module=module, feedback_timing="end")
    questions = [make_question(quiz=quiz) for _ in range(4)]
    for question in questions[:3]:
        question.objectives.add(first)
    questions[3].objectives.add(first, second)
    return quiz, questions, first, second


def answer_and_submit(attempt, questions, right):
    for question, is_right in zip(questions, right, strict=False):
        choice = right_choice(question) if is_right else wrong_choice(question)
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[choice.pk])
    Response.objects.filter(attempt=attempt).update(confidence=Confidence.SURE)
    return services.attempt_submit(attempt=attempt)


def test_signed_in_result_shows_right_counts_and_mastery_per_objective(client):
    quiz, questions, first, second = tagged_quiz()
    user = make_user()
    # Question 4 (both objectives) left unanswered: it counts in the total, not as right.
    attempt = answer_and_submit(start(quiz, user=user), questions, [True, True, True])
    rows = attempt_objective_results(attempt=attempt, user=user)
    assert [(r["objective"], r["right"], r["total"], r["level"]) for r in rows] == [
        (first, 3, 4, "secure"),
        (second, 0, 1, "not-tried"),
    ]
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    section = html[html.index("By learning objective") :]
    secure = 'over all your quizzes: <span class="mastery mastery--secure">secure'
    assert section.index("I can A") < section.index("3 of 4 right") < section.index(secure)
    assert section.index("I can B") < section.index("0 of 1 right")


def test_anonymous_result_shows_right_counts_without_mastery(client):
    quiz, questions, _first, _second = tagged_quiz()
    client.post(quiz.get_absolute_url())
    attempt = quiz.attempts.get()
    answer_and_submit(attempt, questions, [True, False, True, False])
    html = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "2 of 4 right" in html and "0 of 1 right" in html
    assert "mastery--" not in html


def test_result_of_a_quiz_without_objectives_has_no_objective_section(client):
    quiz = make_quiz(questions=2, feedback_timing="end")
    user = make_user()
    attempt = services.attempt_submit(attempt=start(quiz, user=user))
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "By learning objective" not in html
