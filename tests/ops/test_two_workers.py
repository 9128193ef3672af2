"""Two worker processes over one PostgreSQL queue never send a message twice.

A scratch database gets a group of 20 learners who consented to email and an assignment
due in 47 hours (20 "new assignment" messages queued). Two `manage.py worker` processes
(django-tasks-db's worker, plus the scheduler thread) run against it and a real SMTP server
(aiosmtpd) in this test; the reminders job is queued six times over, so both workers run it
at the same moment. Every learner gets exactly one of each message, and both workers worked.
"""

import collections
import os
import signal
import subprocess
import sys
import time

import pytest
from aiosmtpd.controller import Controller

from tests.notifications.conftest import Inbox, free_port
from tests.ops.app_server import ROOT, base_env, drop_database, run_script, scratch_database

pytestmark = pytest.mark.pg_server

LEARNERS = 20

SETUP = f"""
import datetime
from django.contrib.auth.models import Group, User
from django.utils import timezone
from groups import services
from groups.models import Membership
from notifications.models import Preference
from notifications.scheduler import run_scheduled_job
from tests.factories import make_quiz

educators, _ = Group.objects.get_or_create(name="Educators")
educator = User.objects.create_user("nurse", email="nurse@example.org")
educator.groups.add(educators)
group = services.group_create(educator=educator, name="Class")
for n in range({LEARNERS}):
    user = User.objects.create_user(f"learner{{n}}", email=f"learner{{n}}@example.org")
    Preference.objects.create(user=user, consent=True)
    Membership.objects.create(group=group, user=user)
quiz = make_quiz(title="Gut basics", questions=1)
now = timezone.now()
services.assignment_create(
    group=group, educator=educator, quiz=quiz, due_at=now + datetime.timedelta(hours=47)
)
for _ in range(6):
    run_scheduled_job.enqueue("reminders", now.isoformat())
"""

COUNT = """
from django_tasks_db.models import DBTaskResult
from notifications.models import Delivery
# Left READY is fine: the scheduler thread ticks every second, so a job it queued just
# before the workers stopped waits for the next worker. FAILED or RUNNING would not be.
print(Delivery.objects.filter(status="sent").count(), Delivery.objects.count(),
      DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "READY"]).count(),
      DBTaskResult.objects.values("worker_ids").distinct().count())
"""


@pytest.fixture
def inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_two_workers_never_send_twice(migrated_template, inbox, tmp_path):
    inbox, port = inbox
    name, url = scratch_database(migrated_template, "msportal_two_workers")
    env = base_env(
        url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="0",
        DJANGO_SECRET_KEY="two-workers-test-key-" + "x" * 40,
    )  # fmt: skip
    workers = []
    try:
        run_script(SETUP, env)
        for n in range(2):
            log = open(tmp_path / f"worker{n}.log", "wb")  # noqa: SIM115 (closed with the process)
            workers.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "worker", "--interval", "0.1", "--tick", "1"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )  # fmt: skip
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(inbox.messages) < 2 * LEARNERS:
            time.sleep(0.5)
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        counts = run_script(COUNT, env).split()
        drop_database(name)

    sent = collections.Counter((m["To"], m["Subject"].split(":")[0]) for m in inbox.messages)
    assert len(inbox.messages) == 2 * LEARNERS, [
        (tmp_path / f"worker{n}.log").read_text()[-2000:] for n in range(2)
    ]
    assert set(sent.values()) == {1}
    assert {subject for _to, subject in sent} == {"New assignment", "Reminder"}
    sent_rows, all_rows, unfinished, worker_ids = map(int, counts)
    assert sent_rows == all_rows == 2 * LEARNERS
    assert unfinished == 0  # no task failed or was cut short
    assert worker_ids >= 2  # both workers ran tasks
