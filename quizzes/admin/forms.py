"""Forms behind the one-screen quiz editor: each question form carries its choices.

Django's admin has no nested inlines, so a question form builds a small choice formset of its
own (prefix `questions-N-choices`), validates it with itself and saves it after the question.
Django's inline JavaScript copies the nested rows when an editor adds a question, because it
renames every `questions-__prefix__` inside the blank template.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.models import Status
from quizzes.models import Choice, Question, Quiz, Response, ResponseChoice
from quizzes.validation import MAX_CHOICES, question_label, question_problems, questions_problems

# Rows without a position go after the numbered ones, in the order they appear on the page.
LAST = float("inf")


class PositionedFormSetMixin:
    """Orders a formset's rows by the positions typed, then numbers them 1, 2, 3….

    A row whose position the editor changed goes before an unchanged row with the same number:
    typing 2 on the fifth question moves it to second place.
    """

    def kept_forms(self):
        """The forms that will exist after saving, in their new order."""
        kept = []
        for index, form in enumerate(self.forms):
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            cleaned = getattr(form, "cleaned_data", None) or {}
            if self.can_delete and cleaned.get("DELETE"):
                continue
            position = cleaned.get("position")
            moved = "position" in form.changed_data
            key = (LAST if position is None else position, 0 if moved else 1, index)
            kept.append((key, form))
        return [form for _key, form in sorted(kept, key=lambda pair: pair[0])]

    def save(self, commit=True):
        if not self.has_changed():
            return super().save(commit=commit)
        old_positions = {}
        for number, form in enumerate(self.kept_forms(), start=1):
            old_positions[form] = form.instance.position
            form.instance.position = number
        saved = super().save(commit=commit)
        if commit:
            # Unchanged rows are not saved by the formset, but their number may have moved.
            moved = [
                form.instance
                for form, old in old_positions.items()
                if form.instance.pk and not form.has_changed() and old != form.instance.position
            ]
            if moved:
                self.model.objects.bulk_update(moved, ["position"])
        return saved


def _optional_position(form):
    form.fields["position"].required = False
    form.fields["position"].widget.attrs["min"] = 1
    if form.instance._state.adding:
        # A blank position means "after the others"; the model's default 0 would mean "first".
        form.initial["position"] = None


class ChoiceForm(forms.ModelForm):
    class Meta:
        model = Choice
        fields = ["position", "text", "is_correct", "feedback", "misconception"]
        widgets = {
            "text": forms.TextInput(attrs={"class": "vTextField"}),
            "feedback": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "misconception": forms.TextInput(attrs={"class": "vTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional_position(self)


def answered_choice_ids(choice_ids):
    """The ids among these choices that some learner picked."""
    return set(
        ResponseChoice.objects.filter(choice_id__in=choice_ids)
        .values_list("choice_id", flat=True)
        .distinct()
    )


class BaseChoiceFormSet(PositionedFormSetMixin, BaseInlineFormSet):
    """A question's choices: up to six rows, blank rows offered up to the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = max(0, MAX_CHOICES - len(self.get_queryset()))

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            # question.choices.all() uses the choices the admin prefetched for every question.
            self._queryset = list(self.instance.choices.all()) if self.instance.pk else []
        return self._queryset

    def kept_correct_flags(self):
        """The correct flags of the choices this question will have once saved."""
        if not self.is_bound:
            return [choice.is_correct for choice in self.get_queryset()]
        return [
            form.cleaned_data.get("is_correct", form.instance.is_correct)
            for form in self.kept_forms()
        ]

    def clean(self):
        # Before super().clean(): the admin's own check would name the protected rows by id.
        self.refuse_deleting_answered()
        super().clean()

    def refuse_deleting_answered(self):
        deleted = [
            form.instance
            for form in self.forms
            if form.instance.pk and (getattr(form, "cleaned_data", None) or {}).get("DELETE")
        ]
        answered = answered_choice_ids([choice.pk for choice in deleted])
        errors = [
            _(
                "Learners have picked the choice “%(choice)s”, so it can't be deleted: their "
                "answers are kept as they were. Untick “Delete” for it. You can still edit it."
            )
            % {"choice": choice.text}
            for choice in deleted
            if choice.pk in answered
        ]
        if errors:
            raise ValidationError(errors)


ChoiceFormSet = inlineformset_factory(
    Question,
    Choice,
    form=ChoiceForm,
    formset=BaseChoiceFormSet,
    extra=MAX_CHOICES,
    max_num=MAX_CHOICES,
    validate_max=True,
    can_delete=True,
)


