"""Forms for groups and assignments. They read input; the services in group_services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import timezones
from groups.models import Accommodation, Assignment, LearnerGroup
from quizzes.models import Quiz


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker; still a plain text box where it has none."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class GroupForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone for due dates"),
        choices=timezones.zone_choices,
        # Not required: a form posted without it gets the educator's own zone (group_create).
        required=False,
        help_text=_(
            "Due dates you set are in this time zone. Each learner sees them in their own. "
            "It starts as your own time zone."
        ),
    )

    class Meta:
        model = LearnerGroup
        fields = ["name", "description", "time_zone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("For example: Tuesday clinic class, spring 2026."),
            "description": _("Optional. Learners see this when they join."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The view runs in the educator's own zone (core.timezones.TimeZoneMiddleware).
        self.fields["time_zone"].initial = timezones.zone_or_site(
            timezone.get_current_timezone_name()
        )


class GroupTimeZoneForm(forms.Form):
    """A group's time zone, changed on its page."""

    time_zone = forms.ChoiceField(
        label=_("Time zone for due dates"), choices=timezones.zone_choices
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("8 letters and numbers, like KQ4M-7XPT. Capitals and dashes do not matter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AssignmentForm(forms.ModelForm):
    """New assignment (with its quiz) or changes to one (dates, attempts, instructions)."""

    class Meta:
        model = Assignment
        fields = ["quiz", "opens_at", "due_at", "max_attempts", "instructions", "pre_quiz"]
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "due_at": DateTimeLocalInput(),
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "opens_at": _("Optional. Learners can start from this date and time."),
            "due_at": _("Optional. Learners can still finish after it; it shows as overdue."),
            "max_attempts": _("Optional. Empty: as many as the quiz allows."),
            "instructions": _("Optional. A short note for learners."),
            "pre_quiz": _(
                "Empty: the same quiz before and after. Or choose a parallel quiz on the "
                "same topics."
            ),
        }

    before_after = forms.BooleanField(
        label=_("Before and after"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "big-checkbox"}),
        help_text=_(
            "Learners take a before test, read the module, then take the quiz. The dashboard "
            "shows what they gained."
        ),
    )
    field_order = ["quiz", "before_after", "pre_quiz"]

    def __init__(self, *args, editing=False, zone_label="", **kwargs):
        super().__init__(*args, **kwargs)
        if zone_label:
            # The view renders and reads this form in the group's zone (timezone.override).
            in_zone = _("In the group's time zone: %(zone)s.") % {"zone": zone_label}
            for name in ("opens_at", "due_at"):
                self.fields[name].help_text = f"{self.fields[name].help_text} {in_zone}"
        if editing:
            # The quiz and the before test stay as they were set: attempts depend on them.
            for name in ("quiz", "before_after", "pre_quiz"):
                del self.fields[name]
        else:
            published = Quiz.objects.published().order_by("title")
            self.fields["quiz"].queryset = published
            self.fields["pre_quiz"].queryset = published
            self.fields["pre_quiz"].empty_label = _("The same quiz")
        self.fields["max_attempts"].widget.attrs["min"] = 1

    def clean(self):
        cleaned = super().clean()
        if "before_after" in self.fields:
            before_after = cleaned.pop("before_after", False)
            if before_after and cleaned.get("quiz") and not cleaned.get("pre_quiz"):
                cleaned["pre_quiz"] = cleaned["quiz"]  # the same quiz before and after
            elif not before_after:
                cleaned["pre_quiz"] = None
        opens_at, due_at = cleaned.get("opens_at"), cleaned.get("due_at")
        if opens_at and due_at and due_at <= opens_at:
            self.add_error("due_at", _("The due date must be after the opening date."))
        return cleaned


class AccommodationForm(forms.ModelForm):
    class Meta:
        model = Accommodation
        fields = ["extra_attempts", "due_at", "extra_time"]
        widgets = {"due_at": DateTimeLocalInput()}
        help_texts = {
            "extra_attempts": _("Attempts on top of what the assignment allows."),
            "due_at": _("Optional. Must be after the assignment's due date."),
            "extra_time": _("Only matters for timed quizzes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extra_attempts"].required = False
        self.fields["extra_attempts"].widget.attrs["max"] = 20

    def clean_extra_attempts(self):
        return self.cleaned_data.get("extra_attempts") or 0
