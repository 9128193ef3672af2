"""Display settings: text size, line spacing, colours, movement and "one thing at a time".

They have no model of their own. A device remembers them in a first-party cookie and an
account in `Profile.display`; the cookie wins, so each device can differ, and the account's
settings apply on a device that has no cookie yet. The server writes the classes on <html>,
so a page never flashes the wrong colours and everything works without JavaScript.

This module is the cross-cutting part every page needs (the settings, the cookie, the
classes and the context processor). Storing them on an account, the login copy and the
settings page live in `accounts.display_views`; accounts hands this module its loader with
`register_account_loader`, so core imports no feature app.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def _no_account_settings(user):
    return {}


# Reads an account's stored settings; accounts registers the real one (AccountsConfig.ready).
_account_loader = _no_account_settings


def register_account_loader(loader):
    """Let the accounts app say how to read an account's stored settings: loader(user) -> dict."""
    global _account_loader
    _account_loader = loader


def _account_settings(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        return session[SESSION_KEY]
    # A session from before this copy existed: read the profile once and keep it.
    values = _account_loader(user)
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
