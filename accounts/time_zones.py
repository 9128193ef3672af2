"""An account's time zone: the form field (signup and settings), reading and saving it.

Which zone a request is shown in, and the list of zones, are `core.timezones`; this module
adds what needs the `Profile` model. The zone is copied into the session at login and when it
is saved, so pages read no profile row to find it.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy

from accounts.models import Profile
from core import timezones


def time_zone_field(**kwargs) -> forms.ChoiceField:
    """The zone select, the same on signup and settings; static/js/timezone.js can preselect
    the device's zone on signup."""
    kwargs.setdefault(
        "help_text",
        gettext_lazy(
            "Dates and times are shown in this time zone. Choose the city nearest to you "
            "that shares your clock."
        ),
    )
    return forms.ChoiceField(
        label=gettext_lazy("Time zone"), choices=timezones.zone_choices, **kwargs
    )


def profile_time_zone(user) -> str:
    """The zone stored on this account ("" when none)."""
    stored = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return stored or ""


@transaction.atomic
def profile_save_time_zone(*, user, time_zone: str, request=None) -> Profile:
    """Store a known zone on the user's profile (made if needed); keep it in the session too."""
    if not timezones.is_known(time_zone):
        raise ValueError(f"unknown time zone {time_zone[:64]!r}")
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    profile.time_zone = time_zone
    profile.save(update_fields=["time_zone"])
    if request is not None and getattr(request, "session", None) is not None:
        timezones.remember(request, time_zone)
    return profile
