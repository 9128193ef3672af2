"""Operations that write several rows write all of them or none.

Each test lets the service write its first rows, then makes a later step inside the same
transaction raise (as a crash, a lost connection or a bug would), and checks that nothing the
service wrote is left behind: no group without its join code, no assignment, no attempt, no
answer without its chosen choices, no half-moved visitor data.
"""

import pytest
from django.contrib.auth.models import Group

from accounts import services as account_services
from groups import services as group_services
from groups.models import Assignment, LearnerGroup
from learn.models import LessonProgress
from quizzes import services
from quizzes.models import Attempt, Response, ResponseChoice
from tests.factories import make_article, make_quiz, make_user

pytestmark = pytest.mark.django_db


class Crash(Exception):
    """Stands for whatever can go wrong half-way."""


def _after(original):
    """A stand-in that does the real step, then crashes."""

    def step(*args, **kwargs):
        original(*args, **kwargs)
        raise Crash

    return step


def _educator():
    user = make_user()
    user.groups.add(Group.objects.get_or_create(name=group_services.EDUCATORS)[0])
    return user


def test_group_create_leaves_no_group_when_a_later_step_fails(monkeypatch):
    educator = _educator()
    monkeypatch.setattr(
        group_services, "save_with_new_join_code", _after(group_services.save_with_new_join_code)
    )

    with pytest.raises(Crash):
        group_services.group_create(educator=educator, name="Tuesday class")

    assert not LearnerGroup.objects.exists()


def test_assignment_create_leaves_no_assignment_when_a_later_step_fails(monkeypatch):
    educator = _educator()
    group = group_services.group_create(educator=educator, name="Tuesday class")
    monkeypatch.setattr(Assignment, "save", _after(Assignment.save))

    with pytest.raises(Crash):
        group_services.assignment_create(
            group=group, educator=educator, quiz=make_quiz(questions=2)
        )

    assert not Assignment.objects.exists()
    assert LearnerGroup.objects.get() == group


def test_attempt_start_leaves_no_attempt_when_a_later_step_fails(monkeypatch):
    quiz = make_quiz(questions=3)
    monkeypatch.setattr(Attempt, "save", _after(Attempt.save))

    with pytest.raises(Crash):
        services.attempt_start(quiz=quiz, visitor_id="visitor-1")

    assert not Attempt.objects.exists()


def test_an_answer_that_fails_half_way_keeps_no_response_without_its_choices(monkeypatch):
    quiz = make_quiz(questions=2, feedback_timing="end")
    attempt = services.attempt_start(quiz=quiz, visitor_id="visitor-1")
    question = quiz.questions.order_by("position").first()
    right, wrong = question.choices.order_by("position")[:2]
    services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[right.pk])
    # Changing the answer deletes the old choice rows and saves the response before it
    # writes the new choices: the crash comes after those writes.
    monkeypatch.setattr(
        ResponseChoice.objects, "bulk_create", _after(ResponseChoice.objects.bulk_create)
    )

    with pytest.raises(Crash):
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[wrong.pk])

    response = Response.objects.get(attempt=attempt)
    assert response.is_correct
    assert list(response.choices.values_list("pk", flat=True)) == [right.pk]
    assert response.snapshot["chosen"] == [right.pk]


def test_claiming_visitor_data_moves_everything_or_nothing(monkeypatch):
    quiz = make_quiz(questions=2)
    lesson = make_article()
    LessonProgress.objects.create(article=lesson, visitor_id="visitor-1")
    services.attempt_start(quiz=quiz, visitor_id="visitor-1")
    user = make_user()
    monkeypatch.setattr(
        account_services, "_renumber_attempts", _after(account_services._renumber_attempts)
    )

    with pytest.raises(Crash):
        account_services.claim_visitor_data(user=user, visitor_id="visitor-1")

    assert LessonProgress.objects.get().visitor_id == "visitor-1"
    assert LessonProgress.objects.get().user is None
    assert Attempt.objects.get().visitor_id == "visitor-1"
    assert Attempt.objects.get().user is None
