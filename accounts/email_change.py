"""Changing the email address: the new address is used only once its owner confirms it.

The settings form (accounts.settings_views.settings_email) asks for the password, then this
module sends a signed link to the NEW address (a background task), in the account's language
(accounts.languages). Opening the link shows a
button; pressing it saves the address. The link names the account, the old and the new
address and expires after EMAIL_CHANGE_MAX_AGE; a changed link, a link for an address the
account no longer has, or one another account took since, changes nothing. Removing the
address needs no confirmation.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import redirect, render
from django.tasks import task
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import account_fields
from accounts.languages import in_language_of

SALT = "accounts.email_change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def email_change_token(user, new_email: str) -> str:
    data = {"u": user.pk, "e": new_email, "o": _fingerprint(user.email)}
    return signing.dumps(data, salt=SALT, compress=True)


def read_email_change_token(token: str):
    """(user, new email) from a valid, unexpired link still meant for this account, or None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=EMAIL_CHANGE_MAX_AGE)
        user = get_user_model().objects.filter(pk=int(data["u"]), is_active=True).first()
        new_email = str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if user is None or _fingerprint(user.email) != data.get("o"):
        return None
    return user, new_email


@task()
def send_email_change_link(user_id: int, new_email: str) -> None:
    """Send the link, in the account's language (its words and the page it opens)."""
    user = get_user_model().objects.get(pk=user_id)
    with in_language_of(user):
        email = _email_change_message(user, new_email)
    email.send()


def _email_change_message(user, new_email: str) -> EmailMultiAlternatives:
    path = reverse("accounts:email-confirm", args=[email_change_token(user, new_email)])
    link = settings.MSPORTAL_SITE_URL + path
    intro = _("Someone (we hope you) asked to use this address for a %(site)s account.") % {
        "site": settings.MSPORTAL_SITE_NAME
    }
    action = _("To use it, open this link within 3 days and press the button:")
    ignore = _("If this was not you, ignore this message: nothing changes.")
    text = f"{intro}\n\n{action}\n{link}\n\n{ignore}\n"
    html = (
        f'<!DOCTYPE html><html lang="{get_language()}"><body><p>{escape(intro)}</p>'
        f"<p>{escape(action)}<br>"
        f'<a href="{escape(link)}">{escape(link)}</a></p><p>{escape(ignore)}</p></body></html>'
    )
    email = EmailMultiAlternatives(_("Confirm your new email address"), text, to=[new_email])
    email.attach_alternative(html, "text/html")
    return email


def email_change_request(*, user, new_email: str) -> bool:
    """Save a removal at once; for a new address, send the link. True when a link was sent."""
    if not new_email:
        account_fields.account_names_save(user=user, email="")
        return False
    if new_email.lower() == (user.email or "").lower():  # the same mailbox: only the case
        account_fields.account_names_save(user=user, email=new_email)
        return False
    send_email_change_link.enqueue(user.pk, new_email)
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """The link from the email: GET shows a button, POST saves the address (no login needed)."""
    found = read_email_change_token(token)
    if found is None:
        return render(request, "accounts/email_confirm_bad.html", status=400)
    user, new_email = found
    if request.method == "GET":
        return render(request, "accounts/email_confirm.html", {"new_email": new_email})
    try:
        email = account_fields.email_clean(new_email, user=user)
    except ValidationError:
        return render(request, "accounts/email_confirm_bad.html", status=400)
    account_fields.account_names_save(user=user, email=email)
    messages.success(request, _("Your new email address is saved."))
    return redirect("accounts:settings" if request.user == user else "login")
