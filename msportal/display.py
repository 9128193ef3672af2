"""Display settings: text size, line spacing, colours, movement and "one thing at a time".

They have no model of their own. A device remembers them in a first-party cookie and an
account in `Profile.display`; the cookie wins, so each device can differ, and the account's
settings apply on a device that has no cookie yet. The server writes the classes on <html>,
so a page never flashes the wrong colours and everything works without JavaScript.
"""

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.conf import settings as django_settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import Profile

COOKIE_NAME = "msportal_display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# A valid cookie is about 80 characters; anything much longer is not ours.
COOKIE_MAX_LENGTH = 200
# The panel form (five choices, a CSRF token and a `next` path) fits easily.
MAX_BODY_BYTES = 4096
MAX_NEXT_LENGTH = 1000


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Setting:
    key: str
    legend: str
    options: tuple[Option, ...]
    help: str = ""

    @property
    def default(self):
        return self.options[0].value

    @property
    def values(self):
        return {option.value for option in self.options}


SETTINGS = (
    Setting(
        "text",
        gettext_lazy("Text size"),
        (
            Option("normal", gettext_lazy("Normal")),
            Option("large", gettext_lazy("Large")),
            Option("xlarge", gettext_lazy("Extra large")),
        ),
    ),
    Setting(
        "spacing",
        gettext_lazy("Line spacing"),
        (Option("normal", gettext_lazy("Normal")), Option("wide", gettext_lazy("Wide"))),
    ),
    Setting(
        "theme",
        gettext_lazy("Colours"),
        (
            Option("system", gettext_lazy("Same as my device")),
            Option("light", gettext_lazy("Light")),
            Option("dark", gettext_lazy("Dark")),
            Option("contrast", gettext_lazy("High contrast: black on white")),
            Option("contrast-dark", gettext_lazy("High contrast: white on black")),
        ),
    ),
    Setting(
        "motion",
        gettext_lazy("Movement"),
        (
            Option("system", gettext_lazy("Same as my device")),
            Option("reduce", gettext_lazy("Less movement")),
        ),
    ),
    Setting(
        "one_thing",
        gettext_lazy("One thing at a time"),
        (Option("off", gettext_lazy("Off")), Option("on", gettext_lazy("On"))),
        help=gettext_lazy("Hides side panels and extras while you read or take a quiz."),
    ),
)
SETTINGS_BY_KEY = {setting.key: setting for setting in SETTINGS}
DEFAULTS = {setting.key: setting.default for setting in SETTINGS}


@dataclass(frozen=True)
class DisplaySettings:
    """One person's choices, always complete and always valid."""

    text: str = DEFAULTS["text"]
    spacing: str = DEFAULTS["spacing"]
    theme: str = DEFAULTS["theme"]
    motion: str = DEFAULTS["motion"]
    one_thing: str = DEFAULTS["one_thing"]

    @classmethod
    def from_mapping(cls, data):
        """Keep the known keys with allowed values; anything else is ignored."""
        return cls(**clean(data))

    def as_dict(self):
        return asdict(self)

    @property
    def classes(self):
        return classes_for(self.as_dict())

    @property
    def is_default(self):
        return self.as_dict() == DEFAULTS

    @property
    def fields(self):
        """The settings with their options, each marked `checked` or not, for the forms."""
        values = self.as_dict()
        return [
            {
                "key": setting.key,
                "legend": setting.legend,
                "help": setting.help,
                "default": setting.default,
                "options": [
                    {
                        "value": option.value,
                        "label": option.label,
                        "checked": option.value == values[setting.key],
                    }
                    for option in setting.options
                ],
            }
            for setting in SETTINGS
        ]


def clean(data):
    """The valid part of `data`: known keys with allowed string values."""
    if not isinstance(data, Mapping):
        return {}
    return {
        key: value
        for key, value in data.items()
        if key in SETTINGS_BY_KEY
        and isinstance(value, str)
        and value in SETTINGS_BY_KEY[key].values
    }


def validate(data, *, current):
    """Merge `data` into `current`; unknown keys and values become error messages."""
    values = dict(current)
    errors = []
    for key, value in data.items():
        setting = SETTINGS_BY_KEY.get(key)
        if setting is None:
            errors.append(_("“%(key)s” is not a display setting.") % {"key": str(key)[:40]})
        elif not isinstance(value, str) or value not in setting.values:
            errors.append(
                _("For %(setting)s, choose one of: %(choices)s.")
                % {
                    "setting": setting.legend,
                    "choices": ", ".join(option.value for option in setting.options),
                }
            )
        else:
            values[key] = value
    return values, errors


