"""The workflow log (StatusChange) now belongs to the publishing app; its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learn", "0006_seed_flagged_phrases_and_reading_grades"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatusChange")],
        ),
    ]
