from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from groups.rules import standing_time_factor
        from publishing import pagecache
        from quizzes.terms import set_standing_time_factor

        # Outside assignments too, a timed quiz gives the learner their standing extra time.
        set_standing_time_factor(standing_time_factor)

        # Groups never show on public pages: saving one leaves the page cache alone. The
        # page cache test checks that every model is listed as content or other.
        pagecache.register(
            other=[
                "groups.LearnerGroup",
                "groups.Membership",
                "groups.Assignment",
                "groups.Accommodation",
                "groups.Hold",
            ],
        )
