"""`manage.py run_scheduled [--now 2027-03-01T09:00]`: queue the scheduled jobs once.

With --now the jobs run as if it were that time ("putting the clock forward" to see a
reminder go out). The jobs are queued for the worker; --run also runs them here at once.
Each message still goes out only once, however often this is run.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.scheduler import JOBS, tick


class Command(BaseCommand):
    help = "Queue the scheduled jobs (reminders, digests, link check) as of now or --now."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO 8601 date and time to act as now.")
        parser.add_argument("--run", action="store_true", help="Run the jobs here, not queued.")
        parser.add_argument(
            "--job", action="append", choices=sorted(JOBS), help="Only this job (repeatable)."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"--now: {error}") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        if options["run"]:
            for job in options["job"] or JOBS:
                self.stdout.write(f"{job}: {JOBS[job](now)}")
            return
        jobs = tick(holder="run_scheduled", now=now, lead=False, only=options["job"])
        self.stdout.write("Queued: " + ", ".join(jobs))
