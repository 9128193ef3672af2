"""Account operations that touch several models: claiming a visitor's work, deleting an account."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from groups.models import LearnerGroup
from learn.models import LessonProgress
from quizzes.mastery import refresh_tallies
from quizzes.models import Attempt
from review.services import cards_claim


class AccountDeleteBlocked(Exception):
    """The account cannot be deleted yet; `groups` says which groups stand in the way."""

    def __init__(self, groups):
        self.groups = list(groups)
        super().__init__(
            _("Hand over or delete the groups you run before you delete your account.")
        )


@transaction.atomic
def claim_visitor_data(*, user, visitor_id: str) -> dict:
    """Move an anonymous visitor's lesson progress, quiz attempts and review cards into `user`'s
    account.

    Lessons the account has already marked done keep the account's row, and the visitor's
    duplicate is deleted (the unique constraint on user and lesson allows one row). Attempts
    move over and are renumbered so that each quiz's attempts by this user run 1..n in the
    order they were started. Returns counts of what happened.
    """
    result = {
        "lessons_moved": 0,
        "lessons_already_done": 0,
        "attempts_moved": 0,
        "review_cards_moved": 0,
    }
    if not visitor_id:
        return result
    # Claims for one account run one at a time (two tabs logging in at once): lock the user.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()

    visitor_progress = LessonProgress.objects.filter(user__isnull=True, visitor_id=visitor_id)
    already_done = LessonProgress.objects.filter(
        user=user, article_id__in=visitor_progress.values("article_id")
    ).values("article_id")
    result["lessons_already_done"], _deleted = visitor_progress.filter(
        article_id__in=already_done
    ).delete()
    result["lessons_moved"] = visitor_progress.update(user=user, visitor_id="")

    visitor_attempts = list(
        Attempt.objects.select_for_update()
        .filter(user__isnull=True, visitor_id=visitor_id)
        .values_list("pk", "quiz_id")
    )
    if visitor_attempts:
        result["attempts_moved"] = Attempt.objects.filter(
            pk__in=[pk for pk, _quiz in visitor_attempts]
        ).update(user=user, visitor_id="")
        _renumber_attempts(user=user, quiz_ids={quiz for _pk, quiz in visitor_attempts})
        refresh_tallies(user_ids=[user.pk])
    result["review_cards_moved"] = cards_claim(user=user, visitor_id=visitor_id)
    return result


def _renumber_attempts(*, user, quiz_ids) -> None:
    """Number the user's attempts at each quiz 1..n in start order (earlier number wins ties)."""
    by_quiz = defaultdict(list)
    attempts = Attempt.objects.filter(user=user, quiz_id__in=quiz_ids).order_by(
        "started_at", "number", "pk"
    )
    for attempt in attempts.only("pk", "quiz_id", "number", "started_at"):
        by_quiz[attempt.quiz_id].append(attempt)
    changed = []
    for quiz_attempts in by_quiz.values():
        for number, attempt in enumerate(quiz_attempts, start=1):
            if attempt.number != number:
                attempt.number = number
                changed.append(attempt)
    Attempt.objects.bulk_update(changed, ["number"])


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account and, through the database's cascades, everything it owns.

    Lesson progress, quiz attempts with their responses, group memberships, accommodations,
    holds and the profile go with the user. An educator's groups are protected (their learners'
    results belong to the group), so an educator who still runs groups is refused and nothing
    is deleted: AccountDeleteBlocked names the groups.
    """
    groups = LearnerGroup.objects.filter(educator=user).order_by("name")
    if groups.exists():
        raise AccountDeleteBlocked(groups)
    try:
        user.delete()
    except ProtectedError as error:
        # A group created between the check and the delete (another tab) lands here.
        raise AccountDeleteBlocked(groups) from error
