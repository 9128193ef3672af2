"""Template tags for the editors' admin index: how many lessons are due for medical review."""

from datetime import timedelta

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from learn.models import (
    REVIEW_DUE_SOON_DAYS,
    Article,
)
from publishing.models import Status

register = template.Library()


@register.simple_tag
def review_due_counts():
    """{"overdue": n, "soon": n} in one query: overdue includes lessons without a date."""
    today = timezone.localdate()
    return Article.objects.exclude(status=Status.ARCHIVED).aggregate(
        overdue=Count("pk", filter=Q(next_review_on__lt=today) | Q(next_review_on__isnull=True)),
        soon=Count(
            "pk",
            filter=Q(
                next_review_on__gte=today,
                next_review_on__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS),
            ),
        ),
    )
