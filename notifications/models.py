"""What the notifications app keeps: each person's choices, each message, the scheduler's lease.

A `Delivery` is one message to one person about one event. Its unique (user, kind, event)
key is what makes sending idempotent: whichever worker creates the row sends it; another
worker that tries the same event gets an IntegrityError and sends nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_ASSIGNMENT = "new_assignment", _("A new assignment in one of my groups")
    REMINDER = "reminder", _("A reminder two days before an assignment is due")
    DUE_CHANGED = "due_changed", _("My educator changed a due date")
    SUBMISSIONS_DIGEST = "submissions_digest", _("Daily list of new results in my groups")
    HOLD_ALERT = "hold_alert", _("A learner paused an assignment")
    REVIEW_WAITING = "review_waiting", _("A lesson, FAQ or quiz waits for review")
    EDITOR_DIGEST = "editor_digest", _("Weekly list of reviews due and broken links")


class Preference(models.Model):
    """A person's email choices. Learners get nothing until they give consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref"
    )
    consent = models.BooleanField(
        _("email me about my learning"),
        default=False,
        help_text=_("Learners opt in at sign-up or in their notification settings."),
    )
    muted = models.JSONField(
        _("kinds turned off"), default=list, blank=True, help_text=_("Kind codes, see Kind.")
    )

    def __str__(self):
        return f"Notification settings of {self.user}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed: not sent after every try")


class Delivery(models.Model):
    """One message to one person about one event, with its text as it was written."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    event = models.CharField(
        _("event"), max_length=200, help_text=_("What the message is about, e.g. assignment:12.")
    )
    to = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "event"], name="delivery_once")
        ]

    def __str__(self):
        return f"{self.kind} to {self.user} ({self.event})"


class SchedulerLease(models.Model):
    """The scheduler's leader: the worker whose lease has not run out. One row per name."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} held by {self.holder}"


class ScheduledRun(models.Model):
    """The last period (a date or ISO week) each scheduled job was queued for."""

    job = models.CharField(max_length=40, primary_key=True)
    period = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.job}: {self.period}"
