"""Glue between Django's signals and the accounts services (the logic lives in those)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.utils.translation import gettext as _

from accounts.api_tokens import api_tokens_revoke_stale
from accounts.display_views import remember_account_settings
from accounts.services import claim_visitor_data
from core import visitors

# Sent by the sign-up page after the account is saved, with `user` and `email_consent` (the
# "email me about my learning" box). The notifications app keeps the choice.
account_created = Signal()


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
    """Keep the account's display settings and time zone in the session: pages then read no
    profile row."""
    if getattr(request, "session", None) is not None:
        remember_account_settings(request, user)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-revoke-api-tokens")
def revoke_api_tokens_on_password_change(sender, instance, created, update_fields, **kwargs):
    """A new password or a deactivated account ends the account's API tokens at once.

    Every path that changes a password saves the user (the change and reset forms, the
    admin, set_password() then save()), as does deactivation. A save that names its fields
    and touches neither (the last_login update at each login) costs no query.
    """
    if created:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    api_tokens_revoke_stale(user=instance)
