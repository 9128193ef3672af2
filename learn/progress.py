"""Reading progress: which lessons a learner (an account or an anonymous visitor) has done.

Part of the learn app's models (learn/models.py imports it at its end); the lesson is named
by its "learn.Article" label, so this module needs nothing from learn.models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """A lesson marked as done, by an account or (before signing in) by an anonymous visitor.

    An anonymous visitor is identified by a random id kept in their session (see
    core/visitors.py), not by the session key, which Django changes at login.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lesson_progress",
    )
    visitor_id = models.CharField(max_length=36, blank=True, db_index=True)
    article = models.ForeignKey("learn.Article", on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(user__isnull=False),
                name="progress_unique_user_article",
            ),
            models.UniqueConstraint(
                fields=["visitor_id", "article"],
                condition=Q(user__isnull=True),
                name="progress_unique_visitor_article",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(visitor_id=""),
                name="progress_has_owner",
            ),
        ]

    def __str__(self):
        return f"{self.article} done"
