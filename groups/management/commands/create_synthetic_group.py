"""Make a large synthetic group for trying and benchmarking the results dashboard.

    python manage.py create_synthetic_group --learners 2000 --questions 30

Creates (or reuses, with --educator) an educator, a published quiz whose wrong choices carry
misconception labels, a group of made-up learners, an assignment and realistic attempts.
It refuses to overwrite an existing synthetic group of the same name unless --replace.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from groups.demo import BATCH_SIZE, make_learners, simulate_attempts
from groups.models import Accommodation, Assignment, Hold, LearnerGroup, Membership
from groups.services import EDUCATORS, save_with_new_join_code
from publishing.models import Status
from quizzes.models import Attempt, Choice, Question, Quiz, Response, ResponseChoice

MISCONCEPTIONS = [
    "probiotics cure MS",
    "probiotics can replace disease-modifying therapy",
    "a mouse study proves it works in people",
    "MS is caused by bad eating",
    "more bacteria is always better",
    "supplements are safe for everyone",
    "association means cause",
    "a small trial settles the question",
]


class Command(BaseCommand):
    help = "Create a synthetic group of learners with attempts, for the results dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=2000)
        parser.add_argument("--questions", type=int, default=30)
        parser.add_argument("--name", default="Synthetic group")
        parser.add_argument("--educator", help="Username of an existing educator to own it.")
        parser.add_argument("--replace", action="store_true", help="Replace a group of this name.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            help="Give every synthetic learner this password (default: they cannot log in).",
        )

    def handle(self, *args, **options):
        if options["learners"] < 1 or options["questions"] < 1:
            raise CommandError("--learners and --questions must be at least 1.")
        started = time.perf_counter()
        slug = slugify(options["name"]) or "synthetic"
        educator = self._educator(options["educator"])
        existing = LearnerGroup.objects.filter(educator=educator, name=options["name"]).first()
        if existing is not None and not options["replace"]:
            raise CommandError(
                f"A group named '{options['name']}' already exists for {educator.username}. "
                "Use --replace to rebuild it, or --name for another."
            )
        with transaction.atomic():
            self._delete_previous(slug, existing)
            group = self._build(educator, slug, options)
        if connection.vendor == "postgresql":
            # Planner statistics and the visibility map (index-only scans) now, as autovacuum
            # would do a little later: the dashboard's first view is then like any other.
            # VACUUM cannot run inside a transaction (as under the tests); ANALYZE can.
            vacuum = "VACUUM ANALYZE" if not connection.in_atomic_block else "ANALYZE"
            with connection.cursor() as cursor:
                for model in (Attempt, Response, ResponseChoice, Membership):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"{vacuum} {table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Built '{group.name}' (id {group.pk}, join code {group.join_code}) with "
                f"{options['learners']} learners and {options['questions']} questions in "
                f"{time.perf_counter() - started:.1f} s. Educator: {educator.username}."
            )
        )

    def _educator(self, username):
        User = get_user_model()
        educators, _created = Group.objects.get_or_create(name=EDUCATORS)
        if username:
            educator = User.objects.filter(username=username).first()
            if educator is None:
                raise CommandError(f"No user named '{username}'.")
        else:
            educator, created = User.objects.get_or_create(
                username="synthetic-educator", defaults={"first_name": "Synthetic"}
            )
            if created:
                educator.set_unusable_password()
                educator.save()
        educator.groups.add(educators)
        return educator

    def _delete_previous(self, slug, group):
        """Remove an earlier run: its attempts and answers, learners, group and quiz."""
        quiz = Quiz.objects.filter(slug=f"synthetic-{slug}").first()
        if quiz is not None:
            # Plain DELETEs: the ORM would first load tens of thousands of answers to cascade.
            q = connection.ops.quote_name
            attempt, response = q(Attempt._meta.db_table), q(Response._meta.db_table)
            answers_of_quiz = f"SELECT id FROM {attempt} WHERE quiz_id = %s"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {q(ResponseChoice._meta.db_table)} WHERE response_id IN "  # noqa: S608
                    f"(SELECT id FROM {response} WHERE attempt_id IN ({answers_of_quiz}))",
                    [quiz.pk],
                )
                cursor.execute(
                    f"DELETE FROM {response} WHERE attempt_id IN ({answers_of_quiz})",  # noqa: S608
                    [quiz.pk],
                )
            quiz.attempts.all().delete()
        if group is not None:
            group.delete()
        get_user_model().objects.filter(username__startswith=f"{slug}-learner-").delete()
        if quiz is not None:
            Assignment.objects.filter(quiz=quiz).delete()
            quiz.delete()

    def _build(self, educator, slug, options):
        rng = random.Random(options["seed"])
        now = timezone.now()
        quiz = Quiz.objects.create(
            title=f"{options['name']}: practice quiz",
            slug=f"synthetic-{slug}",
            intro="Made-up questions for trying the results dashboard.",
            status=Status.PUBLISHED,
            publish_at=now - datetime.timedelta(days=30),
            max_attempts=2,
        )
        questions = Question.objects.bulk_create(
            Question(
                quiz=quiz,
                position=n,
                prompt=f"Synthetic question {n}: which statement is right?",
                explanation="A made-up explanation.",
            )
            for n in range(1, options["questions"] + 1)
        )
        choices = []
        for question in questions:
            right_at = rng.randrange(4)
            for position in range(4):
                correct = position == right_at
                choices.append(
                    Choice(
                        question=question,
                        position=position + 1,
                        text=f"Choice {position + 1} of question {question.position}",
                        is_correct=correct,
                        # One tempting wrong choice per question carries a misconception label.
                        misconception=""
                        if correct or position != (right_at + 1) % 4
                        else rng.choice(MISCONCEPTIONS),
                    )
                )
        Choice.objects.bulk_create(choices, batch_size=BATCH_SIZE)

        group = LearnerGroup(
            educator=educator,
            name=options["name"],
            description="Made-up learners for trying the results dashboard.",
        )
        save_with_new_join_code(group)
        users = make_learners(
            prefix=f"{slug}-learner-", count=options["learners"], password=options["password"]
        )
        Membership.objects.bulk_create(
            (Membership(group=group, user=user) for user in users), batch_size=BATCH_SIZE
        )
        assignment = Assignment.objects.create(
            group=group,
            quiz=quiz,
            opens_at=now - datetime.timedelta(days=14),
            due_at=now + datetime.timedelta(days=3),
            instructions="Synthetic assignment.",
        )
        # A few learners with adjustments and with pauses, as in a real class.
        Accommodation.objects.bulk_create(
            Accommodation(assignment=assignment, user=user, extra_attempts=1, extra_time="x1.5")
            for user in users[:: max(1, len(users) // 40)]
        )
        Hold.objects.bulk_create(
            Hold(
                assignment=assignment,
                user=user,
                started_at=now - datetime.timedelta(days=6),
                ended_at=None if i % 2 else now - datetime.timedelta(days=2),
            )
            for i, user in enumerate(users[3 :: max(1, len(users) // 50)])
        )
        made = simulate_attempts(assignment=assignment, users=users, seed=options["seed"], now=now)
        self.stdout.write(f"{made} attempts.")
        return group
