"""Helpers shared by the quiz-taking tests (tests of services, pages, results, concurrency)."""

from quizzes import services
from quizzes.models import Attempt, Response, ResponseChoice
from tests.factories import make_user


def start(quiz, *, user=None, visitor_id=""):
    """A fresh attempt at `quiz`, by default owned by a new account."""
    if user is None and not visitor_id:
        user = make_user()
    return services.attempt_start(quiz=quiz, user=user, visitor_id=visitor_id)


def right_choice(question):
    return question.choices.filter(is_correct=True).first()


def wrong_choice(question):
    return question.choices.filter(is_correct=False).first()


def state(attempt):
    """Everything an answer, flag or submit could change, to assert that nothing did."""
    row = Attempt.objects.get(pk=attempt.pk)
    return {
        "attempt": (
            row.submitted_at,
            row.score,
            row.max_score,
            row.percent,
            row.passed,
            list(row.flagged),
            list(row.question_order),
            dict(row.choice_order),
        ),
        "responses": sorted(
            Response.objects.filter(attempt=row).values_list(
                "pk", "question_id", "is_correct", "score", "snapshot"
            ),
            key=lambda values: values[0],
        ),
        "response_choices": sorted(
            ResponseChoice.objects.filter(response__attempt=row).values_list(
                "response_id", "choice_id"
            )
        ),
    }
