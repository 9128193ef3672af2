""" "My progress" lists each module's learning objectives with the learner's mastery."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learn.objectives import LearningObjective
from quizzes.attempt_models import Confidence
from tests.factories import make_module, make_question, make_quiz, make_user
from tests.quizzes.test_mastery import take

pytestmark = pytest.mark.django_db

ME = reverse("accounts:me")


def module_with_objectives():
    module = make_module(title="Understanding MS")
    known = LearningObjective.objects.create(
        module=module, code="known", text="I can explain myelin", position=1
    )
    LearningObjective.objects.create(
        module=module, code="untried", text="I can name symptoms", position=2
    )
    quiz = make_quiz(module=module, feedback_timing="end")
    for _ in range(3):
        make_question(quiz=quiz).objectives.add(known)
    return quiz


def test_me_lists_objectives_with_secure_and_not_tried(client):
    quiz = module_with_objectives()
    user = make_user()
    take(quiz, user, right=True, confidence=Confidence.SURE)
    client.force_login(user)

    html = client.get(ME).content.decode()

    assert "What you can do" in html
    section = html[html.index("I can explain myelin") :]
    assert section.index("Secure") < section.index("I can name symptoms")
    assert "Not tried" in section


def test_me_shows_getting_there_for_guessed_right_answers(client):
    quiz = module_with_objectives()
    user = make_user()
    take(quiz, user, right=True, confidence=Confidence.GUESSING)
    client.force_login(user)
    html = client.get(ME).content.decode()
    assert "Getting there" in html and "Secure" not in html


def test_me_objective_queries_stay_flat_from_one_attempt_to_many(
    client, django_assert_max_num_queries
):
    quiz = module_with_objectives()
    for _ in range(3):
        module_with_objectives()  # More modules with objectives.
    user = make_user()
    client.force_login(user)
    take(quiz, user, right=False)
    with CaptureQueriesContext(connection) as one:
        assert "Not yet" in client.get(ME).content.decode()
    for _ in range(8):
        take(quiz, user, right=True, confidence=Confidence.SURE)

    with django_assert_max_num_queries(len(one)):
        assert "Secure" in client.get(ME).content.decode()
