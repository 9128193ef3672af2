"""Glue between Django's login and the claim service (the logic lives in accounts.services)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.display_views import remember_account_settings
from accounts.services import claim_visitor_data
from core import visitors


@receiver(user_logged_in, dispatch_uid="accounts-claim-visitor-data")
def claim_visitor_data_on_login(sender, request, user, **kwargs):
    """Move what this browser did before logging in (or signing up) into the account.

    login() keeps the session data when it gives the session a new key, so the visitor id is
    still there. It is removed afterwards: from now on the account owns the work.
    """
    if getattr(request, "session", None) is None:
        return
    visitor_id = visitors.get_visitor_id(request)
    if not visitor_id:
        return
    claimed = claim_visitor_data(user=user, visitor_id=visitor_id)
    del request.session[visitors.SESSION_KEY]
    if claimed["lessons_moved"] or claimed["lessons_already_done"] or claimed["attempts_moved"]:
        messages.info(
            request,
            _("We added the lessons and quizzes you did before logging in to your account."),
            fail_silently=True,
        )


@receiver(user_logged_in, dispatch_uid="accounts-remember-display-settings")
def remember_display_settings_on_login(sender, request, user, **kwargs):
    """Keep the account's display settings in the session: pages then read no profile row."""
    if getattr(request, "session", None) is not None:
        remember_account_settings(request, user)
