"""Display settings stored on an account, and the Display settings page (/display/).

The settings themselves, the cookie and the context processor are in `core.display`; this
module adds what needs the `Profile` model: the account's copy, its login copy into the
session, and the page that saves both. The same page lets a visitor without an account choose
a time zone for their session (`display_time_zone`; see `core.timezones`).
"""

import json

from django.conf import settings as django_settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import TimeZoneForm
from accounts.models import Profile
from accounts.time_zones import profile_save_time_zone
from core import timezones
from core.display import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    DEFAULTS,
    MAX_BODY_BYTES,
    MAX_NEXT_LENGTH,
    SESSION_KEY,
    classes_for,
    clean,
    current,
    serialize_cookie,
    validate,
)


def profile_display(user):
    """The display settings stored on this account ({} when none)."""
    # A fresh query: the user object may carry a stale cached profile (or its absence).
    stored = Profile.objects.filter(user=user).values_list("display", flat=True).first()
    return dict(stored or {})


def remember_account_settings(request, user):
    """Copy the account's display settings and time zone into the session (at login), so
    pages read no profile. One query for both."""
    row = Profile.objects.filter(user=user).values("display", "time_zone").first() or {}
    request.session[SESSION_KEY] = dict(row.get("display") or {})
    timezones.remember(request, row.get("time_zone") or "")


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


def _render_page(request, *, next_url, errors=(), status=200, zone_form=None):
    context = {
        "next_url": next_url,
        "errors": errors,
        "zone_form": zone_form
        or TimeZoneForm(initial={"time_zone": timezone.get_current_timezone_name()}),
    }
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


@require_POST
def display_time_zone(request):
    """A visitor's time zone, kept in their session (an account's goes on its profile too)."""
    form = TimeZoneForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if _body_too_big(request) or not form.is_valid():
        return _render_page(request, next_url=next_url, zone_form=form, status=400)
    zone = form.cleaned_data["time_zone"]
    if request.user.is_authenticated:
        profile_save_time_zone(user=request.user, time_zone=zone, request=request)
    else:
        timezones.remember(request, zone)
    messages.success(
        request, _("Your time zone is saved: %(zone)s.") % {"zone": timezones.zone_label(zone)}
    )
    return HttpResponseRedirect(next_url)
