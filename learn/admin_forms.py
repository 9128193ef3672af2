"""Forms for the editors' admin: partial-row forms, the lesson form and its sources formset."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from publishing.models import Status
from publishing.rendering import cited_numbers


class ArticleAdminForm(forms.ModelForm):
    """The lesson form; ModelAdmin.get_form gives it the model and fields."""

    # ArticleAdmin.get_form sets this when the sources inline is on the page, so that
    # Article.clean() leaves counting the sources to the formset, which sees the submitted ones.
    checks_sources_in_inline = False

    def _post_clean(self):
        self.instance.sources_checked_by_form = self.checks_sources_in_inline
        super()._post_clean()


class PartialRowForm(forms.ModelForm):
    """A model form showing only some fields (a changelist row, an ordering inline).

    Model.clean() reports problems against fields such as `medical_reviewer`. When such a field
    is not part of this form, Django raises ValueError (a server error) instead of showing the
    message, so the message is shown for the row as a whole, with the field's name in front.
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for field, messages in errors.error_dict.items():
                if field == NON_FIELD_ERRORS or field in self.fields:
                    remapped.setdefault(field, []).extend(messages)
                    continue
                label = capfirst(self.instance._meta.get_field(field).verbose_name)
                for error in messages:
                    for message in error:
                        remapped.setdefault(NON_FIELD_ERRORS, []).append(
                            ValidationError(f"{label}: {message}")
                        )
            errors = ValidationError(remapped)
        super()._update_errors(errors)


class CitationInlineFormSet(BaseInlineFormSet):
    """A lesson's ordered sources, checked against the citation markers in its body.

    The admin validates the lesson form before its inline formsets, and a valid form has
    already copied the new body onto `self.instance`, so the body checked here is the one
    being saved, not the stored one.
    """

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            # Empty rows offer the next numbers, so adding a source needs no typing.
            kwargs["initial"] = {"position": index + 1}
        return kwargs

    def _kept_forms(self):
        """The rows that will exist after saving: stored ones not deleted, new ones filled in."""
        return [
            form
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form)
            and (index < self.initial_form_count() or form.has_changed())
            and form.cleaned_data.get("reference")
        ]

    def clean(self):
        if any(self.errors):
            return  # Each row shows its own problem first.
        problems = []
        numbers = [form.cleaned_data.get("position") for form in self._kept_forms()]
        numbers = [n for n in numbers if n is not None]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            problems.append(
                _("Two sources share the number %(numbers)s. Give each source its own number.")
                % {"numbers": ", ".join(map(str, duplicates))}
            )
        expected = list(range(1, len(numbers) + 1))
        if not duplicates and sorted(numbers) != expected:
            problems.append(
                _(
                    "Number the sources 1, 2, 3 and so on, without gaps. "
                    "The numbers now are %(numbers)s."
                )
                % {"numbers": ", ".join(map(str, sorted(numbers)))}
            )
        if self.instance.status == Status.PUBLISHED and not numbers:
            problems.append(
                _(
                    "A published lesson needs at least one source. Add one below, or keep the "
                    "lesson as a draft."
                )
            )
        unknown = sorted(cited_numbers(self.instance.body) - set(numbers))
        if unknown:
            markers = ", ".join(f"[^{n}]" for n in unknown)
            problems.append(
                ngettext(
                    "The body cites %(markers)s, but there is no source with that number. "
                    "Add the source below or correct the marker in the body.",
                    "The body cites %(markers)s, but there are no sources with those "
                    "numbers. Add the sources below or correct the markers in the body.",
                    len(unknown),
                )
                % {"markers": markers}
            )
        if problems:
            raise ValidationError(problems)
        super().clean()
