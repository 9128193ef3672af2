"""Content governance models: medical review records, the update notes readers see, and the
editable list of phrases that may overclaim. (Who moved what through the workflow is
`publishing.models.StatusChange`.)

They live beside learn/models.py (which imports them at its end, so they are part of the learn
app) to keep that module to the content itself. Relations use "learn.Article" strings, so this
module needs nothing from learn.models at import time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewRecord(models.Model):
    """A medical review of a lesson, recorded from the "Review due" page."""

    article = models.ForeignKey(
        "learn.Article",
        on_delete=models.CASCADE,
        related_name="review_records",
        verbose_name=_("lesson"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_records",
        verbose_name=_("recorded by"),
    )
    medical_reviewer = models.ForeignKey(
        "learn.Contributor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_records",
        verbose_name=_("medical reviewer"),
        help_text=_("The lesson's medical reviewer at the time of the review."),
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    next_review_on = models.DateField(_("next review due"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("review record")
        verbose_name_plural = _("review records")

    def __str__(self):
        return f"{self.article} reviewed on {self.reviewed_on}"


class ArticleUpdateNote(models.Model):
    """A reader-facing "what changed" note on a significant update of a lesson.

    Separate from the internal revision history: editors write these for readers, in plain
    words, only when a change matters to them. Newest first.
    """

    article = models.ForeignKey(
        "learn.Article",
        on_delete=models.CASCADE,
        related_name="update_notes",
        verbose_name=_("lesson"),
    )
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(
        _("what changed"),
        max_length=600,
        help_text=_(
            "One or two plain sentences for readers, e.g. 'We added the results of a "
            "2024 trial.' Plain text: no Markdown."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("update note for readers")
        verbose_name_plural = _("update notes for readers")

    def __str__(self):
        return f"{self.noted_on}: {self.text[:60]}"


class FlaggedPhrase(models.Model):
    """A word or phrase that may overclaim; lessons using it get a warning for the reviewer."""

    phrase = models.CharField(
        _("word or phrase"),
        max_length=80,
        unique=True,
        help_text=_("Matched as a whole word, in any case, with plain endings (cure, cures)."),
    )
    why = models.CharField(
        _("why it is flagged"),
        max_length=300,
        help_text=_("What the reviewer should check, shown next to each occurrence."),
    )
    is_active = models.BooleanField(_("check for it"), default=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("flagged phrase")
        verbose_name_plural = _("flagged phrases")

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.split()).lower()
        super().save(*args, **kwargs)
