"""The rules for the optional display name and email address, used by signup and settings.

- **Display name**: stored in `User.first_name` (no model of our own), `last_name` left empty,
  so `user.get_full_name()` and core.people.shown_name give it back. Runs of spaces become one,
  ends are trimmed, at most DISPLAY_NAME_MAX characters. It is text, never markup: templates
  escape it like every other value.
- **Email address**: optional (password resets now, reminders later); the domain lowercased as
  Django does, and no two accounts may share one, compared without regard to case, so a reset
  link can only ever go to one account.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DISPLAY_NAME_MAX = 60


def display_name_clean(value: str) -> str:
    """The display name as stored: spaces tidied; ValidationError when it is too long."""
    name = " ".join((value or "").split())
    if len(name) > DISPLAY_NAME_MAX:
        raise ValidationError(
            _("Use %(max)d characters or fewer for your display name (this one has %(count)d)."),
            code="too_long",
            params={"max": DISPLAY_NAME_MAX, "count": len(name)},
        )
    return name


def email_clean(value: str, *, user=None) -> str:
    """The email address as stored ("" for none); ValidationError when another account has it.

    `user` is the account that will hold it (None at signup), so keeping one's own address is
    never refused.
    """
    email = BaseUserManager.normalize_email((value or "").strip())
    if not email:
        return ""
    others = get_user_model().objects.filter(email__iexact=email)
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise ValidationError(
            _(
                "Another account already uses this email address. Use a different one, or "
                "leave it empty. If it is yours, you can reset that account's password."
            ),
            code="email_taken",
        )
    return email


def display_name_field() -> forms.CharField:
    """The form field for the display name, the same on signup and settings."""
    return forms.CharField(
        label=gettext_lazy("Display name (optional)"),
        required=False,
        # A little room over the limit, so a long name gets our clear error, not a cut.
        max_length=DISPLAY_NAME_MAX * 4,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=gettext_lazy(
            "The name educators of your groups see instead of your username, for example "
            "your first name. Up to 60 characters. Leave it empty to show your username."
        ),
    )


def email_field() -> forms.EmailField:
    """The form field for the email address, the same on signup and settings."""
    return forms.EmailField(
        label=gettext_lazy("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy(
            "We use it to send you a link if you forget your password, and later for "
            "reminders you choose. Without it, we cannot help you get back into your account."
        ),
    )


def account_names_save(*, user, display_name=None, email=None) -> None:
    """Write the cleaned display name and/or email address onto the account."""
    fields = []
    if display_name is not None:
        user.first_name, user.last_name = display_name, ""
        fields += ["first_name", "last_name"]
    if email is not None:
        user.email = email
        fields.append("email")
    if fields:
        user.save(update_fields=fields)
