"""Delete readers' feedback closed more than a year ago, as the privacy page promises.

Run it from a scheduled job, for example daily: `python manage.py delete_old_feedback`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from editorial.services import feedback_delete_closed

DEFAULT_DAYS = 365


class Command(BaseCommand):
    help = "Delete feedback that was closed more than --days days ago (default 365)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        deleted = feedback_delete_closed(closed_before=timezone.now() - timedelta(days=days))
        self.stdout.write(
            f"Deleted {deleted} feedback message(s) closed more than {days} days ago."
        )
