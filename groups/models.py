"""Learner groups run by educators, their members, assignments of quizzes, and per-learner
adjustments (accommodations) and pauses (holds).

These models moved here from the quizzes app; their tables keep the quizzes_* names so that
existing databases keep every row (groups/migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import timezones
from quizzes.models import Quiz


class LearnerGroup(models.Model):
    """A group of learners run by one educator (a cohort, a clinic class, a support group)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="educated_groups"
    )
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    is_open = models.BooleanField(_("open to new members"), default=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_(
            "An IANA name such as Europe/Madrid. Due dates are set in it; each learner sees "
            "them in their own zone. Empty: the site's time zone."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had in the quizzes app (see migrations/0001).
        db_table = "quizzes_learnergroup"
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.name

    @property
    def zone_name(self) -> str:
        """The zone due dates are set in: the group's, else the site's."""
        return timezones.zone_or_site(self.time_zone)


class Membership(models.Model):
    group = models.ForeignKey(LearnerGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had in the quizzes app (see migrations/0001).
        db_table = "quizzes_membership"
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} in {self.group}"


class Assignment(models.Model):
    group = models.ForeignKey(LearnerGroup, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: as the quiz allows.")
    )
    instructions = models.TextField(_("instructions"), blank=True)
    # Before and after (groups/gain.py): the pre-test, taken before reading the module; the
    # same quiz or a parallel one. Empty: a plain assignment.
    pre_quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,
        related_name="pre_test_assignments",
        null=True,
        blank=True,
        verbose_name=_("before test"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had in the quizzes app (see migrations/0001).
        db_table = "quizzes_assignment"
        ordering = ["-created_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.quiz} → {self.group}"

    def get_absolute_url(self):
        """The assignment's page: the learner's view of it (the educator sees results)."""
        return reverse("groups:assignment-detail", args=[self.group_id, self.pk])

    @property
    def is_before_after(self) -> bool:
        return self.pre_quiz_id is not None


class ExtraTime(models.TextChoices):
    NONE = "", _("No extra time")
    X1_5 = "x1.5", _("Time and a half")
    X2 = "x2", _("Double time")
    UNLIMITED = "unlimited", _("No time limit")


class Accommodation(models.Model):
    """An educator's per-learner adjustments to one assignment; visible to that learner."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="accommodations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodations"
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    due_at = models.DateTimeField(_("later due date"), null=True, blank=True)
    extra_time = models.CharField(
        _("extra time"), max_length=10, choices=ExtraTime.choices, blank=True
    )

    class Meta:
        # The table keeps the name it had in the quizzes app (see migrations/0001).
        db_table = "quizzes_accommodation"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="accommodation_unique")
        ]

    def __str__(self):
        return f"Accommodation for {self.user}"


class Hold(models.Model):
    """A learner's pause of an assignment (a relapse, a course of steroids): the due date moves."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="holds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holds"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had in the quizzes app (see migrations/0001).
        db_table = "quizzes_hold"
        ordering = ["started_at"]
        constraints = [
            # At most one open hold per learner and assignment.
            models.UniqueConstraint(
                fields=["assignment", "user"],
                condition=Q(ended_at__isnull=True),
                name="hold_one_open",
            )
        ]

    def __str__(self):
        return f"Hold by {self.user} from {self.started_at:%Y-%m-%d}"


class PreTest(models.Model):
    """A learner's before test for a before-and-after assignment: the attempt they took (its
    `assignment` is this assignment, so the group rules apply), or the educator's waiver.

    One per learner and assignment. Attempts with a PreTest row are not the assignment's
    counted result; the rules are in groups/gain.py.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="pre_tests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pre_tests"
    )
    attempt = models.OneToOneField(
        "quizzes.Attempt", on_delete=models.CASCADE, null=True, blank=True, related_name="pre_test"
    )
    waived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="pretest_unique")
        ]

    def __str__(self):
        return f"Before test of {self.user}"
