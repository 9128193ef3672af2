"""Quiz helpers for the accounts tests.

make_quiz and make_question mirror the shared quiz factories added to tests/factories.py on
main after this branch started; once merged, import them from there instead.
"""

import datetime
import itertools

from django.utils import timezone

from learn.models import Status
from quizzes.models import (
    Assignment,
    Attempt,
    Choice,
    LearnerGroup,
    Question,
    Quiz,
    Response,
    ResponseChoice,
)

_seq = itertools.count(1)


def make_quiz(*, module=None, questions=0, **kwargs):
    """A published quiz; `questions=N` adds N single-choice questions (choice 1 correct)."""
    n = next(_seq)
    defaults = {
        "title": f"Quiz {n}",
        "slug": f"acc-quiz-{n}",
        "intro": "A quiz for tests.",
        "module": module,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    quiz = Quiz.objects.create(**(defaults | kwargs))
    for _ in range(questions):
        make_question(quiz=quiz)
    return quiz


def make_question(*, quiz=None, kind="single", choices=None, **kwargs):
    """A question with choices given as (text, is_correct) pairs; by default 3, the first right."""
    quiz = quiz or make_quiz()
    n = next(_seq)
    defaults = {
        "quiz": quiz,
        "kind": kind,
        "position": quiz.questions.count() + 1,
        "prompt": f"Question {n}?",
        "explanation": f"Because of reason {n}.",
    }
    question = Question.objects.create(**(defaults | kwargs))
    if choices is None:
        choices = [(f"Right {n}", True), (f"Wrong {n}a", False), (f"Wrong {n}b", False)]
    Choice.objects.bulk_create(
        Choice(question=question, position=i, text=text, is_correct=correct)
        for i, (text, correct) in enumerate(choices, start=1)
    )
    return question


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
