"""Answers that depend on who is asking say `Cache-Control: private, no-store`.

core.middleware.PrivatePagesMiddleware marks them in one place. The walk reuses the permission
matrix: every URL of the site and the API, fetched by the people who get a 200 there. Public
pages for a visitor without a session stay unmarked, so the public page cache (and any cache in
front of the site) may keep them.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty

from accounts.api_tokens import api_token_create
from tests.test_permission_matrix import MATRIX, World

pytestmark = pytest.mark.django_db

SIGNED_IN_ROLES = ["learner", "educator", "editor"]
ROLE_INDEX = {"anonymous": 0, "learner": 1, "educator": 3, "editor": 5}


@pytest.fixture
def world():
    return World()


def _private(response):
    control = response.get("Cache-Control", "")
    return "private" in control and "no-store" in control


def _get(client, world, name):
    return client.get(reverse(name, kwargs=world.kwargs(name)))


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_page_a_signed_in_person_gets_is_private(world, role):
    client = Client()
    client.force_login(world.users[role])
    checked = []
    for name, statuses in MATRIX.items():
        if statuses["get"][ROLE_INDEX[role]] != 200:
            continue
        cache.clear()  # rate-limit counts
        with transaction.atomic():
            response = _get(client, world, name)
            transaction.set_rollback(True)
        assert response.status_code == 200, name
        assert _private(response), (name, response.get("Cache-Control"))
        checked.append(name)
    assert len(checked) > 30


PERSONAL = {
    "groups:group-list": "educator",
    "groups:group-detail": "educator",
    "groups:assignment-detail": "educator",  # the results dashboard
    "groups:assignment-results-csv": "educator",
    "quizzes:attempt-result": "learner",
    "api-v1:assignment-results": "educator",
    "api-v1:my-attempts": "learner",
    "review:queue": "learner",
    "review:step": "learner",
    "review:card": "learner",
    "api-v1:my-review": "learner",
}


@pytest.mark.parametrize("name", list(PERSONAL))
def test_groups_results_and_quiz_results_are_private(world, name):
    client = Client()
    client.force_login(world.users[PERSONAL[name]])
    response = _get(client, world, name)
    assert response.status_code == 200
    assert _private(response), response.get("Cache-Control")


def test_api_answers_for_a_token_are_private(world):
    _token, secret = api_token_create(user=world.users["educator"], name="dashboard")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = reverse("api-v1:assignment-results", kwargs=world.kwargs("api-v1:assignment-results"))
    response = client.get(url)
    assert response.status_code == 200
    assert _private(response), response.get("Cache-Control")


PUBLIC_PAGES = [
    "learn:home",
    "learn:module-list",
    "learn:module-detail",
    "learn:article-detail",
    "learn:faq-list",
    "learn:faq-detail",
    "learn:search",
    "editorial:about",
    "editorial:glossary",
    "quizzes:quiz-list",
    "quizzes:quiz-detail",
    "api-v1:module-list",
    "api-v1:article-detail",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_for_a_visitor_without_a_session_stay_cacheable(world, name):
    for _visit in range(2):  # filling the public page cache, then served from it
        response = _get(Client(), world, name)
        assert response.status_code == 200
        control = response.get("Cache-Control", "")
        assert "private" not in control and "no-store" not in control, control


def test_an_anonymous_visitor_with_a_session_gets_private_pages(world):
    client = Client()
    start = reverse("quizzes:quiz-detail", kwargs={"slug": world.quiz.slug})
    started = client.post(start)  # a quiz attempt belongs to this visitor's new session
    assert started.status_code == 302
    assert _private(started)
    attempt_page = client.get(started.url)
    assert attempt_page.status_code == 200
    assert _private(attempt_page)
    assert _private(client.get(reverse("learn:home")))


def test_stricter_directives_a_view_set_are_kept(world):
    client = Client()
    client.force_login(world.users["learner"])
    control = client.get(reverse("accounts:me"))["Cache-Control"]
    for directive in ("private", "no-store", "no-cache", "must-revalidate", "max-age=0"):
        assert directive in control, control


def test_an_anonymous_visitors_review_queue_is_private(world):
    """The review page is personal for a visitor with a session too (their own cards)."""
    client = Client()
    client.get(reverse("review:queue"))
    session = client.session
    session["msportal_visitor_id"] = "a-visitor"
    session.save()
    response = client.get(reverse("review:queue"))
    assert response.status_code == 200
    assert _private(response), response.get("Cache-Control")


def test_a_visitor_without_a_session_is_not_looked_up(client):
    """Without a session cookie the user is anonymous: marking the answer loads no user."""
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert vars(response.wsgi_request.user)["_wrapped"] is empty


def test_a_user_signed_in_during_the_request_gets_a_private_answer(world):
    response = Client().post(
        reverse("login"),
        {"username": world.users["learner"].username, "password": "pw-for-tests-only"},
    )

    assert response.status_code == 302
    assert _private(response)