class QuestionForm(forms.ModelForm):
    """A question with its choices nested inside (see the module docstring)."""

    class Meta:
        model = Question
        fields = [
            "position",
            "kind",
            "prompt",
            "explanation",
            "keep_choice_order",
            "article",
            "anchor",
            "needs_check",
        ]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "explanation": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, article_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        _optional_position(self)
        if article_choices is not None and "article" in self.fields:
            self.fields["article"].choices = article_choices
        prefix = self.add_prefix("choices")
        # No nested management form in the POST (a view-only question): keep the saved choices.
        bound = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
        self.choice_formset = ChoiceFormSet(
            data=self.data if bound else None, instance=self.instance, prefix=prefix
        )

    def has_changed(self):
        return super().has_changed() or (
            self.choice_formset.is_bound and self.choice_formset.has_changed()
        )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self.choice_formset.is_bound:
            return
        if (self.empty_permitted and not self.has_changed()) or self.cleaned_data.get("DELETE"):
            return
        if not self.choice_formset.is_valid():
            self.add_error(None, _("Check this question's choices below."))

    @property
    def media(self):
        return super().media + self.choice_formset.media


def answered_question_ids(question_ids):
    """The ids among these questions that some learner answered."""
    return set(
        Response.objects.filter(question_id__in=question_ids)
        .values_list("question_id", flat=True)
        .distinct()
    )


class BaseQuestionFormSet(PositionedFormSetMixin, BaseInlineFormSet):
    """A quiz's questions. A quiz saved as published must pass the rules as submitted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._article_choices = None

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        form_class = self.form
        if "article" in form_class.base_fields:
            if self._article_choices is None:
                # One lessons query for the whole page instead of one per question.
                self._article_choices = list(form_class.base_fields["article"].choices)
            kwargs["article_choices"] = self._article_choices
        return kwargs

    def clean(self):
        # Before super().clean(): the admin's own check would name the protected rows by id.
        self.refuse_deleting_answered()
        super().clean()
        if self.instance.status == Status.PUBLISHED and (problems := self.publish_problems()):
            raise ValidationError(problems)

    def refuse_deleting_answered(self):
        deleted = [
            (number, form.instance)
            for number, form in enumerate(self.forms, start=1)
            if form.instance.pk and (getattr(form, "cleaned_data", None) or {}).get("DELETE")
        ]
        answered = answered_question_ids([question.pk for _number, question in deleted])
        errors = [
            _(
                "Learners have answered “%(question)s”, so it can't be deleted: their answers "
                "are kept as they were. Untick “Delete” for it. You can still edit it, or move "
                "the quiz back to draft."
            )
            % {"question": question_label(number, question.prompt)}
            for number, question in deleted
            if question.pk in answered
        ]
        if errors:
            raise ValidationError(errors)

    def publish_problems(self):
        """The rule problems of the questions as submitted, also shown on each question."""
        submitted = [
            (
                form,
                form.cleaned_data.get("kind", form.instance.kind),
                form.choice_formset.kept_correct_flags(),
                form.cleaned_data.get("prompt", form.instance.prompt) or "",
            )
            for form in self.kept_forms()
        ]
        for form, kind, flags, _prompt in submitted:
            for problem in question_problems(kind, flags):
                form.add_error(None, problem)
        return questions_problems(question[1:] for question in submitted)

    def save(self, commit=True):
        saved = super().save(commit=commit)
        for form in self.kept_forms():
            if form.instance.pk and form.choice_formset.is_bound:
                form.choice_formset.instance = form.instance
                form.choice_formset.save(commit=commit)
        return saved


class QuizAdminForm(forms.ModelForm):
    # QuizAdmin.get_form sets this when the question inline is on the page, so Quiz.clean()
    # leaves the question rules to that formset, which sees the questions being submitted.
    checks_questions_in_inline = False

    class Meta:
        model = Quiz
        fields = [
            "title",
            "slug",
            "module",
            "intro",
            "status",
            "publish_at",
            "expires_at",
            "pass_percent",
            "feedback_timing",
            "shuffle_questions",
            "shuffle_choices",
            "partial_credit",
            "max_attempts",
            "grading_method",
            "time_limit_minutes",
            "ask_confidence",
        ]
        help_texts = {
            "status": gettext_lazy(
                "Learners see a published quiz once its publish time has come. A published "
                "quiz must follow the question rules: a single-choice or true-or-false "
                "question has exactly one correct choice, a multiple-answer question at least "
                "one, and every question two to six choices."
            ),
        }

    def _post_clean(self):
        self.instance.questions_checked_by_form = self.checks_questions_in_inline
        super()._post_clean()
