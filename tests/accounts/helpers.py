"""Attempt, response and group helpers for the accounts tests.

Attempts are made directly here so the account tests do not depend on the quiz flow.
"""

import datetime
import itertools

from django.utils import timezone

from groups.models import Assignment, LearnerGroup
from quizzes.models import Attempt, Response, ResponseChoice
from tests.factories import make_question, make_quiz  # noqa: F401 (re-exported for the tests)

_seq = itertools.count(1)


def make_attempt(*, quiz, user=None, visitor_id="", started_at=None, submitted=False, **kwargs):
    """An attempt row made directly (the quiz-taking service is another task's)."""
    attempt = Attempt.objects.create(quiz=quiz, user=user, visitor_id=visitor_id, **kwargs)
    if started_at is not None:
        # started_at is auto_now_add: only an update can set it.
        Attempt.objects.filter(pk=attempt.pk).update(started_at=started_at)
        attempt.refresh_from_db()
    if submitted:
        attempt.submitted_at = timezone.now()
        attempt.score, attempt.max_score = 1.0, 2.0
        attempt.percent, attempt.passed = 50.0, False
        attempt.save()
    return attempt


def answer(attempt, question, *choices, snapshot=None):
    """Record a response naming `choices`, graded right when they are exactly the right ones."""
    right = set(question.choices.filter(is_correct=True))
    is_correct = set(choices) == right
    response = Response.objects.create(
        attempt=attempt,
        question=question,
        is_correct=is_correct,
        score=1.0 if is_correct else 0.0,
        snapshot=snapshot or {},
    )
    ResponseChoice.objects.bulk_create(
        ResponseChoice(response=response, choice=choice) for choice in choices
    )
    return response


def make_group(*, educator, **kwargs):
    n = next(_seq)
    defaults = {"name": f"Group {n}", "join_code": f"CODE{n:06d}"}
    return LearnerGroup.objects.create(educator=educator, **(defaults | kwargs))


def make_assignment(*, group, quiz, **kwargs):
    return Assignment.objects.create(group=group, quiz=quiz, **kwargs)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)
