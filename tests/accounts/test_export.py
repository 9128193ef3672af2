import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Profile
from groups.models import Accommodation, ExtraTime, Hold, Membership
from learn.models import LessonProgress
from tests.accounts.helpers import (
    answer,
    days_ago,
    make_assignment,
    make_attempt,
    make_group,
    make_question,
    make_quiz,
)
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

EXPORT = "/accounts/me/export.json"


def _download(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_export_is_a_json_attachment_that_is_not_cached(client):
    client.force_login(make_user())

    response, data = _download(client)

    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="msportal-my-data-')
    assert "no-store" in response["Cache-Control"]
    assert data["format"] == "msportal-personal-data"


def test_export_has_account_and_profile_but_never_the_password_hash(client):
    user = make_user(username="ana", first_name="Ana")
    Profile.objects.create(
        user=user,
        extra_time=ExtraTime.X1_5,
        display={"text_size": "large"},
        time_zone="Europe/Madrid",
        language="es",
    )
    client.force_login(user)

    response, data = _download(client)

    assert data["account"]["username"] == "ana"
    assert data["account"]["email"] == "ana@example.org"
    assert data["account"]["first_name"] == "Ana"
    assert data["profile"] == {
        "extra_time": "x1.5",
        "extra_time_label": "Time and a half",
        "display": {"text_size": "large"},
        "time_zone": "Europe/Madrid",
        "language": "es",
    }
    assert user.password not in response.content.decode()
    assert "password" not in json.dumps(data["account"])


def test_export_has_lesson_progress(client):
    user = make_user()
    lesson = make_article(title="What myelin does")
    LessonProgress.objects.create(user=user, article=lesson)
    client.force_login(user)

    _response, data = _download(client)

    [item] = data["lesson_progress"]
    assert item["lesson"] == "What myelin does"
    assert item["module"] == lesson.module.title
    assert item["completed_at"]


def test_export_has_attempts_with_each_answer(client):
    user = make_user()
    quiz = make_quiz(title="Gut basics")
    first = make_question(quiz=quiz, prompt="What are probiotics?")
    second = make_question(quiz=quiz, prompt="Do probiotics cure MS?")
    attempt = make_attempt(quiz=quiz, user=user, submitted=True)
    right = first.choices.get(is_correct=True)
    wrong = second.choices.filter(is_correct=False).first()
    answer(attempt, first, right)
    answer(attempt, second, wrong)
    client.force_login(user)

    _response, data = _download(client)

    [exported] = data["quiz_attempts"]
    assert exported["quiz"] == "Gut basics"
    assert exported["percent"] == 50.0
    assert exported["passed"] is False
    assert exported["responses"] == [
        {
            "question": "What are probiotics?",
            "chosen": [right.text],
            "is_correct": True,
            "score": 1.0,
            "answered_at": exported["responses"][0]["answered_at"],
        },
        {
            "question": "Do probiotics cure MS?",
            "chosen": [wrong.text],
            "is_correct": False,
            "score": 0.0,
            "answered_at": exported["responses"][1]["answered_at"],
        },
    ]


def test_export_shows_the_question_as_it_was_when_answered(client):
    user = make_user()
    question = make_question(prompt="Today's wording?")
    choice = question.choices.first()
    attempt = make_attempt(quiz=question.quiz, user=user)
    snapshot = {"prompt": "The old wording?", "choices": [{"id": choice.pk, "text": "Old text"}]}
    answer(attempt, question, choice, snapshot=snapshot)
    client.force_login(user)

    _response, data = _download(client)

    [response] = data["quiz_attempts"][0]["responses"]
    assert response["question"] == "The old wording?"
    assert response["chosen"] == ["Old text"]


def test_export_has_groups_accommodations_and_holds(client):
    user, educator = make_user(), make_user()
    group = make_group(educator=educator, name="Tuesday class")
    assignment = make_assignment(group=group, quiz=make_quiz(title="Gut basics"))
    Membership.objects.create(group=group, user=user)
    Accommodation.objects.create(
        assignment=assignment, user=user, extra_attempts=2, extra_time=ExtraTime.X2
    )
    Hold.objects.create(assignment=assignment, user=user, started_at=days_ago(2))
    client.force_login(user)

    _response, data = _download(client)

    assert [m["group"] for m in data["group_memberships"]] == ["Tuesday class"]
    [accommodation] = data["accommodations"]
    assert accommodation["group"] == "Tuesday class" and accommodation["quiz"] == "Gut basics"
    assert accommodation["extra_attempts"] == 2 and accommodation["extra_time"] == "x2"
    [hold] = data["holds"]
    assert hold["quiz"] == "Gut basics" and hold["ended_at"] is None


def test_export_lists_the_groups_an_educator_runs(client):
    educator = make_user()
    make_group(educator=educator, name="Clinic group", join_code="JOIN42")
    client.force_login(educator)

    _response, data = _download(client)

    assert data["groups_you_run"][0]["group"] == "Clinic group"
    assert data["groups_you_run"][0]["join_code"] == "JOIN42"


def test_export_holds_nothing_of_other_people(client):
    user, other = make_user(), make_user()
    LessonProgress.objects.create(user=other, article=make_article())
    make_attempt(quiz=make_quiz(), user=other)
    Membership.objects.create(group=make_group(educator=user), user=other)
    client.force_login(user)

    _response, data = _download(client)

    assert data["lesson_progress"] == []
    assert data["quiz_attempts"] == []
    assert data["group_memberships"] == []
    assert other.username not in json.dumps(data)


def _add_answered_attempts(user, count):
    quiz = make_quiz()
    questions = [make_question(quiz=quiz) for _ in range(3)]
    group = make_group(educator=make_user())
    assignment = make_assignment(group=group, quiz=quiz)
    Membership.objects.create(group=group, user=user)
    Accommodation.objects.create(assignment=assignment, user=user)
    for _ in range(count):
        attempt = make_attempt(quiz=quiz, user=user, assignment=assignment, submitted=True)
        for question in questions:
            answer(attempt, question, *question.choices.all()[:2])


def test_export_queries_do_not_grow_with_attempts_or_answers(client, django_assert_max_num_queries):
    user = make_user()
    client.force_login(user)
    _add_answered_attempts(user, 1)
    with CaptureQueriesContext(connection) as few:
        _download(client)

    _add_answered_attempts(user, 5)
    with django_assert_max_num_queries(14):
        _response, data = _download(client)
    with CaptureQueriesContext(connection) as many:
        _download(client)

    assert len(data["quiz_attempts"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_export_only_answers_get(client):
    client.force_login(make_user())

    assert client.post(EXPORT).status_code == 405


def test_export_lists_api_tokens_without_secrets_and_the_feedback_sent(client):
    from accounts.api_tokens import api_token_create
    from editorial.models import Feedback

    user = make_user()
    token, raw = api_token_create(user=user, name="reading app")
    Feedback.objects.create(page_title="What is MS?", helpful=True, message="Clear.", user=user)
    Feedback.objects.create(page_title="Other", helpful=False, message="Someone else's.")
    client.force_login(user)

    _response, data = _download(client)

    assert [item["name"] for item in data["api_tokens"]] == ["reading app"]
    exported = data["api_tokens"][0]
    assert exported["scope"] == "read"
    assert exported["expires_at"] == token.expires_at.isoformat()
    assert set(exported) == {
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
    }
    assert raw not in json.dumps(data) and token.secret_hash not in json.dumps(data)
    assert token.password_fingerprint not in json.dumps(data)
    assert [item["message"] for item in data["feedback_you_sent"]] == ["Clear."]
