"""Account forms, with help text in plain words."""

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserChangeForm,
    UserCreationForm,
)
from django.contrib.auth.models import User
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts import account_fields
from accounts.languages import language_field, profile_language
from accounts.models import TokenScope
from accounts.passwords import password_check_or_lockout
from accounts.time_zones import time_zone_field
from accounts.usernames import validate_username_unlike_others
from core import timezones
from groups.models import ExtraTime


class UsernameUnlikeOthersMixin:
    """Refuse a username that looks the same as someone else's (accounts/usernames.py).

    Checked only when the username is new or changed, so editing another field of an older
    account is never blocked by a name it already had.
    """

    def clean_username(self):
        parent = getattr(super(), "clean_username", None)
        username = parent() if parent else self.cleaned_data["username"]
        # Django's own check returns nothing for a name already taken (it adds its error).
        if username and (self.instance.pk is None or "username" in self.changed_data):
            validate_username_unlike_others(username, exclude_pk=self.instance.pk)
        return username


class AdminUserAddForm(UsernameUnlikeOthersMixin, AdminUserCreationForm):
    """The admin's "add user" form, with the look-alike check."""


class AdminUserChangeForm(UsernameUnlikeOthersMixin, UserChangeForm):
    """The admin's user form, with the look-alike check when the username is changed."""


class SignupForm(UsernameUnlikeOthersMixin, UserCreationForm):
    """Username, an optional display name and email address, a time zone, and a password twice.

    The display name and email follow accounts/account_fields.py, as the settings page does.
    The time zone starts as the site's; static/js/timezone.js picks the device's zone in the
    same visible select, so the person sees (and can change) what will be saved.
    """

    display_name = account_fields.display_name_field()
    email = account_fields.email_field()
    # Not required: a form posted without it (a script, an old page) gets the site's zone.
    time_zone = time_zone_field(required=False)
    email_consent = forms.BooleanField(
        label=_("Email me about my assignments"),
        required=False,
        help_text=_(
            "New assignments, a reminder two days before one is due, and changed due dates. "
            "Only with an email address. You can turn each one off in your settings."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs["autocomplete"] = "username"
        username.help_text = _(
            "The name you log in with. Use letters, numbers and @ . + - _ only, with no "
            "spaces. Educators of your groups see it when you give no display name."
        )
        self.fields["password1"].help_text = _(
            "Use at least 8 characters. Do not use a common password, only numbers, or "
            "something close to your username. A few random words are strong and easy "
            "to remember."
        )
        zone = self.fields["time_zone"]
        zone.initial = timezones.site_zone_name()
        if not self.is_bound:
            # Only a fresh form: after an error, the zone the person chose stays as it was.
            zone.widget.attrs["data-detect-time-zone"] = ""
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = _("Type the same password again, to catch typos.")

    def clean_display_name(self):
        return account_fields.display_name_clean(self.cleaned_data["display_name"])

    def clean_email(self):
        return account_fields.email_clean(self.cleaned_data["email"])

    def clean_time_zone(self):
        return self.cleaned_data["time_zone"] or timezones.site_zone_name()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.first_name, user.last_name = self.cleaned_data["display_name"], ""
        if commit:
            user.save()
            self._save_m2m()
        return user


def current_password_field(help_text=None) -> forms.CharField:
    """The current password, asked again before a sensitive change."""
    return forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=help_text or _("Type your password to confirm that it is you."),
    )


class PasswordConfirmedMixin:
    """For forms whose `password` field is the signed-in person's current password.

    A wrong one counts like a failed login (accounts.passwords.password_check_or_lockout):
    a session left open on a shared device is no way to keep guessing.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    @sensitive_variables("password")
    def clean_password(self):
        password = self.cleaned_data["password"]
        password_check_or_lockout(self.request, self.request.user, password)
        return password


class DisplayNameForm(forms.Form):
    """The display name on the settings page (no password: it is not a sign-in detail)."""

    display_name = account_fields.display_name_field()

    def clean_display_name(self):
        return account_fields.display_name_clean(self.cleaned_data["display_name"])


class EmailChangeForm(PasswordConfirmedMixin, forms.Form):
    """A new email address (or none), with the current password asked again.

    The address is where a password reset link goes, so whoever holds an unlocked device must
    not be able to change it; a wrong password counts like a failed login.
    """

    email = account_fields.email_field()
    password = current_password_field()

    def clean_email(self):
        return account_fields.email_clean(self.cleaned_data["email"], user=self.request.user)


class TimeZoneForm(forms.Form):
    """The zone pages show dates in, on the settings page (whose text says what it does)."""

    time_zone = time_zone_field(
        help_text=_("Choose the city nearest to you that shares your clock.")
    )


class LanguageForm(forms.Form):
    """The language of the emails we send, on the settings page."""

    language = language_field(
        help_text=_(
            "Pages follow the language you choose at the top of the page; choosing one "
            "there changes this too."
        )
    )


class ExtraTimeForm(forms.Form):
    """The learner's standing accommodation for timed quizzes."""

    extra_time = forms.ChoiceField(
        label=_("I need extra time on timed quizzes"),
        choices=ExtraTime.choices,
        required=False,
        help_text=_(
            "Most quizzes have no time limit. This applies to the ones that do. "
            "An educator can give you more time for one of their assignments."
        ),
    )


class ReviewSettingsForm(forms.Form):
    """Whether missed and guessed quiz questions come back for practice (/review/)."""

    enabled = forms.BooleanField(
        label=_("Bring back the questions I miss or guess, for practice"),
        required=False,
        help_text=_(
            "They come back after 1, 3, 7 and 21 days, and the header shows how many are "
            "due. Turned off, nothing is added and the questions already kept wait unseen."
        ),
    )


class AccountDeleteForm(PasswordConfirmedMixin, forms.Form):
    """Asks for the password again, so a borrowed or unlocked device cannot delete the account."""

    password = current_password_field(
        _("Type your password to confirm that you want to delete your account.")
    )


# Days a new token lives; the longest is api_tokens.MAX_LIFETIME.
LIFETIME_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]
DEFAULT_LIFETIME_DAYS = 90


class ApiTokenForm(PasswordConfirmedMixin, forms.Form):
    """Name, scope and lifetime of a new token, and the password, asked again.

    A token outlives the session it was made in, so a borrowed or unlocked device must not be
    able to make one. A wrong password counts against the account's login limits
    (accounts.passwords.password_check_or_lockout), as on the login page.
    """

    name = forms.CharField(
        label=_("Token name"),
        max_length=60,
        help_text=_("What the token is for, so you can tell your tokens apart."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read only is enough to read lessons, quizzes, your attempts and your groups' "
            "results. Choose read and write to start quizzes, answer or assign with it."
        ),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        help_text=_("After that it stops working; you can make a new one."),
    )
    password = current_password_field()


class CountedPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with wrong old passwords counted like failed logins."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    @sensitive_variables("old_password")
    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        password_check_or_lockout(self.request, self.user, old_password)
        return old_password


class AccountLanguagePasswordResetForm(PasswordResetForm):
    """Django's reset form, writing each email in the language its account chose (the
    settings page, the switcher, sign-up; accounts/languages.py), or else in the language of
    the page the form was sent from. The link in it opens the reset page in that language."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with override(profile_language(context["user"]) or get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
