"""Mastery per objective and learner (quizzes/mastery.py): the rule and its query."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learn.objectives import LearningObjective
from quizzes import services
from quizzes.attempt_models import Confidence, Response
from quizzes.mastery import Mastery, mastery_level, objective_mastery
from tests.factories import make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice

pytestmark = pytest.mark.django_db

RIGHT, WRONG = True, False
SURE, GUESS = Confidence.SURE, Confidence.GUESSING


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ([], Mastery.NOT_TRIED),
        ([(RIGHT, SURE)] * 3, Mastery.SECURE),
        ([(RIGHT, "")] * 3 + [(WRONG, SURE)], Mastery.SECURE),
        ([(RIGHT, SURE), (RIGHT, SURE), (RIGHT, GUESS)], Mastery.GETTING_THERE),
        ([(RIGHT, SURE)] * 2, Mastery.GETTING_THERE),
        ([(WRONG, SURE), (RIGHT, SURE)], Mastery.GETTING_THERE),
        ([(WRONG, SURE)] * 4 + [(RIGHT, SURE)] * 4, Mastery.NOT_YET),
        ([(RIGHT, SURE)] * 3 + [(WRONG, SURE)] * 5, Mastery.SECURE),
        ([(WRONG, GUESS)], Mastery.NOT_YET),
    ],
)
def test_mastery_level_follows_the_last_four_answers(answers, level):
    assert mastery_level(answers) == level


def objective_quiz(questions=4):
    module = make_module()
    objective = LearningObjective.objects.create(module=module, code="explain", text="I can x")
    other = LearningObjective.objects.create(module=module, code="other", text="I can y")
    quiz = make_quiz(module=module, feedback_timing="end")
    for _ in range(questions):
        make_question(quiz=quiz).objectives.add(objective)
    return quiz, objective, other


def take(quiz, user, *, right, confidence=""):
    """A submitted attempt answering every question rightly or wrongly."""
    attempt = start(quiz, user=user)
    for question in quiz.questions.all():
        choice = right_choice(question) if right else wrong_choice(question)
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[choice.pk])
    Response.objects.filter(attempt=attempt).update(confidence=confidence)
    return services.attempt_submit(attempt=attempt)


def test_objective_mastery_reads_the_latest_submitted_answers():
    quiz, objective, other = objective_quiz()
    user = make_user()
    assert objective_mastery(user=user, objectives=[objective, other]) == {
        objective.pk: Mastery.NOT_TRIED,
        other.pk: Mastery.NOT_TRIED,
    }
    take(quiz, user, right=False)
    assert objective_mastery(user=user, objectives=[objective])[objective.pk] == Mastery.NOT_YET
    take(quiz, user, right=True, confidence=GUESS)
    assert objective_mastery(user=user, objectives=[objective])[objective.pk] == (
        Mastery.GETTING_THERE
    )
    take(quiz, user, right=True, confidence=SURE)
    levels = objective_mastery(user=user, objectives=[objective, other])
    assert levels == {objective.pk: Mastery.SECURE, other.pk: Mastery.NOT_TRIED}


def test_objective_mastery_leaves_out_unsubmitted_attempts_and_other_people():
    quiz, objective, _other = objective_quiz()
    user = make_user()
    take(quiz, make_user(), right=True, confidence=SURE)
    attempt = start(quiz, user=user)
    for question in quiz.questions.all():
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
        )
    assert objective_mastery(user=user, objectives=[objective])[objective.pk] == Mastery.NOT_TRIED


def test_anonymous_visitor_has_not_tried():
    _quiz, objective, _other = objective_quiz(questions=1)
    levels = objective_mastery(user=AnonymousUser(), objectives=[objective])
    assert levels == {objective.pk: Mastery.NOT_TRIED}
