from django.apps import AppConfig


class MsportalConfig(AppConfig):
    """The project package is an app too, for its templates, tags and management commands."""

    name = "msportal"
    verbose_name = "msportal"
