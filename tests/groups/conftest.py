"""Fixtures for groups: the six roles every view is checked against, and a submitted attempt."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from groups.models import LearnerGroup, Membership
from quizzes.mastery import refresh_tallies
from quizzes.models import Attempt, Response, ResponseChoice
from tests.factories import make_quiz, make_user


@pytest.fixture(autouse=True)
def roles(db):
    # The real groups come from another helper's data migration; tests make their own.
    Group.objects.get_or_create(name="Educators")
    Group.objects.get_or_create(name="Editors")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def educator():
    return make_user(username="nurse", first_name="Nadia", groups=["Educators"])


@pytest.fixture
def other_educator():
    return make_user(username="other-nurse", groups=["Educators"])


@pytest.fixture
def editor():
    return make_user(username="editor", is_staff=True, groups=["Editors"])


@pytest.fixture
def learner():
    return make_user(username="sam", first_name="Sam", last_name="Lee")


@pytest.fixture
def outsider():
    return make_user(username="outsider")


@pytest.fixture
def group(educator, learner):
    from groups.services import group_create

    group = group_create(educator=educator, name="Tuesday class")
    Membership.objects.create(group=group, user=learner)
    return group


@pytest.fixture
def quiz():
    return make_quiz(questions=4, title="Gut and brain")


@pytest.fixture
def assignment(group, educator, quiz):
    from groups.services import assignment_create

    return assignment_create(
        group=group,
        educator=educator,
        quiz=quiz,
        due_at=timezone.now() + datetime.timedelta(days=7),
    )


def add_members(group: LearnerGroup, count: int, prefix="learner"):
    users = [make_user(username=f"{prefix}-{i}") for i in range(count)]
    Membership.objects.bulk_create(Membership(group=group, user=u) for u in users)
    return users


def submit_attempt(*, assignment, user, correct, wrong=1, submitted_at=None, number=1):
    """A submitted attempt whose answers are right where `correct` (one bool per question) says.

    Wrong answers pick the choice at index `wrong` (choice 0 is the right one).
    """
    questions = list(assignment.quiz.questions.prefetch_related("choices").order_by("position"))
    submitted_at = submitted_at or timezone.now()
    attempt = Attempt.objects.create(
        quiz=assignment.quiz, user=user, assignment=assignment, number=number
    )
    for question, ok in zip(questions, correct, strict=True):
        choices = list(question.choices.all())
        response = Response.objects.create(
            attempt=attempt, question=question, is_correct=ok, score=1 if ok else 0
        )
        ResponseChoice.objects.create(response=response, choice=choices[0 if ok else wrong])
    score = sum(correct)
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=submitted_at,
        score=score,
        max_score=len(questions),
        percent=100 * score / len(questions),
        passed=100 * score / len(questions) >= assignment.quiz.pass_percent,
    )
    # The grade was written directly, so count the answers as attempt_submit does.
    refresh_tallies(user_ids=[user.pk])
    attempt.refresh_from_db()
    return attempt
