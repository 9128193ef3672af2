"""Learner groups now belong to the groups app (groups/migrations/0001); their tables stay.

State only: Attempt.assignment now names groups.Assignment (same column, same foreign key to
quizzes_assignment), then the moved models leave this app's state.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("quizzes", "0002_history_and_check_reason"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="attempt",
                    name="assignment",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="attempts",
                        to="groups.assignment",
                    ),
                ),
                migrations.DeleteModel(name="Accommodation"),
                migrations.DeleteModel(name="Hold"),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Assignment"),
                migrations.DeleteModel(name="LearnerGroup"),
            ],
        ),
    ]
