"""Forms of the public reading pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learn.models import ReferenceKind, Topic


class ReferenceFilterForm(forms.Form):
    """The reference library's GET filters. An unknown value is reported and then ignored."""

    kind = forms.ChoiceField(
        label=_("Kind of source"),
        choices=[("", _("All kinds"))] + list(ReferenceKind.choices),
        required=False,
        error_messages={"invalid_choice": _("We do not know that kind of source.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        error_messages={"invalid_choice": _("We do not know that topic.")},
    )

    def filters(self) -> dict:
        """Lookups for the valid filters only, so a bad value never hides everything."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        lookups = {}
        if cleaned.get("kind"):
            lookups["kind"] = cleaned["kind"]
        if cleaned.get("topic"):
            lookups["topics"] = cleaned["topic"]
        return lookups
