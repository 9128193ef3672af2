import pytest

from accounts.services import claim_visitor_data
from learn.models import LessonProgress
from quizzes.models import Attempt
from tests.accounts.helpers import days_ago, make_attempt, make_quiz
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

VISITOR = "11111111-1111-4111-8111-111111111111"
OTHER_VISITOR = "22222222-2222-4222-8222-222222222222"


def test_claim_moves_visitor_progress_to_the_user():
    user = make_user()
    lesson = make_article()
    LessonProgress.objects.create(visitor_id=VISITOR, article=lesson)

    result = claim_visitor_data(user=user, visitor_id=VISITOR)

    row = LessonProgress.objects.get(article=lesson)
    assert row.user == user
    assert row.visitor_id == ""
    assert result["lessons_moved"] == 1


def test_claim_keeps_the_users_row_for_a_lesson_done_twice_and_deletes_the_visitors():
    user = make_user()
    lesson, other_lesson = make_article(), make_article()
    kept = LessonProgress.objects.create(user=user, article=lesson, completed_at=days_ago(9))
    LessonProgress.objects.create(visitor_id=VISITOR, article=lesson)
    LessonProgress.objects.create(visitor_id=VISITOR, article=other_lesson)

    result = claim_visitor_data(user=user, visitor_id=VISITOR)

    assert set(LessonProgress.objects.values_list("user", "article")) == {
        (user.pk, lesson.pk),
        (user.pk, other_lesson.pk),
    }
    assert LessonProgress.objects.get(article=lesson).pk == kept.pk
    assert result == {
        "lessons_moved": 1,
        "lessons_already_done": 1,
        "attempts_moved": 0,
        "review_cards_moved": 0,
    }


def test_claim_leaves_other_visitors_and_other_users_alone():
    user, someone_else = make_user(), make_user()
    lesson = make_article()
    quiz = make_quiz()
    LessonProgress.objects.create(visitor_id=OTHER_VISITOR, article=lesson)
    # A row that already belongs to an account is never taken, whatever its visitor id says.
    LessonProgress.objects.create(user=someone_else, visitor_id=VISITOR, article=lesson)
    other_attempt = make_attempt(quiz=quiz, visitor_id=OTHER_VISITOR)
    owned_attempt = make_attempt(quiz=quiz, user=someone_else, visitor_id=VISITOR)

    result = claim_visitor_data(user=user, visitor_id=VISITOR)

    assert result == {
        "lessons_moved": 0,
        "lessons_already_done": 0,
        "attempts_moved": 0,
        "review_cards_moved": 0,
    }
    assert LessonProgress.objects.filter(user=user).count() == 0
    assert LessonProgress.objects.get(visitor_id=OTHER_VISITOR).user is None
    other_attempt.refresh_from_db()
    owned_attempt.refresh_from_db()
    assert other_attempt.user is None and other_attempt.visitor_id == OTHER_VISITOR
    assert owned_attempt.user == someone_else


def test_claim_moves_attempts_and_clears_the_visitor_id():
    user = make_user()
    attempt = make_attempt(quiz=make_quiz(), visitor_id=VISITOR)

    result = claim_visitor_data(user=user, visitor_id=VISITOR)

    attempt.refresh_from_db()
    assert attempt.user == user
    assert attempt.visitor_id == ""
    assert result["attempts_moved"] == 1


def test_claim_renumbers_attempts_per_quiz_in_start_order():
    user = make_user()
    quiz, other_quiz = make_quiz(), make_quiz()
    visitor_first = make_attempt(quiz=quiz, visitor_id=VISITOR, number=1, started_at=days_ago(5))
    users_own = make_attempt(quiz=quiz, user=user, number=1, started_at=days_ago(3))
    visitor_last = make_attempt(quiz=quiz, visitor_id=VISITOR, number=2, started_at=days_ago(1))
    untouched = make_attempt(quiz=other_quiz, user=user, number=1, started_at=days_ago(2))

    claim_visitor_data(user=user, visitor_id=VISITOR)

    numbers = dict(Attempt.objects.filter(user=user).values_list("pk", "number"))
    assert numbers == {
        visitor_first.pk: 1,
        users_own.pk: 2,
        visitor_last.pk: 3,
        untouched.pk: 1,
    }


def test_claim_without_a_visitor_id_changes_nothing():
    user = make_user()
    LessonProgress.objects.create(visitor_id=VISITOR, article=make_article())

    result = claim_visitor_data(user=user, visitor_id="")

    assert result == {
        "lessons_moved": 0,
        "lessons_already_done": 0,
        "attempts_moved": 0,
        "review_cards_moved": 0,
    }
    assert LessonProgress.objects.get().user is None


def test_claim_twice_is_harmless():
    user = make_user()
    LessonProgress.objects.create(visitor_id=VISITOR, article=make_article())
    make_attempt(quiz=make_quiz(), visitor_id=VISITOR)

    claim_visitor_data(user=user, visitor_id=VISITOR)
    second = claim_visitor_data(user=user, visitor_id=VISITOR)

    assert second == {
        "lessons_moved": 0,
        "lessons_already_done": 0,
        "attempts_moved": 0,
        "review_cards_moved": 0,
    }
    assert LessonProgress.objects.filter(user=user).count() == 1
    assert Attempt.objects.get().number == 1
