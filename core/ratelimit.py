"""Limit how often one person or address can send a form, counted in Django's cache.

    @ratelimit(key="ip", rate="10/10m", scope="signup")
    def signup(request): ...

The count lives in the cache (Redis when REDIS_URL is set, so every app server shares it;
otherwise each process counts on its own). `cache.add` starts a window only if none exists and
`cache.incr` counts atomically, so two servers never both let the eleventh request through.
Operators can change a scope's rate without a release with DJANGO_RATELIMITS
("signup=20/h,password-reset=10/h"), read into settings.RATELIMITS.
"""

import functools
import hashlib
import hmac
import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from core.clientip import client_ip

logger = logging.getLogger("core.ratelimit")

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "10/10m" -> (10, 600): at most 10 requests in each 10-minute window."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Rate {rate!r} is not like '10/10m' (units s, m, h, d).")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNIT_SECONDS[unit]


def _key_value(request, key):
    if callable(key):
        return key(request)
    if key == "user" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if key in {"user", "ip"}:
        return f"ip:{client_ip(request) or 'unknown'}"
    raise ValueError(f"Unknown rate limit key {key!r}: use 'ip', 'user' or a callable.")


def counter_key(scope, value):
    """The cache key that counts `value` in `scope`.

    A keyed hash: the cache never holds raw addresses, usernames or email addresses, and nobody
    can test guesses against it without the secret key (a plain hash of an IPv4 address is
    easy to reverse).
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope, value, window, *, now=None):
    """Count one request of `value` in `scope`; return (its number in the window, seconds left).

    The window starts at the first counted request and lasts `window` seconds, so a burst can
    never straddle two windows. Returns (None, 0) when the cache is not working. `now` (a
    Unix time) is for tests.
    """
    cache_key = counter_key(scope, value)
    now = time.time() if now is None else now
    try:
        cache.add(f"{cache_key}:start", now, timeout=window)
        cache.add(cache_key, 0, timeout=window)
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # The key expired or was evicted between add and incr: this request opens a window.
            cache.set(f"{cache_key}:start", now, timeout=window)
            cache.set(cache_key, 1, timeout=window)
            count = 1
        started = cache.get(f"{cache_key}:start", now)
    except Exception:
        # Better to let a form through than to lock everyone out because the cache is down.
        logger.warning("Rate limit cache unavailable for scope %s", scope, exc_info=True)
        return None, 0
    return count, max(1, math.ceil(started + window - now))


def too_many_requests(request, retry_after):
    """429 as a friendly page, or as JSON for API paths."""
    minutes = max(1, math.ceil(retry_after / 60))
    message = ngettext(
        "Too many tries for now. Please wait %(minutes)d minute and try again.",
        "Too many tries for now. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "429.html", {"minutes": minutes, "message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(*, scope, key="ip", rate="10/10m", methods=("POST",)):
    """Refuse a view with 429 once `key` has sent `rate` requests in `scope`.

    key: "ip" (the client address), "user" (the account, or the address when logged out), or a
    callable taking the request and returning a string (return "" to not count the request).
    Only `methods` count; by default POST, so looking at a form never uses up a try.
    """
    parse_rate(rate)  # a typo in a rate should fail at import, not on the first request

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                value = _key_value(request, key)
                if value:
                    limit, window = parse_rate(getattr(settings, "RATELIMITS", {}).get(scope, rate))
                    count, retry_after = hit(scope, value, window)
                    if count is not None and count > limit:
                        logger.info("Rate limit reached for scope %s", scope)
                        return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def posted_email(request):
    """Rate limit key: the email address a form was sent for (password reset)."""
    email = request.POST.get("email", "").strip().lower()
    return f"email:{email}" if email else ""
