from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MsportalConfig(AppConfig):
    """The project package is an app too, for its templates, tags and management commands."""

    name = "msportal"
    verbose_name = "msportal"

    def ready(self):
        from msportal import pagecache
        from msportal.roles import sync_roles_after_migrate

        # Content edits make every cached public page stale (msportal/pagecache.py).
        pagecache.connect_signals()

        # Keeps the Editors and Educators groups in step with msportal/roles.py after every
        # migrate, including permissions of models added after the roles migration.
        post_migrate.connect(
            sync_roles_after_migrate,
            sender=self.apps.get_app_config("auth"),
            dispatch_uid="msportal.roles.sync_roles_after_migrate",
        )
