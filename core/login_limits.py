"""Limits on wrong passwords that stop guessing without handing anyone a way to lock people out.

NIST SP 800-63B asks for a limit on failed attempts that an attacker cannot turn into a denial
of service. If a few wrong passwords locked an account everywhere, anyone who knows a username
could keep its owner out; if they locked an address, one person could lock out a clinic's
shared Wi-Fi. So there are three limits (numbers in settings, "Operations"; docs/deploy.md):

- one account from one address (the pair): locked for the cool-off after a few wrong
  passwords. Only that pair: the owner at home and other people on the same Wi-Fi go on.
  django-axes counts it in the database (AXES_LOCKOUT_PARAMETERS, core.auth_backends).
- one address, any accounts: locked only after many failures, enough for a room of people
  with typos but not for a spray over many accounts (django-axes too).
- one account from any addresses (guessing spread over many addresses): never locked, but
  slowed down. After LOGIN_SLOWDOWN_AFTER failures in a day, each further failure makes the
  next try for that account wait, twice as long each time up to a short maximum. Counted here,
  in the cache; the wait and the count end by themselves.

Forms that ask a logged-in person for their current password count wrong ones the same way
(accounts.passwords.password_check_or_lockout), so they are no way around these limits.
"""

import math
import time

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache

from core.clientip import client_ip
from core.ratelimit import counter_key, hit

SCOPE = "login-account"


def _now():
    """The Unix time; a function of its own so tests can move the clock."""
    return time.time()


def _wait_key(username):
    return f"{counter_key(SCOPE, username)}:wait-until"


def account_failure_record(username):
    """Count a wrong password for `username` from any address, and start its wait if due.

    From the LOGIN_SLOWDOWN_AFTER-th failure on, each one makes the next try wait: FIRST
    seconds, then twice as long each time, at most MAX.
    """
    if not username:
        return
    now = _now()
    count, _ = hit(SCOPE, username, settings.LOGIN_SLOWDOWN_WINDOW_SECONDS, now=now)
    if count is None or count < settings.LOGIN_SLOWDOWN_AFTER:
        return
    steps = min(count - settings.LOGIN_SLOWDOWN_AFTER, 32)  # 2**32 s is past any maximum
    delay = min(
        settings.LOGIN_SLOWDOWN_FIRST_SECONDS * 2**steps, settings.LOGIN_SLOWDOWN_MAX_SECONDS
    )
    try:
        cache.set(_wait_key(username), now + delay, timeout=math.ceil(delay))
    except Exception:  # the cache being down must not break logging in (see core.ratelimit)
        return


def account_wait_seconds(username):
    """Seconds before `username` may try again (from any address), 0 when it may try now."""
    if not username:
        return 0
    now = _now()
    try:
        until = cache.get(_wait_key(username))
    except Exception:
        return 0
    return max(0, math.ceil(until - now)) if until else 0


def account_failures_clear(username):
    """Forget the account's failures and wait, after the right password."""
    key = counter_key(SCOPE, username)
    try:
        cache.delete_many([key, f"{key}:start", _wait_key(username)])
    except Exception:
        return


def cooloff_seconds():
    """The whole cool-off of a pair or an address locked by django-axes, in seconds."""
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds())


def wait_minutes(seconds):
    """A wait as the lockout page and the password forms say it: whole minutes, at least 1."""
    return max(1, math.ceil(seconds / 60))


def login_wait_seconds(request, username):
    """Seconds before `username` may try a password from this request's address; 0 = now.

    The pair or the address locked by django-axes waits the whole cool-off (what the lockout
    page has always said); otherwise the account's slowdown, if any, applies.
    """
    if not settings.AXES_ENABLED:
        return 0
    if not AxesProxyHandler.is_allowed(request, {"username": username}):
        return cooloff_seconds()
    return account_wait_seconds(username)


def login_failure_record(request, username):
    """Record a wrong password typed outside the login form, exactly like a failed login.

    Django's user_login_failed signal is what django-axes and count_login_failure listen to.
    When this failure reaches a limit, axes marks the request so that its middleware swaps the
    response for the lockout page; forms show the message themselves instead, so the mark is
    taken off again.
    """
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    request.axes_locked_out = False


def login_success_clear(request, username):
    """After the right password: forget the pair's failures and the account's slowdown.

    Only the pair, not the whole address: otherwise someone spraying guesses from one address
    could log in to an account of their own now and then to wipe the address count.
    """
    account_failures_clear(username)
    if request is not None:
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request)).delete()


def count_login_failure(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver: count the failure for the account's slowdown.

    Tries refused before any password was checked (locked or waiting; the lockout backend sets
    request.login_wait_seconds) do not count, or a stranger could stretch the owner's wait.
    """
    if request is None or getattr(request, "login_wait_seconds", 0):
        return
    account_failure_record((credentials or {}).get("username"))


def clear_on_login(sender, request, user, **kwargs):
    """user_logged_in receiver: a right password ends the pair's count and the slowdown."""
    login_success_clear(request, user.get_username())
