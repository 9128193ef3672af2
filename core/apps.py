from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """Cross-cutting code every app may use: roles, rate limits, display settings, the API's
    building blocks, logging and middleware. It imports no feature app."""

    name = "core"
    verbose_name = "msportal core"

    def ready(self):
        from core import dbhealth
        from core.login_limits import clear_on_login, count_login_failure
        from core.roles import sync_roles_after_migrate

        # Keeps the Editors and Educators groups in step with core/roles.py after every
        # migrate, including permissions of models added after the roles migration.
        post_migrate.connect(
            sync_roles_after_migrate,
            sender=self.apps.get_app_config("auth"),
            dispatch_uid="core.roles.sync_roles_after_migrate",
        )
        # Wrong passwords slow the account down; a right one clears the pair and the slowdown.
        user_login_failed.connect(count_login_failure, dispatch_uid="core.login_limits.failure")
        user_logged_in.connect(clear_on_login, dispatch_uid="core.login_limits.login")
        # A connection used a moment ago skips Django's per-request health check round trip.
        dbhealth.connect()
