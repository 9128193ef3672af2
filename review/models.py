"""The spaced-review queue: one card per learner and question, moved through Leitner boxes.

A card names the question, not a copy of it, so a learner always practises the current
version; answers keep a snapshot of what was shown, as quiz responses do. Review answers are
stored here, apart from attempts, and never change a quiz or assignment result.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.visitors import owned_by
from publishing.models import Status
from quizzes.attempt_models import Confidence

# Days until a card in box N comes back (box 5: learned, it does not come back).
BOX_DAYS = {1: 1, 2: 3, 3: 7, 4: 21}
LEARNED_BOX = 5


class ReviewCardQuerySet(models.QuerySet):
    def owned_by(self, *, user=None, visitor_id=""):
        """Cards of one learner: an account, or else an anonymous visitor id."""
        lookup = owned_by(user=user, visitor_id=visitor_id)
        return self.filter(**lookup) if lookup else self.none()

    def active(self, now=None):
        """Cards still in play: not retired, not learned, their quiz public right now.

        A card whose quiz is archived, unpublished or expired is retired for as long as
        that lasts (it comes back if the quiz is published again).
        """
        now = now or timezone.now()
        return self.filter(
            retired=False,
            box__lt=LEARNED_BOX,
            question__quiz__status=Status.PUBLISHED,
            question__quiz__publish_at__lte=now,
        ).filter(Q(question__quiz__expires_at__isnull=True) | Q(question__quiz__expires_at__gt=now))

    def due(self, now=None):
        now = now or timezone.now()
        return self.active(now).filter(due_at__lte=now)


class ReviewCard(models.Model):
    """One question in one learner's review queue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_cards",
    )
    visitor_id = models.CharField(max_length=36, blank=True, db_index=True)
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="review_cards"
    )
    box = models.PositiveSmallIntegerField(default=1)
    due_at = models.DateTimeField(db_index=True)
    # The choices in the order this learner always sees them (shuffled once, at creation).
    choice_order = models.JSONField(default=list, blank=True)
    last_answered_at = models.DateTimeField(null=True, blank=True)
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["user", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(visitor_id=""), name="review_card_has_owner"
            ),
            models.CheckConstraint(
                condition=Q(box__gte=1, box__lte=LEARNED_BOX), name="review_card_box_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(user__isnull=False),
                name="review_card_unique_per_user",
            ),
            models.UniqueConstraint(
                fields=["visitor_id", "question"],
                condition=Q(user__isnull=True),
                name="review_card_unique_per_visitor",
            ),
        ]

    def __str__(self):
        return f"Card {self.pk}: question {self.question_id}, box {self.box}"

    def is_due(self, now=None) -> bool:
        return (
            not self.retired
            and self.box < LEARNED_BOX
            and self.due_at <= (now or timezone.now())
            and self.question.quiz.is_public(now)
        )


def due_after(box: int, now) -> datetime.datetime:
    """When a card put in `box` now comes back."""
    return now + datetime.timedelta(days=BOX_DAYS.get(box, BOX_DAYS[4]))


class Move(models.TextChoices):
    """What one review answer did to its card."""

    UP = "up", _("moved on")
    SAME = "same", _("stayed")
    BACK = "back", _("back to the start")


class ReviewAnswer(models.Model):
    """One practice answer to a card, graded against the question as it was then."""

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="answers")
    chosen = models.JSONField(default=list)
    is_correct = models.BooleanField(default=False)
    score = models.FloatField(default=0)
    confidence = models.CharField(max_length=8, choices=Confidence.choices)
    snapshot = models.JSONField(default=dict)
    box_before = models.PositiveSmallIntegerField()
    box_after = models.PositiveSmallIntegerField()
    move = models.CharField(max_length=4, choices=Move.choices)
    answered_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-answered_at", "-pk"]

    def __str__(self):
        return f"Answer to card {self.card_id}: {self.move}"


class ReviewSettings(models.Model):
    """A signed-in learner's choice to have a review queue (on unless they turn it off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_settings"
    )
    enabled = models.BooleanField(_("Offer me questions to review"), default=True)

    def __str__(self):
        return f"Reviews {'on' if self.enabled else 'off'} for {self.user_id}"
