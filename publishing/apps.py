from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Status, schedule, workflow, revisions, rendering, search and the public page cache:
    the machinery every content app builds on. It names no other app."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from publishing import pagecache

        # An approval names the reviewer on the lesson page, so it makes cached pages stale.
        pagecache.register(
            content=["publishing.ReviewApproval"],
            other=["publishing.StatusChange", "core.TaskProgress"],
        )
