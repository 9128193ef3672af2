"""Learner accounts: a profile beside Django's User for settings that follow the person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.models import ExtraTime


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    extra_time = models.CharField(
        _("standing extra time"),
        max_length=10,
        choices=ExtraTime.choices,
        blank=True,
        help_text=_(
            "Applies to every timed quiz, unless an educator has set more for an assignment."
        ),
    )
    display = models.JSONField(
        _("display settings"),
        default=dict,
        blank=True,
        help_text=_("Text size, spacing, contrast and theme chosen on the Display panel."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
