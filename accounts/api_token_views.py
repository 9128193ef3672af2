"""Pages for personal API tokens: make one (shown once) and revoke one.

The list of tokens and the forms live in the "API tokens" section of /accounts/me/
(templates/accounts/_api_tokens.html); these views only handle the two actions.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import api_tokens
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from accounts.passwords import lockout_retry_after


def _settings_tokens_url():
    return reverse("accounts:settings") + "#api-tokens-heading"


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_new(request):
    """Make a token; its value is shown once, on the page this answers with, and never again."""
    form = ApiTokenForm(request.POST or None, request=request, auto_id="id_api_token_%s")
    if request.method == "POST" and form.is_valid():
        try:
            token, raw_token = api_tokens.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                lifetime=datetime.timedelta(days=form.cleaned_data["lifetime"]),
            )
        except api_tokens.TokenLimitReached as exc:
            form.add_error(None, str(exc))
        else:
            context = {"token": token, "raw_token": raw_token}
            return render(request, "accounts/api_token_created.html", context)
    context = {"form": form, "max_tokens": api_tokens.MAX_TOKENS_PER_USER}
    retry_after = lockout_retry_after(form, "password")
    status = 429 if retry_after else 400 if form.errors else 200
    response = render(request, "accounts/api_token_new.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@login_required
@require_POST
def api_token_revoke(request, token_id):
    """Revoke one of my tokens at once; someone else's token is a 404, as if it did not exist."""
    try:
        api_tokens.api_token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The API token is revoked. It no longer works."))
    return redirect(_settings_tokens_url())
