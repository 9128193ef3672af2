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


@never_cache
@login_required
@require_POST
def settings_display_name(request):
    """Save the display name educators see (empty: they see the username)."""
    form = DisplayNameForm(request.POST)
    if not form.is_valid():
        return render_settings(request, name_form=form, status=400)
    account_fields.account_names_save(
        user=request.user, display_name=form.cleaned_data["display_name"]
    )
    messages.success(request, _("Your display name is saved."))
    return redirect("accounts:settings")


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
    form = ExtraTimeForm(request.POST)
    if not form.is_valid():
        return render_settings(request, extra_time_form=form, status=400)
    Profile.objects.update_or_create(
        user=request.user, defaults={"extra_time": form.cleaned_data["extra_time"]}
    )
    messages.success(request, _("Your extra time setting is saved."))
    return redirect("accounts:settings")


@never_cache
@login_required
@require_POST
def settings_review(request):
    """Turn spaced review on or off (the questions already kept are not deleted)."""
    form = ReviewSettingsForm(request.POST)
    form.is_valid()  # an unticked or tampered box is simply "off"
    enabled = form.cleaned_data.get("enabled", False)
    review_settings_save(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("Reviews are on."))
    else:
        messages.success(request, _("Reviews are off."))
    return redirect("accounts:settings")


@never_cache
@login_required
@require_POST
def settings_time_zone(request):
    """Save the time zone pages show dates in; it applies from the next page on."""
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        return render_settings(request, time_zone_form=form, status=400)
    zone = form.cleaned_data["time_zone"]
    profile_save_time_zone(user=request.user, time_zone=zone, request=request)
    messages.success(
        request,
        _("Your time zone is saved: %(zone)s.") % {"zone": timezones.zone_label(zone)},
    )
    return redirect(reverse("accounts:settings") + "#time-zone-heading")


@never_cache
@login_required
@require_POST
def settings_language(request):
    """Save the language of the emails we send; pages keep following their address."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render_settings(request, language_form=form, status=400)
    profile_save_language(user=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("Emails we send you will be in the language you chose."))
    return redirect(reverse("accounts:settings") + "#language-heading")
