"""Before and after on the pages, the CSV and the API: the form, the learner's steps, the
Start button's refusals, the educator's waiver, and the figures the educator sees."""

import csv
import io

import pytest
from django.urls import reverse

from groups.models import Assignment, PreTest
from groups.services import assignment_create
from quizzes.models import Attempt
from tests.factories import make_quiz
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_after(group, educator, quiz):
    return assignment_create(group=group, educator=educator, quiz=quiz, pre_quiz=quiz)


def _page(assignment):
    return reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])


def _start(client, assignment, step=""):
    url = reverse("groups:assignment-start", args=[assignment.group_id, assignment.pk])
    return client.post(url, {"step": step} if step else {}, follow=True)


def _fill(assignment, users, plans):
    for user, (pre, post) in zip(users, plans, strict=True):
        attempt = submit_attempt(
            assignment=assignment, user=user, correct=[True] * pre + [False] * (4 - pre)
        )
        PreTest.objects.create(assignment=assignment, user=user, attempt=attempt)
        submit_attempt(
            assignment=assignment, user=user, correct=[True] * post + [False] * (4 - post)
        )


def test_the_form_makes_a_before_and_after_assignment(client, educator, group, quiz):
    client.force_login(educator)
    url = reverse("groups:assignment-create", args=[group.pk])
    client.post(url, {"quiz": quiz.pk, "before_after": "on"})
    same = Assignment.objects.get()
    assert same.pre_quiz == quiz
    parallel = make_quiz(questions=2, title="Parallel")
    client.post(url, {"quiz": quiz.pk, "before_after": "on", "pre_quiz": parallel.pk})
    client.post(url, {"quiz": quiz.pk, "pre_quiz": parallel.pk})  # box not ticked: plain
    assert [a.pre_quiz for a in Assignment.objects.order_by("pk")] == [quiz, parallel, None]


def test_the_form_refuses_an_unpublished_before_test(client, educator, group, quiz):
    draft = make_quiz(questions=1, status="draft")
    client.force_login(educator)
    url = reverse("groups:assignment-create", args=[group.pk])
    response = client.post(url, {"quiz": quiz.pk, "before_after": "on", "pre_quiz": draft.pk})
    assert response.status_code == 400 and not Assignment.objects.exists()


def test_the_learner_sees_three_steps_and_the_after_test_opens_after(client, learner, before_after):
    client.force_login(learner)
    page = client.get(_page(before_after)).content.decode()
    assert "Start the before test" in page and "Read the module" in page
    assert "This opens once you have submitted the before test." in page

    refused = _start(client, before_after, "after")
    assert "Take the before test first" in refused.content.decode()
    assert not Attempt.objects.exists()

    _start(client, before_after, "before")
    attempt = Attempt.objects.get()
    from quizzes.services import attempt_submit

    attempt_submit(attempt=attempt)
    page = client.get(_page(before_after)).content.decode()
    assert "Your before test: 0%" in page and "Start the after test" in page
    _start(client, before_after, "after")
    assert Attempt.objects.count() == 2 and PreTest.objects.get().attempt == attempt


def test_only_the_groups_educator_can_waive(
    client, educator, other_educator, learner, before_after
):
    url = reverse(
        "groups:pre-test-waive", args=[before_after.group_id, before_after.pk, learner.pk]
    )
    for someone in (other_educator, learner):
        client.force_login(someone)
        assert client.post(url).status_code == 404
    assert not PreTest.objects.exists()
    client.force_login(educator)
    response = client.post(url, follow=True)
    assert "Sam Lee can skip the before test." in response.content.decode()
    assert PreTest.objects.get().waived_at is not None
    again = client.post(url, follow=True)
    assert "already waived" in again.content.decode()
    assert PreTest.objects.count() == 1


def test_waiving_someone_outside_the_group_is_404(client, educator, outsider, before_after):
    client.force_login(educator)
    url = reverse(
        "groups:pre-test-waive", args=[before_after.group_id, before_after.pk, outsider.pk]
    )
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert not PreTest.objects.exists()


def test_dashboard_leads_with_plain_words_then_figures(client, educator, group, before_after):
    users = add_members(group, 5)
    _fill(before_after, users, [(1, 3), (1, 4), (2, 4), (0, 2), (3, 2)])
    client.force_login(educator)
    page = client.get(_page(before_after)).content.decode()
    assert "Most learners knew more after: average gain 40 points." in page
    assert page.index("Most learners knew more after") < page.index("Normalised gain")
    assert "Let them skip" in page  # the fixture's learner has not started


def test_dashboard_small_group_shows_no_group_gain(client, educator, group, before_after):
    _fill(before_after, add_members(group, 2), [(1, 3), (1, 4)])
    client.force_login(educator)
    page = client.get(_page(before_after)).content.decode()
    assert "2 learners have taken both tests" in page and "Normalised gain" not in page


def test_csv_carries_the_gain_columns_and_the_gain_table(client, educator, group, before_after):
    users = add_members(group, 5)
    _fill(before_after, users, [(1, 3), (1, 4), (2, 4), (0, 2), (3, 2)])
    client.force_login(educator)
    url = reverse("groups:assignment-results-csv", args=[group.pk, before_after.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[-4:] == [
        "Before test (%)",
        "After test (%)",
        "Gain (points)",
        "Before test skipped",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name[users[0].username][-4:] == ["25.0", "75.0", "50.0", "no"]
    table = list(
        csv.reader(io.StringIO(client.get(url + "?table=gain").content.decode("utf-8-sig")))
    )
    assert ["Mean gain (points)", "", "", "40.0"] in table
    assert ["Dropped", "", "", "1"] in table


def test_csv_gain_table_of_a_plain_assignment_is_400(client, educator, group, assignment):
    client.force_login(educator)
    url = reverse("groups:assignment-results-csv", args=[group.pk, assignment.pk])
    assert client.get(url + "?table=gain").status_code == 400


def test_api_results_carry_the_gain(client, educator, group, before_after, assignment):
    users = add_members(group, 5)
    _fill(before_after, users, [(1, 3), (1, 4), (2, 4), (0, 2), (3, 2)])
    client.force_login(educator)
    body = client.get(f"/api/v1/assignments/{before_after.pk}/results/").json()
    assert body["gain"]["paired"] == 5 and body["gain"]["statistics"]["dropped"] == 1
    assert body["gain"]["statistics"]["mean_gain"] == pytest.approx(40)
    row = next(r for r in body["gain"]["learners"] if r["id"] == users[0].pk)
    assert (row["pre"], row["post"], row["gain"]) == (25, 75, 50)
    plain = client.get(f"/api/v1/assignments/{assignment.pk}/results/").json()
    assert plain["gain"] is None


def test_api_creates_a_before_and_after_assignment(client, educator, group, quiz):
    import json

    client.force_login(educator)
    url = f"/api/v1/groups/{group.pk}/assignments/"
    response = client.post(
        url, json.dumps({"quiz": quiz.slug, "pre_quiz": quiz.slug}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["pre_quiz"]["slug"] == quiz.slug
    bad = client.post(
        url, json.dumps({"quiz": quiz.slug, "pre_quiz": "no-such"}), content_type="application/json"
    )
    # As for `quiz`, a slug that names no published quiz is a 404 naming the field.
    assert bad.status_code == 404 and "pre_quiz" in bad.json()["error"]["details"]
    assert Assignment.objects.count() == 1
