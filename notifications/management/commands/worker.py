"""`manage.py worker`: run queued tasks, and the scheduler's tick once a minute.

The task loop is django-tasks-db's `db_worker` (claims each task with a row lock, so several
workers on several servers never run one twice). A thread beside it calls
notifications.scheduler.tick every minute; only the leader's tick queues anything.
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string

from notifications.scheduler import tick

logger = logging.getLogger(__name__)


def scheduler_loop(holder: str, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            jobs = tick(holder=holder)
            if jobs:
                logger.info("Scheduler queued %s", ", ".join(jobs))
        except Exception:  # a database hiccup must not stop the loop
            logger.exception("Scheduler tick failed")
        finally:
            connection.close()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run queued background tasks (emails, digests, link checks) and the scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--tick", type=float, default=60.0, help="Seconds between scheduler ticks."
        )
        parser.add_argument("--no-scheduler", action="store_true", help="Only run tasks.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args, **options):
        worker_id = get_random_string(32)
        stop = threading.Event()
        if not options["no_scheduler"]:
            thread = threading.Thread(
                target=scheduler_loop,
                args=(worker_id, options["tick"], stop),
                name="scheduler",
                daemon=True,
            )
            thread.start()
        worker_args = ["--interval", str(options["interval"]), "--worker-id", worker_id]
        worker_args += ["--no-reload", "--queue-name", "*"]
        if options["batch"]:
            worker_args.append("--batch")
        try:
            call_command("db_worker", *worker_args, verbosity=options["verbosity"])
        finally:
            stop.set()
