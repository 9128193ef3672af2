from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from core import cachebatch
        from groups import membership_flag
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
                "groups.PreTest",
            ],
        )

        # The header's "My assignments" link reads a cached flag, kept up to date here.
        post_save.connect(
            membership_flag.membership_saved,
            sender="groups.Membership",
            dispatch_uid="groups-membership-flag-saved",
        )
        post_delete.connect(
            membership_flag.membership_deleted,
            sender="groups.Membership",
            dispatch_uid="groups-membership-flag-deleted",
        )
        user_logged_in.connect(
            membership_flag.user_logged_in_remember, dispatch_uid="groups-membership-flag-login"
        )
        # A page that batches its small cache reads reads the flag with them.
        cachebatch.register(membership_flag.keys_for)
