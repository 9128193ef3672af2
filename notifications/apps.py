from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import receivers
        from publishing import pagecache

        receivers.connect()
        # Nothing here shows on public pages.
        pagecache.register(
            other=[
                "notifications.Preference",
                "notifications.Delivery",
                "notifications.SchedulerLease",
                "notifications.ScheduledRun",
                "django_tasks_database.DBTaskResult",
            ]
        )
