"""What the results of an assignment may say about a group: the small-group rule, and when a
question is worth an educator's second look, in plain words.

One place for both, so the dashboard, the CSV and the API never disagree. Figures over fewer
than MIN_LEARNERS_FOR_STATS learners say little and could point at one person's answers, so
nothing is concluded from them.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

MIN_LEARNERS_FOR_STATS = 5
REVIEW_BELOW = 20  # percent correct: most learners got it wrong
EASY_FROM = 95  # percent correct: almost everyone got it right (said, never flagged)


def enough_learners_for_stats(count: int) -> bool:
    """True when `count` learners are enough to show statistics about the group."""
    return count >= MIN_LEARNERS_FOR_STATS


class ReviewReason(TextChoices):
    """Why a question looks the way it does; the first two mean "check the question"."""

    HARD = (
        "hard",
        _(
            "Most learners got this one wrong: check that the question is clear and that the "
            "lesson covers it."
        ),
    )
    REVERSED = (
        "reversed",
        _("Learners who did well overall got this one wrong more often: check the question."),
    )
    EASY = "easy", _("Almost everyone got this right. Nothing to check.")
    NONE = "", _("Nothing stands out.")


NEEDS_REVIEW = frozenset({ReviewReason.HARD, ReviewReason.REVERSED})


def question_review_reason(*, learners: int, facility: float, discrimination) -> ReviewReason:
    """What a question's figures suggest, from `learners` counted attempts.

    Never a reason to check from a group below the small-group rule; and a question everyone
    got right is easy, not suspect (its discrimination is 0 because nobody got it wrong).
    """
    if not enough_learners_for_stats(learners):
        return ReviewReason.NONE
    if facility < REVIEW_BELOW:
        return ReviewReason.HARD
    if discrimination is not None and discrimination < 0:
        return ReviewReason.REVERSED
    if facility >= EASY_FROM:
        return ReviewReason.EASY
    return ReviewReason.NONE
