"""Publishing: the status and schedule every published thing shares, and its workflow log.

`Publishable` is the abstract base of lessons, modules, FAQs, quizzes, site pages and glossary
terms; `PublishableQuerySet.published()` is the one definition of "the public may see this".
Every item has a language (`locale`) and a `translation_key` it shares with its translations;
the item in settings.LANGUAGE_CODE is the source, and lists show sources only (the rules of
translations are in `publishing.translations`).
`StatusChange` records every move through the workflow (`publishing.workflow.item_move`);
`ReviewApproval` records each medical-review approval, which publishing requires (see
`publishing.workflow`).
This app names no other app: content apps build on it.
"""

import uuid

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
        """Source items the public may see: in the site's default language, published,
        publish time reached, not yet expired. Translations are reached from their source
        (publishing.translations.localized), so no list shows an item twice."""
        return self.published_any_locale(now).filter(locale=settings.LANGUAGE_CODE)

    def published_any_locale(self, now=None):
        """Items the public may see, in any language."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def sources(self):
        """Items in the site's default language: the sources of translations."""
        return self.filter(locale=settings.LANGUAGE_CODE)


# What an editor reads when a value is taken in the item's language (Django's default,
# "… with this Slug and Language already exists.", does not say what to do).
_TAKEN = {
    "slug": _("Another item in this language already uses this slug. Choose a different one."),
    "term": _("This language already has a term spelled this way. Choose a different one."),
}


def translation_constraints(prefix: str, *unique_fields: str) -> list[models.UniqueConstraint]:
    """A publishable model's uniqueness per language: one item per translation key and
    language, and each of `unique_fields` (its slug…) unique within a language, because a
    translation keeps its source's slug."""
    return [
        models.UniqueConstraint(
            fields=["translation_key", "locale"], name=f"{prefix}_one_per_locale"
        ),
        *(
            models.UniqueConstraint(
                fields=[field, "locale"],
                name=f"{prefix}_{field}_per_locale",
                violation_error_message=_TAKEN[field],
            )
            for field in unique_fields
        ),
    ]


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
    locale = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_index=True,
    )
    # Shared by an item and all its translations (the source is the one in LANGUAGE_CODE).
    translation_key = models.UUIDField(
        _("translation key"), default=uuid.uuid4, editable=False, db_index=True
    )
    # On a translation: the source's reviewed text (and its digest) when the translation was
    # made or last confirmed up to date, to tell and show what changed since. Empty on sources.
    translated_from_digest = models.CharField(max_length=64, blank=True, editable=False)
    translated_from_text = models.TextField(blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    # A model whose text a medical reviewer must approve before it is published names the
    # fields of that text here and may add related text in `reviewed_text()`.
    reviewed_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def needs_medical_review(self) -> bool:
        return bool(self.reviewed_fields)

    def copy_related_for_translation(self, translation) -> None:
        """Copy related rows a new translation needs (publishing.translations calls it once
        the translation is saved). Nothing here; content models with related rows add them."""

    @classmethod
    def reviewed_text_prefetches(cls) -> list:
        """The `prefetch_related` lookups that let `reviewed_text()` of many items read their
        related rows in a fixed number of queries (the translation overview, the admin's
        "source changed" column). Models whose `reviewed_text()` reads related rows name them
        and read the prefetched rows when present."""
        return []

    def reviewed_text(self) -> str:
        """The text a medical reviewer approves, as one string (fields, then related text).

        Content models with related text (a lesson's sources, a quiz's questions) extend it;
        they read the saved rows, so call this on a saved item.
        """
        return "\n\x1e\n".join(f"{name}: {getattr(self, name)}" for name in self.reviewed_fields)

    def review_approver_problems(self, user) -> list[str]:
        """What stops `user` (a medical reviewer) approving this item; content models add
        their own rules (learn: a contributor profile to name on the page)."""
        return []

    def review_author_user_ids(self) -> set[int]:
        """Ids of the users who wrote the text under review: they may not approve it.

        The user who made the latest revision (django-simple-history's `history_user`);
        content models add more (a lesson's named author, a quiz's question editors).
        """
        history = getattr(self, "history", None)
        latest = history.order_by("-history_date", "-history_id").first() if history else None
        return {latest.history_user_id} if latest and latest.history_user_id else set()

    def is_public(self, now=None):
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    def validate_constraints(self, exclude=None):
        # The uniqueness per language must be checked even where a form leaves the language
        # out (it is set by publishing.translations, not typed): else a taken slug would
        # reach the database as an IntegrityError instead of a form error.
        # (One item per key and language is left to the database and to
        # publishing.translations.create_translation, which checks it before saving.)
        exclude = (set(exclude or ()) - {"locale"}) | {"translation_key"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        super().clean()
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            raise ValidationError(
                {"expires_at": _("The expiry time must be after the publish time.")}
            )


class StatusChangeKind(models.TextChoices):
    TRANSITION = "transition", _("Status changed")
    REVIEW = "review", _("Medical review recorded")
    APPROVAL = "approval", _("Medical review approved")
    MINOR_EDIT = "minor_edit", _("Minor edit published without a new review")
    TRANSLATED = "translated", _("Translation created")
    UP_TO_DATE = "up_to_date", _("Translation marked up to date")


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


class ReviewApproval(models.Model):
    """A medical reviewer's approval of one item's text (lesson, FAQ or quiz), as it stood.

    `text_digest` is a SHA-256 of `item.reviewed_text()` at approval: publishing compares it
    with the current text, so any later edit of that text needs a new approval, however it was
    made. `revision_id` is the history_id of the item's latest revision then, for the record
    (and for the revision comparison pages); it is not what the gate compares, because a
    quiz's questions have revisions of their own.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_approvals",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now, db_index=True)
    revision_id = models.PositiveBigIntegerField(
        _("revision approved"),
        null=True,
        blank=True,
        help_text=_("The number of the item's latest revision when it was approved."),
    )
    text_digest = models.CharField(_("fingerprint of the approved text"), max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("medical review approval")
        verbose_name_plural = _("medical review approvals")
        indexes = [models.Index(fields=["content_type", "object_id", "approved_at"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} approved {self.approved_at:%Y-%m-%d}"
