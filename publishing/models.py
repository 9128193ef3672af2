"""Publishing: the status and schedule every published thing shares, and its workflow log.

`Publishable` is the abstract base of lessons, modules, FAQs, quizzes, site pages and glossary
terms; `PublishableQuerySet.published()` is the one definition of "the public may see this".
`StatusChange` records every move through the workflow (`publishing.workflow.item_move`).
This app names no other app: content apps build on it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Items the public may see: published, publish time reached, not yet expired."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class Publishable(models.Model):
    """Status and schedule shared by everything editors publish.

    Visibility is computed from the clock at request time, so scheduled publishing and
    expiry take effect by themselves: no background job is needed.
    """

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published items whose publish time has come are shown to the public."),
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        db_index=True,
        help_text=_(
            "A published item appears from this time on. Set a future time to schedule it."
        ),
    )
    expires_at = models.DateTimeField(
        _("expiry time"),
        null=True,
        blank=True,
        help_text=_("Optional. The item disappears from the public site at this time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_public(self, now=None):
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    def clean(self):
        super().clean()
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            raise ValidationError(
                {"expires_at": _("The expiry time must be after the publish time.")}
            )


class StatusChangeKind(models.TextChoices):
    TRANSITION = "transition", _("Status changed")
    REVIEW = "review", _("Medical review recorded")


class StatusChange(models.Model):
    """One step of an item (lesson, FAQ, quiz) through the workflow: who, when, from, to.

    A generic relation, because lessons, FAQs and quizzes share one workflow and one log;
    the object id is indexed with its content type, so an item's log is one indexed query.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(
        _("what happened"),
        max_length=12,
        choices=StatusChangeKind.choices,
        default=StatusChangeKind.TRANSITION,
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        # Table and index keep the names they had in the learn app, where the log started.
        db_table = "learn_statuschange"
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "changed_at"],
                name="learn_statu_content_bc0937_idx",
            )
        ]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"
