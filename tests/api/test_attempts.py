"""Starting and reading attempts, and my attempts, through the API: who may, in what order,
and what an attempt shows. Answers and submits are in test_attempt_answers.py."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from core.visitors import SESSION_KEY
from groups import services as group_services
from groups.models import Membership
from quizzes import services
from quizzes.models import Attempt
from tests.api.conftest import bearer
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


def start_url(quiz):
    return f"{API}/quizzes/{quiz.slug}/attempts/"


def attempt_url(attempt_id, action=""):
    return f"{API}/attempts/{attempt_id}/{action + '/' if action else ''}"


def post(client, url, body=None, **kwargs):
    data = "" if body is None else json.dumps(body)
    return client.post(url, data, content_type="application/json", **kwargs)


def error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def quiz():
    return make_quiz(slug="gut-quiz", title="Gut quiz", questions=3)


# --- starting --------------------------------------------------------------------------------


def test_start_creates_an_attempt_201_with_its_location_and_questions(client, learner, quiz):
    client.force_login(learner)

    response = post(client, start_url(quiz))

    assert response.status_code == 201, response.content
    body = response.json()
    attempt = Attempt.objects.get(user=learner)
    assert body["id"] == str(attempt.pk)
    assert response["Location"] == f"http://testserver{attempt_url(attempt.pk)}"
    assert body["status"] == "in_progress"
    assert body["quiz"] == {
        "slug": "gut-quiz",
        "title": "Gut quiz",
        "url": "http://testserver/quizzes/gut-quiz/",
    }
    assert [q["id"] for q in body["questions"]] == attempt.question_order
    assert [q["number"] for q in body["questions"]] == [1, 2, 3]
    assert (body["question_count"], body["answered_count"]) == (3, 0)
    assert body["score"] is None and body["passed"] is None
    assert body["url"] == f"http://testserver/quizzes/attempts/{attempt.pk}/"


def test_starting_again_resumes_the_unfinished_attempt_with_200(client, learner, quiz):
    client.force_login(learner)
    first = post(client, start_url(quiz)).json()

    again = post(client, start_url(quiz))

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Attempt.objects.filter(user=learner).count() == 1


def test_after_a_submit_a_start_is_a_new_attempt(client, learner, quiz):
    client.force_login(learner)
    first = post(client, start_url(quiz)).json()
    post(client, attempt_url(first["id"], "submit"))

    second = post(client, start_url(quiz))

    assert second.status_code == 201
    assert second.json()["id"] != first["id"]
    assert second.json()["number"] == 2


def test_a_shuffled_attempt_shows_its_stored_question_and_choice_order(client, learner):
    quiz = make_quiz(questions=6, shuffle_questions=True, shuffle_choices=True)
    client.force_login(learner)

    body = post(client, start_url(quiz)).json()
    again = client.get(attempt_url(body["id"])).json()

    attempt = Attempt.objects.get(pk=body["id"])
    assert [q["id"] for q in again["questions"]] == attempt.question_order
    for question in again["questions"]:
        assert [c["id"] for c in question["choices"]] == attempt.choice_order[str(question["id"])]
    assert again["questions"] == body["questions"]


@pytest.mark.parametrize("slug", ["no-such-quiz", "draft"])
def test_starting_an_unknown_or_unpublished_quiz_is_404(client, learner, slug):
    make_quiz(slug="draft", status="draft", questions=1)
    client.force_login(learner)

    error(post(client, f"{API}/quizzes/{slug}/attempts/"), 404, "not_found")
    assert not Attempt.objects.exists()


def test_no_attempts_left_is_409_and_starts_nothing(client, learner):
    quiz = make_quiz(questions=1, max_attempts=1)
    client.force_login(learner)
    first = post(client, start_url(quiz)).json()
    post(client, attempt_url(first["id"], "submit"))

    response = post(client, start_url(quiz))

    assert error(response, 409, "no_attempts_left")["message"] == (
        "You have used all the attempts this quiz allows."
    )
    assert Attempt.objects.filter(user=learner).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"assignment": "12"}, "assignment"),
        ({"assignment": 1.5}, "assignment"),
        ({"assignment": True}, "assignment"),
        ({"assignment": 0}, "assignment"),
        ({"assignment": 2**64}, "assignment"),
        ({"quiz": "gut-quiz"}, "quiz"),
        ([1, 2], "non_field_errors"),
    ],
)
def test_a_start_body_with_wrong_types_or_unknown_fields_is_400(client, learner, quiz, body, field):
    client.force_login(learner)

    details = error(post(client, start_url(quiz), body), 400, "invalid")["details"]

    assert field in details
    assert not Attempt.objects.exists()


def test_a_start_body_that_is_not_json_is_400_or_415(client, learner, quiz):
    client.force_login(learner)

    malformed = client.post(start_url(quiz), "{", content_type="application/json")
    form = client.post(start_url(quiz), "a=1", content_type="application/x-www-form-urlencoded")

    error(malformed, 400, "malformed_json")
    error(form, 415, "unsupported_media_type")
    assert not Attempt.objects.exists()


# --- anonymous visitors, sessions and CSRF ------------------------------------------------------


def test_an_anonymous_visitor_starts_and_reads_an_attempt_with_the_session(client, quiz):
    response = post(client, start_url(quiz))

    assert response.status_code == 201
    attempt = Attempt.objects.get()
    assert attempt.user is None
    assert attempt.visitor_id == client.session[SESSION_KEY]
    assert client.get(attempt_url(attempt.pk)).status_code == 200
    # Another browser (another session) does not see it.
    assert Client().get(attempt_url(attempt.pk)).status_code == 404


def test_anonymous_writes_need_the_csrf_token_like_the_sites_forms(quiz):
    browser = Client(enforce_csrf_checks=True)

    refused = post(browser, start_url(quiz))

    error(refused, 403, "csrf_failed")
    assert not Attempt.objects.exists()
    # Asking for my attempts gives an anonymous client the CSRF cookie to send back.
    assert browser.get(f"{API}/me/attempts/").status_code == 200
    token = browser.cookies["csrftoken"].value
    started = post(browser, start_url(quiz), headers={"X-CSRFToken": token})
    assert started.status_code == 201
    attempt_id = started.json()["id"]
    question = started.json()["questions"][0]
    answer = {"question": question["id"], "choices": [question["choices"][0]["id"]]}
    error(post(browser, attempt_url(attempt_id, "responses"), answer), 403, "csrf_failed")
    error(post(browser, attempt_url(attempt_id, "submit")), 403, "csrf_failed")
    assert Attempt.objects.get().submitted_at is None


def test_signed_in_session_writes_need_the_csrf_token(learner, quiz):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)

    error(post(browser, start_url(quiz)), 403, "csrf_failed")
    assert not Attempt.objects.exists()


def test_token_requests_need_no_csrf_token(learner, quiz):
    script = Client(enforce_csrf_checks=True)

    response = post(script, start_url(quiz), headers=bearer(learner))

    assert response.status_code == 201
    assert Attempt.objects.get().user == learner


def test_a_revoked_or_unknown_token_is_401_and_starts_nothing(client, quiz):
    response = post(
        client, start_url(quiz), headers={"Authorization": "Bearer msp_000000000000_" + "A" * 43}
    )

    error(response, 401, "invalid_token")
    assert not Attempt.objects.exists()


# --- starting from an assignment ---------------------------------------------------------------


@pytest.fixture
def group(educator, learner):
    group = group_services.group_create(educator=educator, name="Tuesday class")
    Membership.objects.create(group=group, user=learner)
    return group


@pytest.fixture
def assignment(group, educator, quiz):
    return group_services.assignment_create(
        group=group, educator=educator, quiz=quiz, max_attempts=1
    )


def test_a_member_starts_an_assignment_and_resumes_it(client, learner, assignment, quiz):
    client.force_login(learner)

    first = post(client, start_url(quiz), {"assignment": assignment.pk})
    again = post(client, start_url(quiz), {"assignment": assignment.pk})

    assert first.status_code == 201
    assert first.json()["assignment"] == assignment.pk
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Attempt.objects.get().assignment == assignment


def test_an_assignment_attempt_limit_is_409_once_used(client, learner, assignment, quiz):
    client.force_login(learner)
    first = post(client, start_url(quiz), {"assignment": assignment.pk}).json()
    post(client, attempt_url(first["id"], "submit"))

    response = post(client, start_url(quiz), {"assignment": assignment.pk})

    error(response, 409, "no_attempts_left")
    assert Attempt.objects.count() == 1


def test_an_assignment_that_opens_later_is_409_not_open(client, learner, group, educator, quiz):
    later = group_services.assignment_create(
        group=group,
        educator=educator,
        quiz=quiz,
        opens_at=timezone.now() + datetime.timedelta(days=1),
    )
    client.force_login(learner)

    error(post(client, start_url(quiz), {"assignment": later.pk}), 409, "not_open")
    assert not Attempt.objects.exists()


def test_an_assignment_that_is_not_yours_is_404_whatever_the_reason(
    client, other_learner, educator, assignment, quiz
):
    other_quiz = make_quiz(questions=1)
    client.force_login(other_learner)

    not_member = post(client, start_url(quiz), {"assignment": assignment.pk})
    unknown = post(client, start_url(quiz), {"assignment": assignment.pk + 1000})
    client.force_login(assignment.group.memberships.get().user)
    other_quiz_response = post(client, start_url(other_quiz), {"assignment": assignment.pk})

    messages = {
        error(response, 404, "not_found")["message"]
        for response in (not_member, unknown, other_quiz_response)
    }
    assert messages == {"We could not find that assignment among yours."}
    assert not Attempt.objects.exists()


def test_an_anonymous_visitor_cannot_start_an_assignment(client, assignment, quiz):
    error(post(client, start_url(quiz), {"assignment": assignment.pk}), 401, "not_authenticated")
    assert not Attempt.objects.exists()


# --- reading an attempt ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_learner", "educator", "editor", "staff", "anonymous"])
def test_someone_elses_attempt_is_404_for_everybody(client, learner, quiz, who, request):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    if who == "staff":
        client.force_login(make_user(is_staff=True, is_superuser=True))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(attempt_url(attempt.pk))

    assert error(response, 404, "not_found")["message"] == "We could not find that quiz attempt."


def test_someone_elses_attempt_is_404_with_a_token_too(client, learner, other_learner, quiz):
    attempt = services.attempt_start(quiz=quiz, user=learner)

    assert client.get(attempt_url(attempt.pk), headers=bearer(learner)).status_code == 200
    error(client.get(attempt_url(attempt.pk), headers=bearer(other_learner)), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "attempts/not-a-uuid/",
        "attempts/12/",
        "attempts/00000000-0000-0000-0000-000000000000/",
        "attempts/../groups/",
    ],
)
def test_malformed_or_unknown_attempt_ids_are_json_404(client, learner, path):
    client.force_login(learner)

    error(client.get(f"{API}/{path}"), 404, "not_found")


def test_time_left_is_given_for_a_timed_quiz(client, learner):
    quiz = make_quiz(questions=1, time_limit_minutes=20)
    client.force_login(learner)

    body = post(client, start_url(quiz)).json()

    assert body["deadline_at"] is not None
    assert 19 <= body["minutes_left"] <= 20


def test_reading_an_attempt_whose_time_ran_out_submits_it(client, learner, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=2, time_limit_minutes=5)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(learner)

    body = client.get(attempt_url(attempt.pk)).json()

    assert body["status"] == "submitted"
    assert body["minutes_left"] is None
    assert (body["score"], body["max_score"], body["passed"]) == (0.0, 2.0, False)
    assert body["url"].endswith("/result/")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "quizzes/gut-quiz/attempts/"),
        ("put", "attempts/{id}/"),
        ("delete", "attempts/{id}/"),
        ("post", "attempts/{id}/"),
        ("get", "attempts/{id}/responses/"),
        ("get", "attempts/{id}/submit/"),
        ("patch", "attempts/{id}/submit/"),
        ("post", "me/attempts/"),
    ],
)
def test_wrong_http_methods_are_json_405(client, learner, quiz, method, path):
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)

    url = f"{API}/{path.format(id=attempt.pk)}"
    response = client.generic(method.upper(), url, "{}", content_type="application/json")

    error(response, 405, "method_not_allowed")


# --- my attempts ----------------------------------------------------------------------------------


def test_my_attempts_lists_mine_newest_first_without_questions(client, learner, other_learner):
    quizzes = [make_quiz(questions=1) for _ in range(3)]
    mine = [services.attempt_start(quiz=quiz, user=learner) for quiz in quizzes]
    services.attempt_submit(attempt=mine[0])
    services.attempt_start(quiz=quizzes[0], user=other_learner)
    client.force_login(learner)

    body = client.get(f"{API}/me/attempts/").json()

    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [str(a.pk) for a in reversed(mine)]
    oldest = body["results"][-1]
    assert oldest["status"] == "submitted"
    assert (oldest["score"], oldest["max_score"], oldest["percent"]) == (0.0, 1.0, 0.0)
    assert oldest["url"].endswith(f"/quizzes/attempts/{mine[0].pk}/result/")
    assert body["results"][0]["status"] == "in_progress"
    assert "questions" not in body["results"][0]


def test_my_attempts_with_a_token(client, learner, quiz):
    services.attempt_start(quiz=quiz, user=learner)

    body = client.get(f"{API}/me/attempts/", headers=bearer(learner)).json()

    assert body["count"] == 1


def test_my_attempts_without_an_account_are_this_sessions_attempts(client, quiz):
    post(client, start_url(quiz))
    services.attempt_start(quiz=quiz, visitor_id="someone-else")
    services.attempt_start(quiz=quiz, user=make_user())

    body = client.get(f"{API}/me/attempts/").json()

    assert body["count"] == 1
    assert body["results"][0]["id"] == str(
        Attempt.objects.get(visitor_id=client.session[SESSION_KEY]).pk
    )


def test_my_attempts_for_a_new_anonymous_visitor_is_empty_and_makes_no_visitor(client, quiz):
    services.attempt_start(quiz=quiz, visitor_id="someone-else")

    response = client.get(f"{API}/me/attempts/")

    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert SESSION_KEY not in client.session
    assert "csrftoken" in response.cookies


def test_my_attempts_are_paginated(client, learner):
    for _ in range(3):
        services.attempt_start(quiz=make_quiz(questions=1), user=learner)
    client.force_login(learner)

    body = client.get(f"{API}/me/attempts/", {"page_size": 2, "page": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 1
    assert body["previous"] is not None


# --- before and after (groups/gain.py) ----------------------------------------------------------


@pytest.fixture
def before_after(group, educator, quiz):
    return group_services.assignment_create(
        group=group, educator=educator, quiz=quiz, pre_quiz=quiz
    )


def test_before_and_after_through_the_api(client, learner, before_after, quiz):
    from groups.models import PreTest

    client.force_login(learner)
    early = post(client, start_url(quiz), {"assignment": before_after.pk, "step": "after"})
    error(early, 409, "pre_test_first")
    assert not Attempt.objects.exists()

    before = post(client, start_url(quiz), {"assignment": before_after.pk})
    assert before.status_code == 201
    assert PreTest.objects.get().attempt_id is not None
    post(client, attempt_url(before.json()["id"], "submit"))
    error(
        post(client, start_url(quiz), {"assignment": before_after.pk, "step": "before"}),
        409,
        "pre_test_done",
    )
    after = post(client, start_url(quiz), {"assignment": before_after.pk, "step": "after"})
    assert after.status_code == 201 and after.json()["id"] != before.json()["id"]
    assert Attempt.objects.count() == 2


@pytest.mark.parametrize("step", ["during", 1, ["before"], None])
def test_a_tampered_step_is_400_and_starts_nothing(client, learner, before_after, quiz, step):
    client.force_login(learner)
    response = post(client, start_url(quiz), {"assignment": before_after.pk, "step": step})
    assert response.status_code == 400
    assert not Attempt.objects.exists()


def test_a_before_step_on_a_plain_assignment_is_409(client, learner, assignment, quiz):
    client.force_login(learner)
    response = post(client, start_url(quiz), {"assignment": assignment.pk, "step": "before"})
    error(response, 409, "wrong_step")
    assert not Attempt.objects.exists()
