"""The results dashboard and the questions CSV report per learning objective
(groups/objective_stats.py), under the small-group rule."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import stats
from learn.objectives import LearningObjective
from tests.factories import make_module
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(quiz):
    """Objective a tags questions 1 and 2, objective b questions 3 and 4."""
    quiz.module = make_module()
    quiz.save()
    a = LearningObjective.objects.create(module=quiz.module, code="a", text="I can A", position=1)
    b = LearningObjective.objects.create(module=quiz.module, code="b", text="I can B", position=2)
    for number, question in enumerate(quiz.questions.order_by("position")):
        question.objectives.add(a if number < 2 else b)
    return a, b


def fill(group, assignment, *, strong=3, weak=2, prefix="learner"):
    """`strong` learners right twice (secure), `weak` ones wrong on a and right on b once."""
    users = add_members(group, strong + weak, prefix=prefix)
    for user in users[:strong]:
        for number in (1, 2):
            submit_attempt(assignment=assignment, user=user, correct=[True] * 4, number=number)
    for user in users[strong:]:
        submit_attempt(assignment=assignment, user=user, correct=[False, False, True, True])
    return users


def test_objective_rows_give_right_answers_and_secure_shares(group, assignment, objectives):
    fill(group, assignment)
    results = stats.assignment_results(assignment=assignment)
    rows = [
        (r.code, r.facility, r.secure_share, r.getting_there_share, len(r.question_ids))
        for r in results.objectives
    ]
    assert rows == [("a", 60.0, 60.0, 0.0, 2), ("b", 100.0, 60.0, 40.0, 2)]


def test_dashboard_shows_objectives_and_the_csv_names_each_questions_objectives(
    client, educator, group, assignment, objectives
):
    fill(group, assignment)
    client.force_login(educator)
    url = reverse("groups:assignment-detail", args=[group.pk, assignment.pk])

    html = client.get(url).content.decode()

    section = html[html.index('id="objectives-title"') :]
    assert section.index("I can A") < section.index("60.0%") < section.index("I can B")
    response = client.get(
        reverse("groups:assignment-results-csv", args=[group.pk, assignment.pk]),
        {"table": "questions"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Learning objectives")
    assert [row[column] for row in rows[1:]] == ["a", "a", "b", "b"]


def test_small_group_shows_no_objective_figures(client, educator, group, assignment, objectives):
    fill(group, assignment, strong=2, weak=1)
    client.force_login(educator)
    url = reverse("groups:assignment-detail", args=[group.pk, assignment.pk])
    assert 'id="objectives-title"' not in client.get(url).content.decode()
    assert stats.assignment_results(assignment=assignment).objectives == []


def test_dashboard_objective_queries_do_not_grow_with_learners(
    client, educator, group, assignment, objectives
):
    client.force_login(educator)
    url = reverse("groups:assignment-detail", args=[group.pk, assignment.pk])
    fill(group, assignment)
    with CaptureQueriesContext(connection) as few:
        assert 'id="objectives-title"' in client.get(url).content.decode()
    fill(group, assignment, strong=15, weak=15, prefix="more")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
