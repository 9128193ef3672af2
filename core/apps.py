from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """Cross-cutting code every app may use: roles, rate limits, display settings, the API's
    building blocks, logging and middleware. It imports no feature app."""

    name = "core"
    verbose_name = "msportal core"

    def ready(self):
        from core.roles import sync_roles_after_migrate

        # Keeps the Editors and Educators groups in step with core/roles.py after every
        # migrate, including permissions of models added after the roles migration.
        post_migrate.connect(
            sync_roles_after_migrate,
            sender=self.apps.get_app_config("auth"),
            dispatch_uid="core.roles.sync_roles_after_migrate",
        )
