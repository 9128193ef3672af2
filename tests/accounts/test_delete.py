import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from groups.models import Accommodation, ExtraTime, Hold, LearnerGroup, Membership
from learn.models import LessonProgress
from quizzes.models import Attempt, Response, ResponseChoice
from tests.accounts.helpers import (
    answer,
    days_ago,
    make_assignment,
    make_attempt,
    make_group,
    make_question,
)
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

DELETE = "/accounts/me/delete/"
PASSWORD = "a-long-test-password"


def _learner_with_everything():
    """A learner with progress, an answered attempt, a group, an accommodation and a hold."""
    user = make_user(password=PASSWORD)
    Profile.objects.create(user=user, extra_time=ExtraTime.X2)
    LessonProgress.objects.create(user=user, article=make_article())
    question = make_question()
    group = make_group(educator=make_user())
    assignment = make_assignment(group=group, quiz=question.quiz)
    Membership.objects.create(group=group, user=user)
    Accommodation.objects.create(assignment=assignment, user=user, extra_attempts=1)
    Hold.objects.create(assignment=assignment, user=user, started_at=days_ago(1))
    attempt = make_attempt(quiz=question.quiz, user=user, assignment=assignment)
    answer(attempt, question, question.choices.first())
    return user


def test_delete_page_explains_what_goes_and_deletes_nothing(client):
    user = _learner_with_everything()
    client.force_login(user)

    response = client.get(DELETE, {"password": PASSWORD})

    assert response.status_code == 200
    html = response.text
    assert "cannot be undone" in html
    assert "your quiz attempts, answers and scores" in html
    assert '<label for="id_password">' in html and 'name="csrfmiddlewaretoken"' in html
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Attempt.objects.filter(user=user).exists()


def test_delete_with_the_password_removes_the_account_and_everything_it_owns(client):
    user = _learner_with_everything()
    someone_else = make_user()
    LessonProgress.objects.create(user=someone_else, article=make_article())
    client.force_login(user)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response["Location"] == reverse("learn:home")
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    for model in (Profile, LessonProgress, Attempt, Membership, Accommodation, Hold):
        assert not model.objects.filter(user_id=user.pk).exists(), model
    assert Response.objects.count() == 0 and ResponseChoice.objects.count() == 0
    assert LessonProgress.objects.filter(user=someone_else).count() == 1
    assert LearnerGroup.objects.count() == 1


def test_after_deleting_the_learner_is_logged_out_and_told_on_the_home_page(client):
    client.force_login(make_user(password=PASSWORD))

    response = client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.request["PATH_INFO"] == reverse("learn:home")
    assert "Your account and all your data have been deleted." in response.text
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_deletes_nothing_and_says_why(client):
    user = _learner_with_everything()
    client.force_login(user)

    response = client.post(DELETE, {"password": "not-my-password"})

    assert response.status_code == 400
    assert "That is not your password." in response.text
    assert 'id="id_password_error"' in response.text
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Attempt.objects.filter(user=user).exists()


def test_an_educator_who_runs_groups_is_asked_to_hand_them_over_first(client):
    educator = make_user(password=PASSWORD)
    group = make_group(educator=educator, name="Tuesday class")
    client.force_login(educator)

    page = client.get(DELETE)
    response = client.post(DELETE, {"password": PASSWORD})

    assert "Tuesday class" in page.text and 'name="password"' not in page.text
    assert response.status_code == 409
    assert "Hand each group over to another educator, or delete it." in response.text
    assert reverse("groups:group-detail", args=[group.pk]) in response.text
    assert get_user_model().objects.filter(pk=educator.pk).exists()
    assert LearnerGroup.objects.filter(pk=group.pk).exists()
    assert client.session["_auth_user_id"] == str(educator.pk)


def test_delete_without_a_csrf_token_is_refused():
    user = make_user(password=PASSWORD)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)

    response = csrf_client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_delete_refuses_other_methods(client):
    user = make_user(password=PASSWORD)
    client.force_login(user)

    assert client.put(DELETE).status_code == 405
    assert client.delete(DELETE).status_code == 405
    assert get_user_model().objects.filter(pk=user.pk).exists()
