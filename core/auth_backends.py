"""The login lockout backend (django-axes), for logins that come from a web request."""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutBackend(AxesStandaloneBackend):
    """Refuse logins for an account or address that is locked out after wrong passwords.

    Every HTTP login (site, admin, API token) passes the request, and only those can be
    counted per address. A login without one (the test client's login(), a shell) has no
    address to count, so it is left to the next backend instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def failure_limit(request, credentials):
    """django-axes' failure limit: 5 wrong passwords for one account, 20 from one address.

    A clinic or support group often shares one internet address; a few people mistyping
    their passwords must not lock the whole room out. axes compares the larger of the two
    counts (the account's, the address's) with one limit, so the limit depends on the
    account's own count: once it reaches the account limit, that limit applies; until then,
    only the address limit can lock.
    """
    account_limit = settings.MSPORTAL_ACCOUNT_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    if not username:
        return settings.MSPORTAL_ADDRESS_FAILURE_LIMIT
    account_failures = (
        AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    if account_failures >= account_limit:
        return account_limit
    return settings.MSPORTAL_ADDRESS_FAILURE_LIMIT
