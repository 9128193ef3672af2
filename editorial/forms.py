"""The readers' feedback form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from editorial.models import MESSAGE_MAX_LENGTH, FeedbackKind


class _MessageField(forms.CharField):
    def to_python(self, value):
        # Browsers send a new line as "\r\n" but count it as one character in maxlength: count
        # it as one here too, so a message the text box accepted is never refused.
        return super().to_python(value).replace("\r\n", "\n")


class FeedbackForm(forms.Form):
    """Helpful or not, an optional problem and message, and a field only robots fill in."""

    helpful = forms.ChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        required=False,
        error_messages={"invalid_choice": _("Choose Yes or No.")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of problem?"),
        choices=FeedbackKind.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the kinds of problem listed.")},
    )
    message = _MessageField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Please keep your message to %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            ),
            "null_characters_not_allowed": _("Your message has a character we cannot store."),
        },
    )
    contact_ok = forms.BooleanField(label=_("You may contact me about this"), required=False)
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop), filled in by robots.
    website = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("helpful") or data.get("kind") or data.get("message")):
            raise forms.ValidationError(
                _("Choose Yes or No, or tell us about a problem, then send again."),
                code="empty",
            )
        return data

    @property
    def is_robot(self):
        """True when the hidden field was filled in: pretend to accept, store nothing."""
        return bool(self.data.get("website", "").strip())
