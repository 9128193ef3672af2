"""Checking the current password on a form, counted like a failed login.

Forms that ask a logged-in person for their password again (deleting the account, changing the
password, making an API token) would otherwise let anyone holding a session guess it without
limit. Every such form calls password_check_or_lockout from its clean method: wrong passwords
count against the same limits as the login (core.login_limits), and while the account must
wait the password is not even checked.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.login_limits import (
    login_failure_record,
    login_success_clear,
    login_wait_seconds,
    wait_minutes,
)


def _locked_out(seconds):
    minutes = wait_minutes(seconds)
    # The same words as the lockout page (templates/registration/lockout.html).
    message = ngettext(
        "Too many tries. Please wait %(minutes)s minute, or reset your password.",
        "Too many tries. Please wait %(minutes)s minutes, or reset your password.",
        minutes,
    )
    return ValidationError(
        message, code="locked_out", params={"minutes": minutes, "retry_after": seconds}
    )


def password_check_or_lockout(request, user, password):
    """Raise ValidationError unless `password` is `user`'s, counting a wrong one as a failed login.

    While the account must wait from this address (code "locked_out"; see lockout_retry_after)
    the password is not checked at all, so a session cannot be used to keep guessing. A wrong
    password raises code "wrong_password", or "locked_out" when it used up the last try. A
    right one clears this address's count for the account, as a login does.
    """
    username = user.get_username()
    wait = login_wait_seconds(request, username)
    if wait:
        raise _locked_out(wait)
    if user.check_password(password):
        login_success_clear(request, username)
        return
    login_failure_record(request, username)
    wait = login_wait_seconds(request, username)
    if wait:
        raise _locked_out(wait)
    raise ValidationError(
        _("That is not your password. Check it and try again."), code="wrong_password"
    )


def lockout_retry_after(form, field):
    """Seconds to wait when `form`'s `field` was refused for too many tries, else None.

    Views answer 429 with Retry-After then, like the login's lockout page.
    """
    for error in form.errors.as_data().get(field, []):
        if error.code == "locked_out":
            return error.params["retry_after"]
    return None
