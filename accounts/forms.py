"""Account forms, with help text in plain words."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from accounts.usernames import validate_username_unlike_others
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
    """Username, an optional email address (only for password resets) and a password twice."""

    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We use it only to send you a link if you forget your password. "
            "Without it, we cannot help you get back into your account."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs["autocomplete"] = "username"
        username.help_text = _(
            "The name you log in with. Use letters, numbers and @ . + - _ only, with no "
            "spaces. If you join a group, its educator will see this name."
        )
        self.fields["password1"].help_text = _(
            "Use at least 8 characters. Do not use a common password, only numbers, or "
            "something close to your username. A few random words are strong and easy "
            "to remember."
        )
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = _("Type the same password again, to catch typos.")


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


class AccountDeleteForm(forms.Form):
    """Asks for the password again, so a borrowed or unlocked device cannot delete the account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm that you want to delete your account."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Check it and try again."), code="wrong_password"
            )
        return password
