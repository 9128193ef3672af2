"""The login lockout backend (django-axes), for logins that come from a web request."""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from core.clientip import client_ip
from core.login_limits import login_wait_seconds


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a login, before any password is checked, while it must wait (core.login_limits).

    That is: the account is locked from this address, or this address is locked, or the
    account is slowed down after failures from many addresses. Every HTTP login (site, admin)
    passes the request, and only those can be counted per address. A login without one (the
    test client's login(), a shell) has no address to count, so it is left to the next backend
    instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return
        wait = login_wait_seconds(request, username)
        if not wait:
            return
        # The lockout page (core.views.lockout) says how long; the flag keeps this refused try
        # out of every count, and makes axes' middleware show that page.
        request.login_wait_seconds = wait
        request.axes_locked_out = True
        raise AxesBackendPermissionDenied("The account or address must wait before trying again.")


def failure_limit(request, credentials):
    """django-axes' failure limit: 5 wrong passwords for one account from one address, 100
    from one address over any accounts.

    axes compares the larger of its two counts (the pair's, the address's; the address count
    includes the pair's) with one limit, so the limit depends on the pair's own count: once it
    reaches the pair limit, that limit applies; until then, only the address limit can lock.
    """
    pair_limit = settings.MSPORTAL_PAIR_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    if not username:
        return settings.MSPORTAL_ADDRESS_FAILURE_LIMIT
    pair_failures = (
        AccessAttempt.objects.filter(
            username=username,
            ip_address=client_ip(request),
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    if pair_failures >= pair_limit:
        return pair_limit
    return settings.MSPORTAL_ADDRESS_FAILURE_LIMIT
