"""Learner groups move here from the quizzes app: their tables and rows stay as they are.

Only Django's record of which app owns the models changes (SeparateDatabaseAndState): the
tables keep their names (quizzes_learnergroup, quizzes_membership, quizzes_assignment,
quizzes_accommodation, quizzes_hold), and so do their constraints. Nothing is written to the
database but the content type rows, renamed so that permissions and admin log entries on
these models carry over. quizzes/migrations/0003 then drops the models from the quizzes
app's state and points Attempt.assignment at groups.Assignment (the same column and key).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["learnergroup", "membership", "assignment", "accommodation", "hold"]


def _relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        # A row under the new label (made by an earlier run) is kept as it is.
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def rename_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "quizzes", "groups")


def restore_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "groups", "quizzes")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("quizzes", "0002_history_and_check_reason"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                    migrations.CreateModel(
                        name="LearnerGroup",
                        fields=[
                            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                            ("name", models.CharField(max_length=120, verbose_name="name")),
                            ("description", models.TextField(blank=True, verbose_name="description")),
                            ("join_code", models.CharField(max_length=12, unique=True, verbose_name="join code")),
                            ("is_open", models.BooleanField(default=True, verbose_name="open to new members")),
                            ("created_at", models.DateTimeField(auto_now_add=True)),
                            ("educator", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="educated_groups", to=settings.AUTH_USER_MODEL)),
                        ],
                        options={
                            "verbose_name": "group",
                            "verbose_name_plural": "groups",
                            "db_table": "quizzes_learnergroup",
                            "ordering": ["name"],
                        },
                    ),
                    migrations.CreateModel(
                        name="Assignment",
                        fields=[
                            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                            ("opens_at", models.DateTimeField(blank=True, null=True, verbose_name="opens")),
                            ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="due")),
                            ("max_attempts", models.PositiveSmallIntegerField(blank=True, help_text="Empty: as the quiz allows.", null=True, verbose_name="attempts allowed")),
                            ("instructions", models.TextField(blank=True, verbose_name="instructions")),
                            ("created_at", models.DateTimeField(auto_now_add=True)),
                            ("quiz", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="assignments", to="quizzes.quiz")),
                            ("group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="groups.learnergroup")),
                        ],
                        options={
                            "verbose_name": "assignment",
                            "verbose_name_plural": "assignments",
                            "db_table": "quizzes_assignment",
                            "ordering": ["-created_at"],
                        },
                    ),
                    migrations.CreateModel(
                        name="Accommodation",
                        fields=[
                            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                            ("extra_attempts", models.PositiveSmallIntegerField(default=0, verbose_name="extra attempts")),
                            ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="later due date")),
                            ("extra_time", models.CharField(blank=True, choices=[("", "No extra time"), ("x1.5", "Time and a half"), ("x2", "Double time"), ("unlimited", "No time limit")], max_length=10, verbose_name="extra time")),
                            ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="accommodations", to=settings.AUTH_USER_MODEL)),
                            ("assignment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="accommodations", to="groups.assignment")),
                        ],
                        options={
                            "db_table": "quizzes_accommodation",
                            "constraints": [models.UniqueConstraint(fields=("assignment", "user"), name="accommodation_unique")],
                        },
                    ),
                    migrations.CreateModel(
                        name="Hold",
                        fields=[
                            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                            ("started_at", models.DateTimeField()),
                            ("ended_at", models.DateTimeField(blank=True, null=True)),
                            ("assignment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="holds", to="groups.assignment")),
                            ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="holds", to=settings.AUTH_USER_MODEL)),
                        ],
                        options={
                            "db_table": "quizzes_hold",
                            "ordering": ["started_at"],
                            "constraints": [models.UniqueConstraint(condition=models.Q(("ended_at__isnull", True)), fields=("assignment", "user"), name="hold_one_open")],
                        },
                    ),
                    migrations.CreateModel(
                        name="Membership",
                        fields=[
                            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                            ("joined_at", models.DateTimeField(auto_now_add=True)),
                            ("group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="groups.learnergroup")),
                            ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to=settings.AUTH_USER_MODEL)),
                        ],
                        options={
                            "db_table": "quizzes_membership",
                            "constraints": [models.UniqueConstraint(fields=("group", "user"), name="membership_unique")],
                        },
                    ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
