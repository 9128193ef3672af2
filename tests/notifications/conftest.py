"""Fixtures for messages: a real SMTP server (aiosmtpd) on a free port, the worker, people.

Tasks go through the real database queue (django-tasks-db); `run_worker()` runs the queued
ones in this process with the package's own worker code (tests/tasks.py). Real worker
processes: tests/ops/test_two_workers.py and test_make_run.py.
"""

import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group

from groups.models import Membership
from notifications.models import Preference
from tests.factories import make_quiz, make_user
from tests.tasks import run_queued_tasks


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message it receives, parsed, headers included."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False},
        }
    }
    settings.MSPORTAL_SITE_URL = "http://testserver"
    yield inbox
    controller.stop()


def run_worker():
    """Run every queued task that is due, like a worker process, then return."""
    run_queued_tasks()


@pytest.fixture(autouse=True)
def roles(db):
    for name in ("Educators", "Editors", "Medical reviewers"):
        Group.objects.get_or_create(name=name)


@pytest.fixture
def educator():
    return make_user(username="nurse", first_name="Nadia", groups=["Educators"])


def consenting(user):
    Preference.objects.update_or_create(user=user, defaults={"consent": True})
    return user


@pytest.fixture
def learner():
    return consenting(make_user(username="sam", first_name="Sam"))


@pytest.fixture
def group(educator, learner):
    from groups.services import group_create

    group = group_create(educator=educator, name="Tuesday class")
    Membership.objects.create(group=group, user=learner)
    return group


@pytest.fixture
def quiz():
    return make_quiz(title="Gut and brain basics", questions=1)