def classes_for(values):
    """The classes for <html>, one per setting: `display-<setting>-<value>`."""
    return " ".join(f"display-{key.replace('_', '-')}-{values[key]}" for key in DEFAULTS)


def parse_cookie(raw):
    """The valid settings in the cookie (`text:large|theme:dark`); empty when none are usable."""
    if not raw or len(raw) > COOKIE_MAX_LENGTH:
        return {}
    pairs = (part.partition(":") for part in raw.split("|", len(DEFAULTS) * 2))
    return clean({key: value for key, _sep, value in pairs})


def serialize_cookie(values):
    # Only characters a cookie may hold unquoted.
    return "|".join(f"{key}:{values[key]}" for key in DEFAULTS)


SESSION_KEY = "msportal_display"


def _profile_display(user):
    # A fresh query: the user object may carry a stale cached profile (or its absence).
    stored = Profile.objects.filter(user=user).values_list("display", flat=True).first()
    return dict(stored or {})


def remember_account_settings(request, user):
    """Copy the account's settings into the session (at login), so pages read no profile."""
    request.session[SESSION_KEY] = _profile_display(user)


def _account_settings(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        return session[SESSION_KEY]
    # A session from before this copy existed: read the profile once and keep it.
    values = _profile_display(user)
    if session is not None:
        session[SESSION_KEY] = values
    return values


def current(request):
    """The settings that apply to this request: cookie, else the account's, else defaults."""
    cached = getattr(request, "_display_settings", None)
    if cached is not None:
        return cached
    data = parse_cookie(request.COOKIES.get(COOKIE_NAME)) or _account_settings(request)
    result = DisplaySettings.from_mapping(data)
    request._display_settings = result
    return result


def display_context(request):
    """Context processor: `display` (the settings) and `display_classes` (for <html>).

    Lazy, so fragments and pages that never show them cost no profile query.
    """
    return {
        "display": SimpleLazyObject(lambda: current(request)),
        "display_classes": SimpleLazyObject(lambda: current(request).classes),
    }


@transaction.atomic
def profile_save_display(*, user, values: dict[str, str]) -> Profile:
    """Store validated display settings on the user's profile, creating the profile if needed."""
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    profile.display = clean(values)
    profile.save(update_fields=["display"])
    return profile


def _safe_next(request, url):
    if (
        url
        and len(url) <= MAX_NEXT_LENGTH
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return reverse("learn:home")


def _body_too_big(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES


def _render_page(request, *, next_url, errors=(), status=200):
    context = {"next_url": next_url, "errors": errors}
    return render(request, "display/settings.html", context, status=status)


def _remember(request, response, values):
    response.set_cookie(
        COOKIE_NAME,
        serialize_cookie(values),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=django_settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    if request.user.is_authenticated:
        profile = profile_save_display(user=request.user, values=values)
        request.session[SESSION_KEY] = profile.display


@require_http_methods(["GET", "HEAD", "POST"])
def display_settings(request):
    """The Display settings page (GET); saving them (POST, from a form or from fetch).

    A form post redirects back to a safe `next`; a JSON post answers in JSON. Either way,
    one bad value means nothing is saved.
    """
    if request.method != "POST":
        return _render_page(request, next_url=_safe_next(request, request.GET.get("next")))

    wants_json = request.content_type == "application/json"
    next_url = _safe_next(request, request.POST.get("next") if not wants_json else None)
    if _body_too_big(request):
        message = _("That request is too large to be display settings.")
        if wants_json:
            return JsonResponse({"error": message, "errors": [message]}, status=413)
        return _render_page(request, next_url=next_url, errors=[message], status=413)

    now = current(request).as_dict()
    if wants_json:
        try:
            # The Content-Length check above does not cover a body sent without one.
            data = json.loads(request.body) if len(request.body) <= MAX_BODY_BYTES else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            message = _("Send the display settings as a JSON object.")
            return JsonResponse({"error": message, "errors": [message]}, status=400)
        values, errors = validate(data, current=now)
        if errors:
            return JsonResponse({"error": " ".join(errors), "errors": errors}, status=400)
        response = JsonResponse({"display": values, "classes": classes_for(values)})
    else:
        if "reset" in request.POST:
            data = DEFAULTS
        else:
            data = {key: request.POST[key] for key in DEFAULTS if key in request.POST}
        values, errors = validate(data, current=now)
        if errors:
            return _render_page(request, next_url=next_url, errors=errors, status=400)
        messages.success(request, _("Display settings saved."))
        response = HttpResponseRedirect(next_url)
    _remember(request, response, values)
    return response
