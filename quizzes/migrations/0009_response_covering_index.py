"""A covering index on answers for the group dashboards (PostgreSQL only; nothing on SQLite).

The results and gain dashboards count a group's answers attempt by attempt (groups/stats.py,
groups/gain_stats.py): with the answer's question, correctness, confidence and id in the
index, PostgreSQL reads them from the index alone instead of visiting every answer's row
(the gain dashboard's figures before and after are in docs/benchmarks.md). SQLite has no
INCLUDE columns, so nothing changes there.
"""

from django.db import migrations

INDEX = "quizzes_response_attempt_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON quizzes_response (attempt_id, question_id)"
            " INCLUDE (is_correct, confidence, id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0008_objective_tallies"),
    ]

    operations = [migrations.RunPython(create, drop)]
