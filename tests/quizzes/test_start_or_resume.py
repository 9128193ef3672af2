"""attempt_start_or_resume: the start service, also saying whether the attempt is new.

The API answers 201 for a new attempt and 200 for a resumed one, so the answer must hold
even when two starts arrive at once (decided under the quiz row's lock).
"""

import datetime

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt
from tests.factories import make_quiz, make_user
from tests.quizzes.test_concurrency import run

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_first_start_is_new_and_a_second_resumes_it():
    quiz, user = make_quiz(questions=2), make_user()

    first, first_new = services.attempt_start_or_resume(quiz=quiz, user=user)
    second, second_new = services.attempt_start_or_resume(quiz=quiz, user=user)

    assert (first_new, second_new) == (True, False)
    assert first.pk == second.pk


def test_after_a_submit_the_next_start_is_new():
    quiz, user = make_quiz(questions=1), make_user()
    first, _new = services.attempt_start_or_resume(quiz=quiz, user=user)
    services.attempt_submit(attempt=first)

    second, is_new = services.attempt_start_or_resume(quiz=quiz, user=user)

    assert is_new
    assert second.pk != first.pk
    assert second.number == 2


def test_an_attempt_whose_time_ran_out_is_closed_and_a_new_one_starts():
    quiz, user = make_quiz(questions=1, time_limit_minutes=5), make_user()
    old, _new = services.attempt_start_or_resume(quiz=quiz, user=user)
    Attempt.objects.filter(pk=old.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    fresh, is_new = services.attempt_start_or_resume(quiz=quiz, user=user)

    assert is_new
    assert fresh.pk != old.pk
    assert Attempt.objects.get(pk=old.pk).submitted_at is not None


def test_attempt_start_still_returns_just_the_attempt():
    quiz = make_quiz(questions=1)

    attempt = services.attempt_start(quiz=quiz, visitor_id="visitor-1")

    assert isinstance(attempt, Attempt)
    assert attempt.visitor_id == "visitor-1"


def test_two_starts_at_once_say_new_once():
    quiz, user = make_quiz(questions=2), make_user()

    def start():
        return services.attempt_start_or_resume(quiz=quiz, user=user)

    ((one, one_new), _), ((two, two_new), _) = run(start, start)

    assert one.pk == two.pk
    assert sorted([one_new, two_new]) == [False, True]
