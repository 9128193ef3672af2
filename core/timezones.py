"""Time zones: which zone a request's dates are shown in, the list people choose from, and how
a moment is written with its zone named.

Dates are stored in UTC (USE_TZ). Each request is shown in the viewer's zone:

- a signed-in person's zone is stored on their account (`accounts.Profile.time_zone`) and
  copied into the session at login, so pages read no profile row to find it;
- a visitor gets the site's zone (`TIME_ZONE`, from `DJANGO_TIME_ZONE`), or the one they
  chose on the Display settings page, kept in their session.

`TimeZoneMiddleware` activates that zone (`django.utils.timezone.activate`); templates, forms
and `timezone.localtime` then follow it. A group has its own zone for the due dates an
educator types (`groups`), set with `timezone.override` around that form.

accounts hands this module its loader with `register_account_loader`, so core imports no
feature app (as `core.display` does).
"""

import functools
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

SESSION_KEY = "msportal_time_zone"
MAX_NAME_LENGTH = 64
# The areas of the IANA database people live in; the old aliases ("US/Eastern", "EST",
# "Etc/GMT+5") are left out of the list, so each place appears once.
AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@functools.cache
def known_zones() -> frozenset[str]:
    """Every zone name people may choose: the areas above, plus UTC."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC" or name.partition("/")[0] in AREAS
    )


def is_known(name) -> bool:
    return isinstance(name, str) and name in known_zones()


def place_label(name: str) -> str:
    """ "America/Argentina/Buenos_Aires" -> "Argentina / Buenos Aires" (the area is the group)."""
    _area, _sep, place = name.partition("/")
    return (place or name).replace("_", " ").replace("/", " / ")


@functools.cache
def zone_choices() -> tuple:
    """Choices for a select, grouped by area (optgroups), UTC first."""
    grouped = {area: [] for area in AREAS}
    for name in sorted(known_zones()):
        area = name.partition("/")[0]
        if area in grouped:
            grouped[area].append((name, place_label(name)))
    return (("UTC", "UTC"), *((area, tuple(items)) for area, items in grouped.items() if items))


def site_zone_name() -> str:
    """The zone for visitors and for accounts that chose none (setting TIME_ZONE)."""
    return settings.TIME_ZONE


def zone_or_site(name) -> str:
    """`name` when it is a known zone, else the site's zone."""
    return name if is_known(name) else site_zone_name()


def _no_account_zone(user) -> str:
    return ""


# Reads an account's stored zone; accounts registers the real one (AccountsConfig.ready).
_account_loader = _no_account_zone


def register_account_loader(loader):
    """Let the accounts app say how to read an account's zone: loader(user) -> name or ""."""
    global _account_loader
    _account_loader = loader


def account_zone_name(user) -> str:
    """The zone an account chose, else the site's (one query: for services, not per page)."""
    return zone_or_site(_account_loader(user))


def account_zone(user):
    """Show dates in the zone an account chose, outside its requests (a message to it):
    `with account_zone(user): ...`; the site's zone when it chose none."""
    return timezone.override(zoneinfo.ZoneInfo(account_zone_name(user)))


def remember(request, name: str) -> None:
    """Keep the account's zone in the session (at login, and when it is changed)."""
    request.session[SESSION_KEY] = name if is_known(name) else ""


def zone_name_for(request) -> str:
    """The zone this request is shown in; no query when the session already holds it."""
    session = getattr(request, "session", None)
    # Without a session cookie the visitor is anonymous: the site's zone, and the session
    # is not even opened (it would mark the page as varying by cookie).
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return site_zone_name()
    if SESSION_KEY in session:
        return zone_or_site(session[SESSION_KEY])
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return site_zone_name()
    # A session from before zones were kept in it: read the account once and keep it.
    name = _account_loader(user)
    remember(request, name)
    return zone_or_site(name)


class TimeZoneMiddleware:
    """Show each request's dates in the viewer's zone (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # A visitor without a session: the site's zone, which is Django's default zone
            # (TIME_ZONE). Nothing is left active between requests, so there is nothing to
            # activate and undo; deactivate() only makes sure of it.
            timezone.deactivate()
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(zone_name_for(request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def abbreviation(moment) -> str:
    """The zone's short name at that moment ("CET", "CEST", "EDT"), or "UTC+03" where the
    database has only an offset."""
    name = moment.tzname() or ""
    if name and name[0] in "+-":
        return f"UTC{name}"
    return name


def when(value, fmt="DATETIME_FORMAT") -> str:
    """A moment in the active zone with that zone named: "27 March 2026, 17:00 CET"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, fmt)} {abbreviation(local)}"


def zone_label(name: str) -> str:
    """A zone as people read it: "Europe/Madrid" -> "Europe / Madrid"."""
    return name.replace("_", " ").replace("/", " / ")
