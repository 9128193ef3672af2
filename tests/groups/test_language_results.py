"""Results in both languages: attempts taken in Spanish count with the English ones; the
dashboard says the split (only for a group large enough), the CSV and the API per learner."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from groups.stats import assignment_results
from quizzes.models import Attempt
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


def _take(assignment, users, language):
    for user in users:
        attempt = submit_attempt(
            assignment=assignment, user=user, correct=[True] * assignment.quiz.questions.count()
        )
        Attempt.objects.filter(pk=attempt.pk).update(language=language)


def _results_page(client, assignment):
    with translation.override("en"):
        url = reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])
    return client.get(url).text


def test_dashboard_csv_and_api_show_the_languages(client, educator, group, assignment):
    english = add_members(group, 4, prefix="en")
    spanish = add_members(group, 2, prefix="es")
    _take(assignment, english, "en")
    _take(assignment, spanish, "es")

    results = assignment_results(assignment=assignment)
    assert results.languages == {"en": 4, "es": 2}
    assert {r.username: r.language for r in results.learners if r.score is not None} == {
        **{u.username: "en" for u in english},
        **{u.username: "es" for u in spanish},
    }

    client.force_login(educator)
    assert "Taken in English: 4 · in Spanish: 2" in _results_page(client, assignment)

    with translation.override("en"):
        url = reverse("groups:assignment-results-csv", args=[assignment.group_id, assignment.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    column = rows[0].index("Language")
    assert {row[1]: row[column] for row in rows[1:]}[spanish[0].username] == "es"

    body = client.get(f"/api/v1/assignments/{assignment.pk}/results/").json()
    assert body["statistics"]["languages"] == {"en": 4, "es": 2}
    by_name = {row["username"]: row["language"] for row in body["learners"]}
    assert by_name[spanish[0].username] == "es" and by_name[english[0].username] == "en"


def test_a_small_group_gets_no_language_split(client, educator, group, assignment):
    spanish = add_members(group, 1, prefix="es")
    _take(assignment, spanish, "es")
    client.force_login(educator)
    page = _results_page(client, assignment)
    assert "Taken in English" not in page and 'id="language-split"' not in page
    assert assignment_results(assignment=assignment).languages == {}
