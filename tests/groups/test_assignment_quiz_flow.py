"""Inside an assignment the quiz pages keep the learner in it: Save and leave and the result
lead back to the assignment's page (its own rules), not to the general quiz page."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt

pytestmark = pytest.mark.django_db


def assignment_url(assignment):
    return reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])


def start_assigned(client, learner, assignment):
    client.force_login(learner)
    client.post(reverse("groups:assignment-start", args=[assignment.group_id, assignment.pk]))
    return Attempt.objects.get(assignment=assignment, user=learner)


def test_save_and_leave_in_an_assignment_goes_to_the_assignment_page(client, learner, assignment):
    attempt = start_assigned(client, learner, assignment)
    page = client.get(attempt.get_absolute_url()).content.decode()
    leave = f'<a class="button--quiet" href="{assignment_url(assignment)}">Save and leave</a>'
    assert leave in page
    assert assignment.quiz.get_absolute_url() + '"' not in page
    assert "carry on later from your assignment" in page
    # And that page is the learner's view of the assignment, with its own rules.
    landing = client.get(assignment_url(assignment))
    assert landing.status_code == 200
    assert "groups/assignment_learner.html" in [t.name for t in landing.templates]


def test_result_of_an_assigned_attempt_leads_back_to_the_assignment(client, learner, assignment):
    attempt = start_assigned(client, learner, assignment)
    client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
    page = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert f'href="{assignment_url(assignment)}">Back to your assignment</a>' in page
    # Try again here would start a general attempt outside the assignment's rules.
    assert "Try again" not in page
