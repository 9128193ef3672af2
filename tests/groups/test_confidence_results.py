"""The educator's view of confidence: per question how many learners were sure of a wrong
answer (and their share), per misconception label how many held it confidently; on the
dashboard, in the CSV and in the API, under the small-group rule."""

import csv
import io

import pytest
from django.urls import reverse

from groups import stats
from quizzes.models import Choice, Quiz, Response
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db

MYTH = "Probiotics cure MS"


@pytest.fixture
def quiz(quiz):
    Quiz.objects.filter(pk=quiz.pk).update(ask_confidence=True)
    quiz.refresh_from_db()
    first = quiz.questions.order_by("position").first()
    # The wrong choice submit_attempt picks (index 1) carries the misconception label.
    wrong = list(first.choices.all())[1]
    Choice.objects.filter(pk=wrong.pk).update(misconception=MYTH)
    return quiz


def submit_with_confidence(assignment, users, confidences):
    """Each learner misses question 1 and gets the rest right, saying how sure they were."""
    first = assignment.quiz.questions.order_by("position").first()
    for user, confidence in zip(users, confidences, strict=True):
        attempt = submit_attempt(
            assignment=assignment, user=user, correct=[False, True, True, True]
        )
        Response.objects.filter(attempt=attempt, question=first).update(confidence=confidence)


def urls(assignment):
    args = [assignment.group_id, assignment.pk]
    return (
        reverse("groups:assignment-detail", args=args),
        reverse("groups:assignment-results-csv", args=args) + "?table=questions",
        f"/api/v1/assignments/{assignment.pk}/results/",
    )


def test_confidently_wrong_counts_share_and_misconceptions(client, educator, group, assignment):
    users = add_members(group, 5)
    submit_with_confidence(assignment, users, ["sure", "fairly", "sure", "guessing", ""])
    results = stats.assignment_results(assignment=assignment)
    first, *rest = sorted(results.questions, key=lambda q: q.position)
    assert first.confidently_wrong == 3  # guessing and "not asked" are not held beliefs
    assert first.confidently_wrong_share == pytest.approx(60.0)
    assert first.confident_misconceptions == [{"label": MYTH, "learners": 3}]
    assert all(q.confidently_wrong == 0 and q.confident_misconceptions == [] for q in rest)

    client.force_login(educator)
    dashboard, csv_path, api_path = urls(assignment)
    page = client.get(dashboard).content.decode()
    section = page.split('id="confident-wrong-title"')[1].split("</section>")[0]
    assert "3 learners (60.0%)" in section
    assert f'{MYTH} <span class="muted">(3 learners)</span>' in section

    rows = list(csv.reader(io.StringIO(b"".join(client.get(csv_path)).decode("utf-8-sig"))))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["Confidently wrong (learners)"] == "3"
    assert float(row["Confidently wrong (%)"]) == pytest.approx(60.0)
    assert row["Misconceptions held confidently"] == f"{MYTH} (3)"

    body = client.get(api_path).json()
    question = body["statistics"]["questions"][0]
    assert question["confidently_wrong"] == 3
    assert question["confidently_wrong_share"] == pytest.approx(60.0)
    assert question["confident_misconceptions"] == [{"label": MYTH, "learners": 3}]


def test_a_small_group_shows_no_confidence_figures(client, educator, group, assignment):
    users = add_members(group, 3)
    submit_with_confidence(assignment, users, ["sure", "sure", "sure"])
    client.force_login(educator)
    dashboard, csv_path, api_path = urls(assignment)
    page = client.get(dashboard).content.decode()
    assert 'id="confident-wrong-title"' not in page
    body = b"".join(client.get(csv_path)).decode("utf-8-sig")
    assert MYTH not in body and "Hidden" in body
    assert "confident_misconceptions" not in str(client.get(api_path).json())


def test_a_quiz_that_does_not_ask_has_no_confidence_section(client, educator, group, assignment):
    Quiz.objects.filter(pk=assignment.quiz_id).update(ask_confidence=False)
    users = add_members(group, 5)
    submit_with_confidence(assignment, users, [""] * 5)
    client.force_login(educator)
    page = client.get(urls(assignment)[0]).content.decode()
    assert 'id="confident-wrong-title"' not in page
