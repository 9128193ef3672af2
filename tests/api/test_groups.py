"""Educators' endpoints: my groups, a group, its assignments, an assignment's results.

Every endpoint against six people (anonymous, member, non-member, owner, other educator,
editor), as tests/groups/test_permissions.py does for the pages: only the educator who runs
the group sees it; everyone else signed in gets 404 (never 403), and "my groups" is empty.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.api_tokens import api_token_create, api_token_revoke
from groups import services as group_services
from groups import stats
from groups.models import Accommodation, Assignment, Hold, LearnerGroup, Membership
from tests.api.conftest import bearer
from tests.factories import make_quiz, make_user
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db

API = "/api/v1"
ROLES = ["anonymous", "member", "non_member", "owner", "other_educator", "editor"]


@pytest.fixture
def people(learner, other_learner, educator, other_educator, editor):
    return {
        "anonymous": None,
        "member": learner,
        "non_member": other_learner,
        "owner": educator,
        "other_educator": other_educator,
        "editor": editor,
    }


@pytest.fixture
def quiz():
    return make_quiz(slug="gut-quiz", title="Gut and brain", questions=4)


@pytest.fixture
def group(educator, learner):
    group = group_services.group_create(
        educator=educator, name="Tuesday class", description="Spring."
    )
    Membership.objects.create(group=group, user=learner)
    return group


@pytest.fixture
def assignment(group, educator, quiz):
    return group_services.assignment_create(
        group=group,
        educator=educator,
        quiz=quiz,
        due_at=timezone.now() + datetime.timedelta(days=7),
        instructions="Take your time.",
    )


def error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    return body["error"]


def as_role(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def new_assignment_body(**changes):
    return {
        "quiz": "gut-quiz",
        "opens_at": "2026-03-02T09:00:00Z",
        "due_at": "2026-03-16T17:00:00Z",
        "max_attempts": 2,
        "instructions": "  Read the lessons first.  ",
    } | changes


# --- who sees what ---------------------------------------------------------------------------

# endpoint: expected status per role, in ROLES order
OWNER_ONLY = [401, 404, 404, 200, 404, 404]
MATRIX = {
    "group": OWNER_ONLY,
    "assignments": OWNER_ONLY,
    "results": OWNER_ONLY,
    "create": [401, 404, 404, 201, 404, 404],
}


def _request(client, endpoint, group, assignment):
    paths = {
        "group": f"{API}/groups/{group.pk}/",
        "assignments": f"{API}/groups/{group.pk}/assignments/",
        "results": f"{API}/assignments/{assignment.pk}/results/",
    }
    if endpoint == "create":
        body = json.dumps(new_assignment_body())
        return client.post(paths["assignments"], body, content_type="application/json")
    return client.get(paths[endpoint])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_only_the_educator_who_runs_the_group_gets_in(
    client, people, role, endpoint, group, assignment
):
    response = _request(as_role(client, people, role), endpoint, group, assignment)

    expected = MATRIX[endpoint][ROLES.index(role)]
    assert response.status_code == expected, response.content
    if expected == 401:
        error(response, 401, "not_authenticated")
    if expected == 404:
        assert error(response, 404, "not_found")["message"] == "Nothing was found at this address."
    if endpoint == "create" and expected != 201:
        assert Assignment.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_my_groups_lists_only_the_groups_i_run(client, people, role, group):
    group_services.group_create(educator=people["other_educator"], name="Their group")

    response = as_role(client, people, role).get(f"{API}/groups/")

    if role == "anonymous":
        error(response, 401, "not_authenticated")
        return
    names = [row["name"] for row in response.json()["results"]]
    expected = {"owner": ["Tuesday class"], "other_educator": ["Their group"]}
    assert names == expected.get(role, [])


def test_an_educator_who_lost_the_role_sees_nothing(client, educator, group, assignment):
    educator.groups.remove(Group.objects.get(name="Educators"))
    client.force_login(educator)

    assert client.get(f"{API}/groups/").json()["count"] == 0
    error(client.get(f"{API}/groups/{group.pk}/"), 404, "not_found")
    error(client.get(f"{API}/assignments/{assignment.pk}/results/"), 404, "not_found")


@pytest.mark.parametrize(
    "path", ["groups/abc/", "groups/-1/", "groups/99999999/", "assignments/x/results/"]
)
def test_malformed_or_unknown_ids_are_json_404(client, educator, path):
    client.force_login(educator)

    error(client.get(f"{API}/{path}"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "groups/"),
        ("delete", "groups/{group}/"),
        ("put", "groups/{group}/assignments/"),
        ("post", "assignments/{assignment}/results/"),
    ],
)
def test_wrong_http_methods_are_json_405(client, educator, group, assignment, method, path):
    client.force_login(educator)
    url = f"{API}/{path.format(group=group.pk, assignment=assignment.pk)}"

    response = client.generic(method.upper(), url, "{}", content_type="application/json")

    error(response, 405, "method_not_allowed")


# --- groups ------------------------------------------------------------------------------------


def test_my_groups_give_join_codes_and_member_counts(client, educator, group):
    add_members(group, 2)
    group_services.group_close(group=group, educator=educator)
    client.force_login(educator)

    body = client.get(f"{API}/groups/").json()

    group.refresh_from_db()
    assert body["results"] == [
        {
            "id": group.pk,
            "name": "Tuesday class",
            "description": "Spring.",
            "join_code": group_services.format_join_code(group.join_code),
            "join_url": f"http://testserver/groups/join/?code={group.join_code}",
            "is_open": False,
            "member_count": 3,
            "time_zone": "UTC",
            "created_at": body["results"][0]["created_at"],
            "url": f"http://testserver/groups/{group.pk}/",
        }
    ]


def test_a_group_lists_its_members_by_name(client, educator, group, learner):
    zoe = make_user(username="zoe", first_name="Zoe", last_name="Adams")
    nameless = make_user(username="bee")
    Membership.objects.create(group=group, user=zoe)
    Membership.objects.create(group=group, user=nameless)
    client.force_login(educator)

    body = client.get(f"{API}/groups/{group.pk}/").json()

    assert body["member_count"] == 3
    members = body["members"]
    assert [(m["id"], m["name"], m["username"]) for m in members] == [
        (nameless.pk, "bee", "bee"),
        (learner.pk, "Sam Lee", "sam"),
        (zoe.pk, "Zoe Adams", "zoe"),
    ]
    assert all(m["joined_at"] for m in members)
    assert set(members[0]) == {"id", "name", "username", "joined_at"}


# --- assignments -------------------------------------------------------------------------------


def test_a_groups_assignments_newest_first_with_submissions(client, educator, group, assignment):
    newer = group_services.assignment_create(
        group=group, educator=educator, quiz=make_quiz(questions=1)
    )
    submit_attempt(assignment=assignment, user=group.memberships.get().user, correct=[True] * 4)
    client.force_login(educator)

    body = client.get(f"{API}/groups/{group.pk}/assignments/").json()

    assert [row["id"] for row in body["results"]] == [newer.pk, assignment.pk]
    row = body["results"][1]
    assert row["quiz"]["slug"] == "gut-quiz"
    assert row["group"] == group.pk
    assert row["submitted_count"] == 1
    assert row["instructions"] == "Take your time."
    assert row["results_url"] == f"http://testserver{API}/assignments/{assignment.pk}/results/"
    assert row["url"] == f"http://testserver/groups/{group.pk}/assignments/{assignment.pk}/"


def test_creating_an_assignment_goes_through_the_service(client, educator, group, quiz):
    client.force_login(educator)

    response = client.post(
        f"{API}/groups/{group.pk}/assignments/",
        json.dumps(new_assignment_body()),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    created = Assignment.objects.get()
    assert response.json()["id"] == created.pk
    assert (created.group, created.quiz, created.max_attempts) == (group, quiz, 2)
    assert created.opens_at == datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    assert created.instructions == "Read the lessons first."  # the service strips it
    assert response.json()["submitted_count"] == 0


def test_an_assignment_needs_only_a_quiz(client, educator, group, quiz):
    client.force_login(educator)

    response = client.post(
        f"{API}/groups/{group.pk}/assignments/",
        json.dumps({"quiz": "gut-quiz"}),
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["opens_at"], body["due_at"], body["max_attempts"]) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quiz": 5}, "quiz", "Send the quiz's slug as text."),
        (
            {"due_at": "2026-03-01T09:00:00Z"},
            "due_at",
            "The due date must be after the opening date.",
        ),
        ({"max_attempts": 0}, "max_attempts", "Allow at least 1 attempt, or leave it empty."),
        ({"max_attempts": "2"}, "max_attempts", "A whole number is required."),
        ({"max_attempts": 40000}, "max_attempts", None),
        ({"opens_at": "next tuesday"}, "opens_at", None),
        ({"group": 3}, "group", "This field is not accepted here."),
    ],
)
def test_an_assignment_that_breaks_a_rule_is_400_with_field_errors_and_not_made(
    client, educator, group, quiz, changes, field, message
):
    make_quiz(slug="draft-quiz", status="draft", questions=1)
    client.force_login(educator)

    response = client.post(
        f"{API}/groups/{group.pk}/assignments/",
        json.dumps(new_assignment_body(**changes)),
        content_type="application/json",
    )

    details = error(response, 400, "invalid")["details"]
    assert field in details
    if message:
        assert details[field] == [message]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("slug", ["draft-quiz", "no-such-quiz"])
def test_an_assignment_of_a_quiz_slug_that_names_nothing_is_404_and_not_made(
    client, educator, group, quiz, slug
):
    make_quiz(slug="draft-quiz", status="draft", questions=1)
    client.force_login(educator)

    response = client.post(
        f"{API}/groups/{group.pk}/assignments/",
        json.dumps(new_assignment_body(quiz=slug)),
        content_type="application/json",
    )

    details = error(response, 404, "not_found")["details"]
    assert details == {"quiz": ["No published quiz has this slug."]}
    assert not Assignment.objects.exists()


def test_creating_an_assignment_counts_toward_the_write_rate(client, educator, group, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api-write": "1/min",
        },
    }
    make_quiz(slug="gut-quiz", questions=1)
    client.force_login(educator)
    path = f"{API}/groups/{group.pk}/assignments/"
    body = json.dumps({"quiz": "gut-quiz"})

    statuses = [client.post(path, body, content_type="application/json").status_code]
    statuses += [client.get(path).status_code]
    statuses += [client.post(path, body, content_type="application/json").status_code]

    assert statuses == [201, 200, 429]
    assert Assignment.objects.count() == 1


# --- results -----------------------------------------------------------------------------------

# Learner i gets question 1 always right, question 2 when i >= 5, question 3 only when i == 9,
# question 4 when i is even (as tests/groups/test_stats.py).
PATTERNS = [[True, i >= 5, i == 9, i % 2 == 0] for i in range(10)]


def test_results_of_a_small_group_hide_group_statistics_and_say_why(
    client, educator, group, assignment, learner
):
    for user, pattern in zip(add_members(group, 2), PATTERNS[:2], strict=True):
        submit_attempt(assignment=assignment, user=user, correct=pattern)
    client.force_login(educator)

    body = client.get(f"{API}/assignments/{assignment.pk}/results/").json()

    assert (body["member_count"], body["submitted_count"]) == (3, 2)
    assert body["min_learners_for_statistics"] == 5
    assert body["statistics"] is None
    assert "at least 5 learners" in body["statistics_note"]
    assert body["status_counts"] == {
        "not_started": 1,
        "in_progress": 0,
        "submitted": 2,
        "overdue": 0,
        "on_hold": 0,
    }
    assert [row["username"] for row in body["learners"]] == ["learner-0", "learner-1", "sam"]
    assert body["learners"][2]["status"] == "not_started"
    assert body["learners"][2]["score"] is None
    assert "misconception" not in json.dumps(body)


def test_results_give_the_dashboards_figures_once_five_have_submitted(
    client, educator, group, assignment, learner
):
    users = add_members(group, 10)
    for user, pattern in zip(users, PATTERNS, strict=True):
        submit_attempt(assignment=assignment, user=user, correct=pattern)
    Accommodation.objects.create(assignment=assignment, user=learner, extra_attempts=1)
    Hold.objects.create(
        assignment=assignment, user=learner, started_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(educator)

    body = client.get(f"{API}/assignments/{assignment.pk}/results/").json()

    expected = stats.assignment_results(assignment=assignment)
    assert body["statistics_note"] is None
    figures = body["statistics"]
    assert figures["completion_rate"] == pytest.approx(expected.completion_rate)
    assert (figures["mean"], figures["median"]) == (expected.mean, expected.median)
    assert figures["pass_share"] == expected.pass_share == 30
    assert [b["count"] for b in figures["histogram"]] == [0, 0, 2, 0, 0, 5, 0, 3, 0, 0]
    assert [q["facility"] for q in figures["questions"]] == [100, 50, 10, 50]
    assert [q["discrimination"] for q in figures["questions"]] == pytest.approx(
        [0, 1, 1 / 3, 1 / 3]
    )
    # The same review rule as the dashboard and CSV: everyone right is easy, not suspect.
    assert [q["review_reason"] for q in figures["questions"]] == ["easy", "", "hard", ""]
    assert [q["needs_review"] for q in figures["questions"]] == [False, False, True, False]
    assert all("submitted_at" in row for row in body["learners"])
    sam = next(row for row in body["learners"] if row["username"] == "sam")
    assert sam["status"] == "on_hold"
    assert sam["accommodations"] == ["1 extra attempt"]
    assert sam["attempts_allowed"] is None  # the quiz has no limit; +1 of unlimited
    assert sam["holds"][0]["ended_at"] is None
    best = next(row for row in body["learners"] if row["username"] == "learner-9")
    assert (best["score"], best["reached_pass_mark"], best["attempts_used"]) == (75.0, True, 1)
    assert body["assignment"]["group"] == {"id": group.pk, "name": "Tuesday class"}


def test_an_educator_reads_results_with_a_token_and_others_cannot(
    client, educator, learner, other_educator, assignment
):
    path = f"{API}/assignments/{assignment.pk}/results/"
    token, raw = api_token_create(user=educator, name="dashboard")

    mine = client.get(path, headers={"Authorization": f"Bearer {raw}"})
    members = client.get(path, headers=bearer(learner))
    theirs = client.get(path, headers=bearer(other_educator))
    api_token_revoke(user=educator, token_id=token.pk)
    revoked = client.get(path, headers={"Authorization": f"Bearer {raw}"})

    assert mine.status_code == 200
    assert mine.json()["assignment"]["id"] == assignment.pk
    error(members, 404, "not_found")
    error(theirs, 404, "not_found")
    error(revoked, 401, "invalid_token")


def test_my_groups_with_a_token(client, educator, group):
    body = client.get(f"{API}/groups/", headers=bearer(educator)).json()

    assert [row["id"] for row in body["results"]] == [group.pk]
    assert LearnerGroup.objects.count() == 1
