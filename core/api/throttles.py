"""Request rates for the API, counted in the default cache (Redis when configured, so every
app server shares the counts).

Rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]. DRF copies them onto its throttle
classes at import time; these subclasses read them on each request instead, so a changed
setting (tests use the `settings` fixture) takes effect without a restart.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

# Scope for requests that change data (starting an attempt, answering, joining a group).
WRITE_SCOPE = "api-write"


class _RatesFromSettings:
    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonThrottle(_RatesFromSettings, AnonRateThrottle):
    """Anonymous clients, by IP address (REST_FRAMEWORK["NUM_PROXIES"] says which one)."""


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    """Signed-in clients (session or token), by account. Anonymous clients are AnonThrottle's
    alone: DRF's class would also count them here by address, two more cache round trips per
    request for a rate (`user`) that is meant to be the higher one."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # not counted here
        return super().get_cache_key(request, view)


class ScopedThrottle(_RatesFromSettings, ScopedRateThrottle):
    """Views that set `throttle_scope` get that scope's rate on top of the two above."""


class WriteThrottle(_RatesFromSettings, ScopedRateThrottle):
    """The stricter `api-write` rate, counted only for requests that change data.

    Add it to a view's throttle_classes (with the defaults: `DEFAULT_THROTTLES + [WriteThrottle]`);
    GET, HEAD and OPTIONS on the same view are not counted against it.
    """

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        self.scope = WRITE_SCOPE
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        # SimpleRateThrottle.allow_request, skipping ScopedRateThrottle's own scope lookup.
        return super(ScopedRateThrottle, self).allow_request(request, view)


DEFAULT_THROTTLES = [AnonThrottle, UserThrottle, ScopedThrottle]
