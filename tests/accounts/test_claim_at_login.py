"""Work done before logging in or signing up moves into the account through the real views."""

import pytest
from django.urls import reverse

from core.visitors import SESSION_KEY
from learn.models import LessonProgress
from quizzes.models import Attempt
from tests.accounts.helpers import make_attempt, make_quiz
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

VISITOR = "33333333-3333-4333-8333-333333333333"
OTHER_VISITOR = "44444444-4444-4444-8444-444444444444"


@pytest.fixture
def visitor_client(client):
    """A browser that has been reading and quizzing anonymously under VISITOR."""
    session = client.session
    session[SESSION_KEY] = VISITOR
    session.save()
    return client


def _anonymous_work():
    lesson = make_article()
    LessonProgress.objects.create(visitor_id=VISITOR, article=lesson)
    attempt = make_attempt(quiz=make_quiz(), visitor_id=VISITOR)
    return lesson, attempt


def test_login_moves_the_visitors_progress_and_attempts_into_the_account(visitor_client):
    user = make_user(username="ana", password="a-long-test-password")
    lesson, attempt = _anonymous_work()

    response = visitor_client.post(
        reverse("login"), {"username": "ana", "password": "a-long-test-password"}
    )

    assert response.status_code == 302
    assert LessonProgress.objects.get(article=lesson).user == user
    attempt.refresh_from_db()
    assert attempt.user == user and attempt.visitor_id == ""
    assert SESSION_KEY not in visitor_client.session


def test_login_tells_the_learner_their_earlier_work_was_added(visitor_client):
    make_user(username="ana", password="a-long-test-password")
    _anonymous_work()

    response = visitor_client.post(
        reverse("login"), {"username": "ana", "password": "a-long-test-password"}, follow=True
    )

    assert "We added the lessons and quizzes you did before logging in" in response.text


def test_login_merges_a_lesson_done_both_before_and_in_the_account(visitor_client):
    user = make_user(username="ana", password="a-long-test-password")
    lesson = make_article()
    LessonProgress.objects.create(user=user, article=lesson)
    LessonProgress.objects.create(visitor_id=VISITOR, article=lesson)

    visitor_client.post(reverse("login"), {"username": "ana", "password": "a-long-test-password"})

    assert list(LessonProgress.objects.values_list("user", "article")) == [(user.pk, lesson.pk)]


def test_login_leaves_another_visitors_work_alone(visitor_client):
    user = make_user(username="ana", password="a-long-test-password")
    lesson = make_article()
    LessonProgress.objects.create(visitor_id=OTHER_VISITOR, article=lesson)
    other_attempt = make_attempt(quiz=make_quiz(), visitor_id=OTHER_VISITOR)

    visitor_client.post(reverse("login"), {"username": "ana", "password": "a-long-test-password"})

    assert not LessonProgress.objects.filter(user=user).exists()
    other_attempt.refresh_from_db()
    assert other_attempt.user is None and other_attempt.visitor_id == OTHER_VISITOR


def test_a_wrong_password_claims_nothing(visitor_client):
    make_user(username="ana", password="a-long-test-password")
    lesson, attempt = _anonymous_work()

    visitor_client.post(reverse("login"), {"username": "ana", "password": "not-it"})

    assert LessonProgress.objects.get(article=lesson).user is None
    assert Attempt.objects.get(pk=attempt.pk).user is None
    assert visitor_client.session[SESSION_KEY] == VISITOR


def _signup(client, username="newbie"):
    return client.post(
        reverse("accounts:signup"),
        {
            "username": username,
            "email": "",
            "password1": "river-lamp-cactus-93",
            "password2": "river-lamp-cactus-93",
        },
    )


def test_signup_moves_the_visitors_progress_and_attempts_into_the_new_account(visitor_client):
    lesson, attempt = _anonymous_work()

    response = _signup(visitor_client)

    assert response.status_code == 302
    assert LessonProgress.objects.get(article=lesson).user.username == "newbie"
    attempt.refresh_from_db()
    assert attempt.user.username == "newbie" and attempt.visitor_id == ""
    assert SESSION_KEY not in visitor_client.session


def test_signup_leaves_another_visitors_work_alone(visitor_client):
    lesson = make_article()
    LessonProgress.objects.create(visitor_id=OTHER_VISITOR, article=lesson)
    other_attempt = make_attempt(quiz=make_quiz(), visitor_id=OTHER_VISITOR)

    _signup(visitor_client)

    assert LessonProgress.objects.get(article=lesson).user is None
    other_attempt.refresh_from_db()
    assert other_attempt.user is None
