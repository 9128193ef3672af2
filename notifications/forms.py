"""The notification settings form: consent, and each kind of message on or off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.roles import is_editor, is_educator, is_medical_reviewer
from notifications.models import Kind
from notifications.rules import LEARNER_KINDS

STAFF_KINDS = {
    Kind.SUBMISSIONS_DIGEST: is_educator,
    Kind.HOLD_ALERT: is_educator,
    Kind.REVIEW_WAITING: is_medical_reviewer,
    Kind.EDITOR_DIGEST: is_editor,
}


def kinds_for(user) -> list[str]:
    """The kinds this person can get: the learner ones, and those of their roles."""
    kinds = [kind for kind in Kind if kind in LEARNER_KINDS]
    return kinds + [kind for kind, has_role in STAFF_KINDS.items() if has_role(user)]


class NotificationSettingsForm(forms.Form):
    consent = forms.BooleanField(
        label=_("Email me about my assignments"),
        required=False,
        help_text=_("Without this, we send you no emails about your learning."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind] = forms.BooleanField(label=Kind(kind).label, required=False)
