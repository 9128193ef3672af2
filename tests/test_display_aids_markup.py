"""Where the reading aids sit in the pages (the browser tests check what they do):
every "Listen" control reads an element that is on the page, and the regions "One thing at a
time" hides are marked `extra` while the lesson or question itself is not."""

import pytest
from django.urls import reverse

from quizzes.models import FeedbackTiming
from tests.factories import make_article, make_quiz, make_user
from tests.learn.helpers import elements
from tests.quizzes.taking import start, wrong_choice

pytestmark = pytest.mark.django_db


def _listen_targets_and_ids(html):
    tags = elements(html)
    ids = {attrs.get("id") for _tag, attrs in tags}
    targets = [attrs["data-listen-target"] for _tag, attrs in tags if "data-listen-target" in attrs]
    return targets, ids


def _classes(html, tag_name, marker):
    """The class lists of `tag_name` elements whose attributes mention `marker`."""
    return [
        attrs.get("class", "").split()
        for tag, attrs in elements(html)
        if tag == tag_name and any(marker in value for value in attrs.values())
    ]


def test_a_lesson_has_one_listen_control_for_its_body_and_marks_its_extras(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    targets, ids = _listen_targets_and_ids(html)
    assert targets == ["#lesson-body"] and "lesson-body" in ids
    assert "extra" in _classes(html, "section", "people-heading")[0]
    assert "extra" in _classes(html, "nav", "lesson-nav-heading")[0]
    assert all("extra" not in classes for classes in _classes(html, "div", "lesson-body"))


def test_a_quiz_question_reads_its_choices_then_its_feedback(client):
    user = make_user()
    client.force_login(user)
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = start(quiz, user=user)
    question = quiz.questions.get(pk=attempt.question_order[0])
    step = reverse("quizzes:attempt-detail", args=[attempt.pk])

    before = client.get(step, {"q": 1}).content.decode()
    answered = client.post(
        reverse("quizzes:attempt-answer", args=[attempt.pk]),
        {"question": question.pk, "choice": wrong_choice(question).pk},
    )
    after = client.get(step, {"q": 1}).content.decode()

    assert answered.status_code == 302
    targets, ids = _listen_targets_and_ids(before)
    assert targets == ["#question-choices"] and "question-choices" in ids
    targets, ids = _listen_targets_and_ids(after)
    assert targets == ["#question-feedback"] and "question-feedback" in ids
    assert "extra" in _classes(before, "details", "step-overview")[0]
