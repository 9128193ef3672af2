"""Work a page repeats is done once a request and kept for that request only: role checks
(core/roles.py), display settings (core/display.py), the header's review count
(review/queue_count.py). A change shows on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import display
from core.roles import (
    EDITORS,
    EDUCATORS,
    MEDICAL_REVIEWERS,
    forget_roles,
    is_editor,
    is_educator,
    is_medical_reviewer,
)
from review import queue_count
from review.models import ReviewCard
from tests.factories import make_user
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

RUNS_GROUPS = "Groups you run"


def test_every_role_check_on_one_user_object_asks_the_database_once():
    user = make_user(is_staff=True, groups=[EDUCATORS, MEDICAL_REVIEWERS])
    with CaptureQueriesContext(connection) as queries:
        answers = [is_editor(user), is_educator(user), is_medical_reviewer(user), is_educator(user)]
    assert answers == [False, True, True, True]
    assert len(queries) == 1


def test_forget_roles_asks_again_on_the_same_object():
    user = make_user(is_staff=True)
    assert not is_editor(user)
    user.groups.add(Group.objects.get(name=EDITORS))
    assert not is_editor(user)  # kept on this object
    forget_roles(user)
    assert is_editor(user)
    forget_roles(user)  # nothing kept: no error
    forget_roles(user)


def test_a_role_given_or_taken_shows_on_the_next_request():
    user = make_user()
    client = Client()
    client.force_login(user)
    groups_page = reverse("groups:group-list")
    assert RUNS_GROUPS not in client.get(groups_page).content.decode()
    educators = Group.objects.get(name=EDUCATORS)
    user.groups.add(educators)
    assert RUNS_GROUPS in client.get(groups_page).content.decode()
    user.groups.remove(educators)
    assert RUNS_GROUPS not in client.get(groups_page).content.decode()


def test_display_settings_are_read_once_a_request_and_a_change_shows_on_the_next(monkeypatch):
    calls = []
    parse = display.parse_cookie
    monkeypatch.setattr(display, "parse_cookie", lambda raw: calls.append(raw) or parse(raw))
    client = Client()
    client.force_login(make_user())
    page = client.get(reverse("accounts:me")).content.decode()
    assert "display-theme-system" in page
    assert len(calls) == 1
    client.cookies[display.COOKIE_NAME] = "theme:dark"
    page = client.get(reverse("accounts:me")).content.decode()
    assert "display-theme-dark" in page and "display-theme-system" not in page
    assert len(calls) == 2


def _counting(monkeypatch):
    calls = []
    count = queue_count.due_count

    def counted(**owner):
        calls.append(owner)
        return count(**owner)

    monkeypatch.setattr(queue_count, "due_count", counted)
    return calls


def test_the_review_count_is_counted_once_a_request(client, monkeypatch):
    user = make_user()
    client.force_login(user)
    _quiz, attempt = take_quiz(user=user, answers=("wrong", "right", "right"))
    calls = _counting(monkeypatch)
    # The result page asks twice (the header and "Practise now"), the queue page too.
    page = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "Review (1)" in page and "Practise now" in page
    assert len(calls) == 1
    page = client.get(reverse("review:queue")).content.decode()
    assert "You have 1 question to practise today." in page and "Review (1)" in page
    assert len(calls) == 2


def test_a_review_count_change_shows_on_the_next_request(client):
    user = make_user()
    client.force_login(user)
    _quiz, attempt = take_quiz(user=user, answers=("wrong", "right", "right"))
    result = reverse("quizzes:attempt-result", args=[attempt.pk])
    assert "Review (1)" in client.get(result).content.decode()
    card = ReviewCard.objects.get(user=user)
    client.post(
        reverse("review:answer", args=[card.pk]),
        {"choice": [card.question.choices.get(is_correct=True).pk], "confidence": "sure"},
    )
    page = client.get(result).content.decode()
    assert "Review (" not in page and "Practise now" not in page
