"""The account settings page (/accounts/settings/) and the forms it posts to.

"My progress" (/accounts/me/) shows what the learner has done; this page holds what they can
change: display name, email address, password, extra time, display, API tokens, their data.
Each form posts to its own address and comes back here, so one bad form never loses another's
input, and each works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts import account_fields
from accounts.email_change import email_change_request
from accounts.forms import DisplayNameForm, EmailChangeForm, ExtraTimeForm
from accounts.models import Profile
from accounts.passwords import lockout_retry_after
from core.people import shown_name


def render_settings(request, *, status=200, **forms):
    """The settings page; `forms` replaces a blank form with one that came back with errors."""
    user = request.user
    if "extra_time_form" not in forms:
        profile = Profile.objects.filter(user=user).first()
        forms["extra_time_form"] = ExtraTimeForm(
            initial={"extra_time": profile.extra_time if profile else ""}
        )
    forms.setdefault("name_form", DisplayNameForm(initial={"display_name": user.get_full_name()}))
    forms.setdefault("email_form", EmailChangeForm(initial={"email": user.email}, request=request))
    context = {**forms, "shown_name": shown_name(user)}
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
