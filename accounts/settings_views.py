"""The account settings page (/accounts/settings/) and the forms it posts to.

"My progress" (/accounts/me/) shows what the learner has done; this page holds what they can
change: display name, email address, password, time zone, language of emails, extra time,
display, API tokens, their data.
Each form posts to its own address and comes back here, so one bad form never loses another's
input, and each works without JavaScript.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts import account_fields
from accounts.email_change import email_change_request
from accounts.forms import (
    DisplayNameForm,
    EmailChangeForm,
    ExtraTimeForm,
    LanguageForm,
    ReviewSettingsForm,
    TimeZoneForm,
)
from accounts.languages import profile_save_language
from accounts.models import Profile
from accounts.passwords import lockout_retry_after
from accounts.time_zones import profile_save_time_zone
from core import timezones
from core.people import shown_name
from review.queue_count import reviews_enabled
from review.services import review_settings_save


def render_settings(request, *, status=200, **forms):
    """The settings page; `forms` replaces a blank form with one that came back with errors."""
    user = request.user
    profile = Profile.objects.filter(user=user).first()
    forms.setdefault(
        "extra_time_form",
        ExtraTimeForm(initial={"extra_time": profile.extra_time if profile else ""}),
    )
    forms.setdefault(
        "time_zone_form",
        TimeZoneForm(initial={"time_zone": timezones.zone_or_site(profile and profile.time_zone)}),
    )
    # Not chosen yet: emails are in the site's language, so that is what the select shows.
    language = (profile and profile.language) or settings.LANGUAGE_CODE
    forms.setdefault("language_form", LanguageForm(initial={"language": language}))
    forms.setdefault("name_form", DisplayNameForm(initial={"display_name": user.get_full_name()}))
    forms.setdefault("email_form", EmailChangeForm(initial={"email": user.email}, request=request))
    forms.setdefault("review_form", ReviewSettingsForm(initial={"enabled": reviews_enabled(user)}))
    context = {
        **forms,
        "shown_name": shown_name(user),
        "current_zone_label": timezones.zone_label(timezone.get_current_timezone_name()),
    }
    return render(request, "accounts/settings.html", context, status=status)


@never_cache
@login_required
@require_GET
def settings_page(request):
    """Display name, email address, password, extra time, display, API tokens, my data."""
    return render_settings(request)


def save_form(request, form, form_name, save, *, anchor=""):
    """What the settings forms share: a bad form comes back on the page with its errors (400)
    and saves nothing; a good one is saved by `save(cleaned_data)`, which returns the message
    to show, and the page is loaded again (at `anchor`)."""
    if not form.is_valid():
        return render_settings(request, status=400, **{form_name: form})
    messages.success(request, save(form.cleaned_data))
    return redirect(reverse("accounts:settings") + anchor)


@never_cache
@login_required
@require_POST
def settings_display_name(request):
    """Save the display name educators see (empty: they see the username)."""

    def save(data):
        account_fields.account_names_save(user=request.user, display_name=data["display_name"])
        return _("Your display name is saved.")

    return save_form(request, DisplayNameForm(request.POST), "name_form", save)


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_POST
def settings_email(request):
    """Change or remove the email address; asks for the password, counted like a login."""
    form = EmailChangeForm(request.POST, request=request)
    if not form.is_valid():
        retry_after = lockout_retry_after(form, "password")
        response = render_settings(request, email_form=form, status=429 if retry_after else 400)
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response
    email = form.cleaned_data["email"]
    if email_change_request(user=request.user, new_email=email):
        messages.success(
            request,
            _(
                "We sent a link to %(email)s. Open it to start using that address; until "
                "then we keep using the old one."
            )
            % {"email": email},
        )
    elif email:
        messages.success(request, _("Your email address is saved."))
    else:
        messages.success(request, _("Your email address is removed."))
    return redirect("accounts:settings")


@never_cache
@login_required
@require_POST
def me_extra_time(request):
    """Save the standing extra time; the profile is created the first time it is needed."""

    def save(data):
        Profile.objects.update_or_create(
            user=request.user, defaults={"extra_time": data["extra_time"]}
        )
        return _("Your extra time setting is saved.")

    return save_form(request, ExtraTimeForm(request.POST), "extra_time_form", save)


@never_cache
@login_required
@require_POST
def settings_review(request):
    """Turn spaced review on or off (the questions already kept are not deleted)."""

    def save(data):
        # A lone unrequired box: an unticked or tampered one is simply "off", never an error.
        enabled = data.get("enabled", False)
        review_settings_save(user=request.user, enabled=enabled)
        return _("Reviews are on.") if enabled else _("Reviews are off.")

    return save_form(request, ReviewSettingsForm(request.POST), "review_form", save)


@never_cache
@login_required
@require_POST
def settings_time_zone(request):
    """Save the time zone pages show dates in; it applies from the next page on."""

    def save(data):
        zone = data["time_zone"]
        profile_save_time_zone(user=request.user, time_zone=zone, request=request)
        return _("Your time zone is saved: %(zone)s.") % {"zone": timezones.zone_label(zone)}

    form = TimeZoneForm(request.POST)
    return save_form(request, form, "time_zone_form", save, anchor="#time-zone-heading")


@never_cache
@login_required
@require_POST
def settings_language(request):
    """Save the language of the emails we send; pages keep following their address."""

    def save(data):
        profile_save_language(user=request.user, language=data["language"])
        return _("Emails we send you will be in the language you chose.")

    form = LanguageForm(request.POST)
    return save_form(request, form, "language_form", save, anchor="#language-heading")
