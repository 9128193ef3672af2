"""Notification settings (/notifications/) and one-click unsubscribe from an email.

The unsubscribe link carries a signed (user, kind) token and works without logging in:
GET shows a confirmation page with one button, POST turns that kind off. Mail programs that
support RFC 8058 POST `List-Unsubscribe=One-Click` to the same address without a CSRF token.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications.forms import NotificationSettingsForm
from notifications.links import read_unsubscribe_token
from notifications.models import Kind, Preference
from notifications.rules import preference_for, set_kind


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    pref = preference_for(request.user)
    initial = {"consent": pref.consent} | {kind: kind not in pref.muted for kind in Kind}
    data = request.POST if request.method == "POST" else None  # all boxes unticked: empty
    form = NotificationSettingsForm(data, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        muted = set(pref.muted or []) - set(form.kinds)
        muted |= {kind for kind in form.kinds if not form.cleaned_data[kind]}
        Preference.objects.update_or_create(
            user=request.user,
            defaults={"consent": form.cleaned_data["consent"], "muted": sorted(muted)},
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    context = {"form": form, "has_email": bool(request.user.email)}
    return render(
        request, "notifications/settings.html", context, status=400 if form.errors else 200
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = read_unsubscribe_token(token)
    user = None
    if found and found[1] in Kind.values:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe_bad.html", status=400)
    kind = Kind(found[1])
    if request.method == "POST":
        set_kind(user=user, kind=kind, on=False)
        return render(request, "notifications/unsubscribed.html", {"kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "token": token})
