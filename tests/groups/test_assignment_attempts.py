"""The quiz flow's service applies the assignment rules (quizzes.services + group_rules)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Profile
from groups import services as group_services
from groups.models import ExtraTime
from groups.services import assignment_attempt_start as attempt_start
from quizzes.exceptions import NoAttemptsLeft, QuizNotFound, QuizNotOpen
from quizzes.models import Attempt, Quiz
from quizzes.services import attempt_submit

pytestmark = pytest.mark.django_db


def test_attempt_start_refuses_someone_outside_the_group(assignment, outsider):
    with pytest.raises(QuizNotFound):
        attempt_start(quiz=assignment.quiz, user=outsider, assignment=assignment)
    assert not Attempt.objects.exists()


def test_attempt_start_refuses_an_assignment_of_another_quiz(assignment, learner, quiz):
    from tests.factories import make_quiz

    other = make_quiz(questions=2)
    with pytest.raises(QuizNotFound):
        attempt_start(quiz=other, user=learner, assignment=assignment)
    assert not Attempt.objects.exists()


def test_attempt_start_waits_for_the_opening_date(assignment, learner):
    assignment.opens_at = timezone.now() + datetime.timedelta(days=1)
    assignment.save()
    with pytest.raises(QuizNotOpen):
        attempt_start(quiz=assignment.quiz, user=learner, assignment=assignment)


def test_extra_attempts_from_the_educator_are_counted_per_assignment(assignment, learner, educator):
    assignment.max_attempts = 1
    assignment.save()
    attempt_submit(attempt=attempt_start(quiz=assignment.quiz, user=learner, assignment=assignment))
    with pytest.raises(NoAttemptsLeft):
        attempt_start(quiz=assignment.quiz, user=learner, assignment=assignment)

    group_services.accommodation_set(
        assignment=assignment, educator=educator, user=learner, extra_attempts=1
    )
    second = attempt_start(quiz=assignment.quiz, user=learner, assignment=assignment)
    assert second.number == 2 and second.assignment == assignment


@pytest.mark.parametrize(
    ("educator_time", "standing_time", "minutes"),
    [
        ("", "", 10),
        (ExtraTime.X1_5, "", 15),
        ("", ExtraTime.X2, 20),
        (ExtraTime.X1_5, ExtraTime.X2, 20),  # the more generous one wins
        (ExtraTime.UNLIMITED, "", None),
    ],
)
def test_time_limit_uses_the_more_generous_accommodation(
    assignment, learner, educator, educator_time, standing_time, minutes
):
    Quiz.objects.filter(pk=assignment.quiz_id).update(time_limit_minutes=10)
    assignment.quiz.refresh_from_db()
    if educator_time:
        group_services.accommodation_set(
            assignment=assignment, educator=educator, user=learner, extra_time=educator_time
        )
    if standing_time:
        Profile.objects.create(user=learner, extra_time=standing_time)

    attempt = attempt_start(quiz=assignment.quiz, user=learner, assignment=assignment)

    if minutes is None:
        assert attempt.deadline_at is None
    else:
        length = attempt.deadline_at - attempt.started_at
        assert abs(length - datetime.timedelta(minutes=minutes)) < datetime.timedelta(seconds=5)
