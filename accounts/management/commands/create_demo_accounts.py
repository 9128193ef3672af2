"""Demo accounts for trying the site locally: an editor, a medical reviewer, an educator and a
learner. The reviewer is linked to the sample content's placeholder reviewer profile
("Sample reviewer (demo data)"), so its approvals show that placeholder on lesson pages.

Runs only with DEBUG on, so these well-known usernames never exist in production. Passwords
are random, shown once on the console and never written to a file.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.signals import account_created
from core.roles import EDITORS, EDUCATORS, MEDICAL_REVIEWERS
from groups.demo import create_demo_group
from learn.models import Contributor

LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"

# username, role group (None: a plain learner), is_staff
DEMO_ACCOUNTS = [
    ("editor", EDITORS, True),
    ("reviewer", MEDICAL_REVIEWERS, True),
    ("educator", EDUCATORS, False),
    ("learner", None, False),
]
# The sample content's placeholder medical reviewer (learn/sample_content/site.toml).
SAMPLE_REVIEWER_SLUG = "sample-reviewer"


def new_password():
    return secrets.token_urlsafe(12)


class Command(BaseCommand):
    help = (
        "Create demo editor, medical reviewer, educator and learner accounts (development "
        "only, DEBUG=True)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo accounts that already exist new random passwords and print them.",
        )

    @transaction.atomic
    def handle(self, *args, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for development only. Refusing to run because DEBUG is off; "
                "set DJANGO_DEBUG=1 on a development machine to create them."
            )
        User = get_user_model()
        shown = []
        for username, role, is_staff in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                password = new_password()
                # An address on a reserved domain (RFC 2606): `make run` prints the messages.
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    is_staff=is_staff,
                    email=f"{username}@example.org",
                )
                # Every demo account agreed to email, as at sign-up (notifications keeps it).
                account_created.send(sender=User, user=user, email_consent=True)
                if role:
                    # Normally made by a data migration; created here if that has not run.
                    user.groups.add(Group.objects.get_or_create(name=role)[0])
                shown.append((username, password, "created"))
            elif reset_passwords:
                password = new_password()
                user.set_password(password)
                user.save(update_fields=["password"])
                shown.append((username, password, "new password"))
            else:
                self.stdout.write(
                    f"{username}: already exists, left as it is "
                    "(use --reset-passwords to set a new password)."
                )
        if shown:
            self.stdout.write("Demo accounts (development only; these passwords are shown once):")
            for username, password, what in shown:
                self.stdout.write(f"  {username:<9} password: {password}  ({what})")
            self.stdout.write(f"Log in at {LOGIN_URL}")
        self._link_reviewer(User.objects.get(username="reviewer"))
        # The demo educator gets a demo group (the demo learner and synthetic learners, an
        # assignment and submitted attempts) so the results dashboard has something to show.
        create_demo_group(
            educator=User.objects.get(username="educator"),
            learner=User.objects.get(username="learner"),
            stdout=self.stdout,
        )

    def _link_reviewer(self, reviewer):
        """Link the demo reviewer to the placeholder reviewer profile, if nobody else is."""
        profile = Contributor.objects.filter(slug=SAMPLE_REVIEWER_SLUG).first()
        if profile is None:
            self.stdout.write(
                "reviewer: no sample reviewer profile yet; run load_sample_content, then this "
                "command again, to link them (approving needs a contributor profile)."
            )
        elif profile.user_id is None and not Contributor.objects.filter(user=reviewer).exists():
            profile.user = reviewer
            profile.save(update_fields=["user"])
            self.stdout.write(f"reviewer: linked to the contributor profile “{profile.name}”.")
