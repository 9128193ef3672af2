"""Progress of long background tasks an editor waits for (core.progress)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskProgress(models.Model):
    """How far one background task has got, and what it found, for the person who started it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    label = models.CharField(_("what"), max_length=200)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)
    failed = models.BooleanField(default=False)
    result = models.TextField(_("result"), blank=True)
    back_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.label

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
