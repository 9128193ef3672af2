"""Attempts and the responses in them (the quiz side is in quizzes.models, named here by
string so that this module imports nothing from it)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.visitors import owned_by


class Confidence(models.TextChoices):
    """How sure a learner was of an answer (certainty-based answers): asked only when the quiz
    says so, and never part of the grade."""

    SURE = "sure", _("Sure")
    FAIRLY_SURE = "fairly", _("Fairly sure")
    GUESSING = "guessing", _("Guessing")


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, *, user=None, visitor_id=""):
        """Attempts of one learner: an account, or else an anonymous visitor id."""
        lookup = owned_by(user=user, visitor_id=visitor_id)
        return self.filter(**lookup) if lookup else self.none()

    def in_progress(self):
        return self.filter(submitted_at__isnull=True)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Attempt(models.Model):
    """One go at a quiz, by an account or an anonymous visitor (see core/visitors.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attempts",
    )
    visitor_id = models.CharField(max_length=36, blank=True, db_index=True)
    # The assignment this attempt was made for; named by string so that quizzes does not
    # import the groups app (which builds on quizzes, not the other way round).
    assignment = models.ForeignKey(
        "groups.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(
        default=1, help_text=_("1 for a learner's first attempt at this quiz.")
    )
    # The language the learner took it in. The attempt still belongs to the source quiz and
    # its questions and choices, so grading and a group's results never depend on it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the quiz was shown in when the attempt started."),
    )
    # The order this learner sees, fixed at start so a resumed attempt looks the same.
    question_order = models.JSONField(default=list)
    choice_order = models.JSONField(default=dict)
    flagged = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["quiz", "user"]),
            models.Index(fields=["assignment", "user"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(visitor_id=""), name="attempt_has_owner"
            )
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number}"

    def get_absolute_url(self):
        return reverse("quizzes:attempt-detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def time_is_over(self, now=None, *, grace=None):
        """True once the deadline (plus an optional grace period) has passed."""
        if self.deadline_at is None:
            return False
        now = now or timezone.now()
        return now > self.deadline_at + (grace or datetime.timedelta(0))


class Response(models.Model):
    """A learner's answer to one question in one attempt, graded when given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.PROTECT, related_name="responses"
    )
    choices = models.ManyToManyField(
        "quizzes.Choice", through="ResponseChoice", related_name="responses"
    )
    is_correct = models.BooleanField(default=False)
    score = models.FloatField(default=0, help_text=_("0 to 1: the share of the mark earned."))
    snapshot = models.JSONField(
        default=dict, help_text=_("The question and choices as they were when answered.")
    )
    answered_at = models.DateTimeField(auto_now=True)
    confidence = models.CharField(
        _("how sure"),
        max_length=8,
        choices=Confidence.choices,
        blank=True,
        help_text=_(
            "How sure the learner said they were (only when the quiz asks). Never changes the "
            "score; the review queue and the dashboard's 'confidently wrong' counts use it."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="response_unique")
        ]

    def __str__(self):
        return f"Response to {self.question_id} in {self.attempt_id}"


class ResponseChoice(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE)
    choice = models.ForeignKey("quizzes.Choice", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "choice"], name="response_choice_unique")
        ]

    def __str__(self):
        return f"{self.response_id}: {self.choice_id}"


class ObjectiveTally(models.Model):
    """A learner's latest answers (at most 4) to one learning objective's questions, counted.

    The input of the mastery rule (quizzes/mastery.py, which alone writes these rows), kept
    so that a group's dashboard reads one row per learner and objective instead of sorting
    every answer its learners ever gave. Written again when an attempt is submitted or
    claimed, when a question's objectives change and when an attempt is deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="objective_tallies"
    )
    objective = models.ForeignKey(
        "learn.LearningObjective", on_delete=models.CASCADE, related_name="tallies"
    )
    answered = models.PositiveSmallIntegerField(help_text=_("Latest answers counted (1 to 4)."))
    right = models.PositiveSmallIntegerField(help_text=_("How many of them were right."))
    guessed_right = models.PositiveSmallIntegerField(
        help_text=_("How many right ones the learner said were a guess.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "objective"], name="objective_tally_unique")
        ]

    def __str__(self):
        return f"{self.user_id} on {self.objective_id}: {self.right}/{self.answered}"
