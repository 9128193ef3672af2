"""The workflow log moves here from the learn app: its table and rows stay as they are.

Only Django's record of which app owns the model changes (SeparateDatabaseAndState); the
table keeps its name, learn_statuschange. The content type row is renamed, so permissions
granted on it carry over.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(
        app_label="publishing", model="statuschange"
    ).exists():
        ContentType.objects.using(db).filter(app_label="learn", model="statuschange").update(
            app_label="publishing"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="learn", model="statuschange").exists():
        ContentType.objects.using(db).filter(app_label="publishing", model="statuschange").update(
            app_label="learn"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("learn", "0006_seed_flagged_phrases_and_reading_grades"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatusChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("kind", models.CharField(choices=[("transition", "Status changed"), ("review", "Medical review recorded")], default="transition", max_length=12, verbose_name="what happened")),
                        ("from_status", models.CharField(blank=True, max_length=12, verbose_name="from")),
                        ("to_status", models.CharField(max_length=12, verbose_name="to")),
                        ("changed_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when")),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="status_changes", to=settings.AUTH_USER_MODEL, verbose_name="by")),
                    ],
                    options={
                        "verbose_name": "status change",
                        "verbose_name_plural": "status changes",
                        "ordering": ["-changed_at", "-pk"],
                        "db_table": "learn_statuschange",
                        "indexes": [models.Index(fields=["content_type", "object_id", "changed_at"], name="learn_statu_content_bc0937_idx")],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
