"""Create the Editors and Educators groups and give Editors their content permissions.

Permissions are normally created by post_migrate, after every migration has run, so a fresh
database has none yet: create them first, for every app, through the historical registry.
The role mapping is frozen here as it stood when this migration was written; later changes
to core/roles.py reach the database through its post_migrate handler instead.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import sync_roles

ALL = ("add", "change", "delete", "view")
FROZEN_ROLE_PERMISSIONS = {
    "Editors": {
        "learn.topic": ALL,
        "learn.contributor": ALL,
        "learn.module": ALL,
        "learn.article": ALL,
        "learn.citation": ALL,
        "learn.faq": ALL,
        "learn.referencelink": ALL,
        "quizzes.quiz": ALL,
        "quizzes.question": ALL,
        "quizzes.choice": ALL,
        "quizzes.attempt": ("view",),
        "quizzes.response": ("view",),
    },
    "Educators": {},
}


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        # Historical app configs carry no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    sync_roles(apps=apps, using=using, role_permissions=FROZEN_ROLE_PERMISSIONS)


def delete_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=FROZEN_ROLE_PERMISSIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learn", "0002_referencelink_last_error"),
        ("quizzes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
