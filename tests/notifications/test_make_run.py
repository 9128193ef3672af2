"""`make run` (scripts/dev.sh): the site and a worker in one command, both stopped by Ctrl+C.

On a scratch SQLite file with the sample content and demo accounts: the demo educator's new
assignment reaches the demo learner (printed on the console) within seconds; putting the
clock forward with run_scheduled prints the reminder once, however often it is run; Ctrl+C
(SIGINT to the process group, as a terminal sends it) stops the server and the worker.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.notifications.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]

# The site runs on a scratch SQLite file (demo_env), whichever database the suite uses.
pytestmark = pytest.mark.own_database

ASSIGN = """
import datetime
from groups import services
from groups.models import LearnerGroup
from quizzes.models import Quiz
group = LearnerGroup.objects.get(educator__username="educator")
quiz = Quiz.objects.filter(status="published").first()
due = datetime.datetime(2027, 3, 5, 17, 0, tzinfo=datetime.UTC)
services.assignment_create(group=group, educator=group.educator, quiz=quiz, due_at=due)
"""


def _ctrl_c_as_in_a_terminal():
    """A terminal's shell starts `make run` with Ctrl+C's signal handled by default. Under a
    runner that was itself started in the background (CI's SQLite pass), SIGINT is inherited
    as ignored, and a shell cannot undo that: give the script the terminal's default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300,
        capture_output=True,
    )  # fmt: skip


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def demo_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "make-run-test-" + "x" * 40,
        "VENV": str(Path(sys.executable).parent.parent),
        "WORKER_TICK": "1",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_sample_content")
    manage(env, "create_demo_accounts")
    return env


def test_make_run_starts_site_and_worker_and_ctrl_c_stops_both(demo_env, tmp_path):
    port = free_port()
    log_path = tmp_path / "run.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            ["scripts/dev.sh"], cwd=ROOT, env=demo_env | {"PORT": str(port)},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )  # fmt: skip
    output = log_path.read_text
    try:

        def site_up():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        assert wait_for(site_up), output()
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + ASSIGN],
            cwd=ROOT, env=demo_env | {"DJANGO_SETTINGS_MODULE": "msportal.settings"}, check=True,
        )  # fmt: skip
        assert wait_for(lambda: "Subject: New assignment" in output()), output()
        assert "To: learner@example.org" in output()
        for now in ("2027-03-03T18:00", "2027-03-03T19:00", "2027-03-04T09:00"):
            manage(demo_env, "run_scheduled", "--now", now, "--job", "reminders")
        assert wait_for(lambda: "Subject: Reminder" in output()), output()
        time.sleep(3)
        assert output().count("Subject: Reminder") == 1
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    ps = subprocess.run(["ps", "-o", "pid=", "-g", str(process.pid)], capture_output=True)
    assert ps.stdout.strip() == b"", "a process of make run outlived Ctrl+C"


def test_make_serve_runs_gunicorn_and_a_worker_and_ctrl_c_stops_both(demo_env, tmp_path):
    port = free_port()
    env = {k: v for k, v in demo_env.items() if k != "DJANGO_DEBUG"} | {"PORT": str(port)}
    with open(tmp_path / "serve.log", "wb") as log:
        process = subprocess.Popen(
            ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:

        def site_up():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        assert wait_for(site_up, 90), (tmp_path / "serve.log").read_text()
        ps = subprocess.run(["ps", "-o", "args=", "-g", str(process.pid)], capture_output=True)
        commands = ps.stdout.decode()
        assert "gunicorn" in commands and "manage.py worker" in commands
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            # Promptly: a worker that misses the interrupt is stopped after 5 s (serve.sh).
            process.wait(timeout=15)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    ps = subprocess.run(["ps", "-o", "pid=", "-g", str(process.pid)], capture_output=True)
    assert ps.stdout.strip() == b"", "a process of make serve outlived Ctrl+C"
