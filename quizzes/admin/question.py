"""The question admin: find questions across quizzes, edit one with its choices, clear checks.

A question and its choices are part of their quiz's reviewed text: in a published quiz, a change
to them (or a revert) needs the "Minor edit" tick, logged on the quiz, as on the quiz's own form.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from learn.objectives import LearningObjective
from publishing.admin_history import RevisionAdminMixin
from publishing.admin_workflow import MINOR_EDIT_FIELD, minor_edit_field, minor_edit_fieldset
from publishing.models import Status
from publishing.workflow import item_minor_edit_record, live_edit_problem
from quizzes.admin.forms import BaseChoiceFormSet, ChoiceForm
from quizzes.admin.protection import protected_summary
from quizzes.models import Choice, Question
from quizzes.objective_tags import module_objectives, objective_tag_problems
from quizzes.validation import MAX_CHOICES, question_problems, question_writing_warnings


class ChoiceInlineFormSet(BaseChoiceFormSet):
    """A question's choices; in a published quiz they must keep the question valid."""

    def clean(self):
        super().clean()
        question = self.instance
        if not question.quiz_id or question.quiz.status != Status.PUBLISHED:
            return
        if problems := question_problems(question.kind, self.kept_correct_flags()):
            raise ValidationError(
                [_("This question is in a published quiz, so it must follow the rules.")] + problems
            )


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceForm
    formset = ChoiceInlineFormSet
    max_num = MAX_CHOICES
    extra = 0


# The question's fields that are part of its quiz's reviewed text (Quiz.reviewed_text).
QUIZ_TEXT_FIELDS = ("kind", "prompt", "explanation", "article_id", "anchor")


class QuestionChangeForm(forms.ModelForm):
    """Refuses a change to a published quiz's question or choices without "Minor edit"."""

    minor_edit = minor_edit_field()  # Shown (get_fieldsets) when the quiz is published.
    minor_edit_confirmed = False  # Set when the change is public and the tick is given.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get("objectives"):
            # Any objective id is accepted by the field, so one of another module reaches
            # clean_objectives and gets the rule's clear message; only the module's are offered.
            field.queryset = LearningObjective.objects.all()
            module_id = self.instance.quiz.module_id if self.instance.quiz_id else None
            field.widget.choices = [
                (objective.pk, objective.text)
                for objective in module_objectives(module_id).values()
            ]

    def clean_objectives(self):
        objectives = self.cleaned_data["objectives"]
        module_id = self.instance.quiz.module_id if self.instance.quiz_id else None
        if problems := objective_tag_problems(module_id=module_id, objectives=objectives):
            raise ValidationError(problems)
        return objectives

    def _post_clean(self):
        super()._post_clean()
        question = self.instance
        if not question.quiz_id or question.quiz.status != Status.PUBLISHED:
            return
        saved = Question.objects.filter(pk=question.pk).values(*QUIZ_TEXT_FIELDS).first()
        changed = getattr(question, "_choices_changed", False) or any(
            saved is None or saved[name] != getattr(question, name) for name in QUIZ_TEXT_FIELDS
        )
        if not changed:
            return
        if problem := live_edit_problem(question.quiz, was_published=True, related_changed=True):
            if self.cleaned_data.get(MINOR_EDIT_FIELD):
                self.minor_edit_confirmed = True
            else:
                self.add_error(None, problem)


@admin.register(Question)
class QuestionAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = QuestionChangeForm
    inlines = [ChoiceInline]
    list_display = [
        "prompt_start",
        "quiz",
        "position",
        "kind",
        "choice_count",
        "article",
        "needs_check",
    ]
    list_display_links = ["prompt_start"]
    list_filter = ["needs_check", "kind", "quiz", "objectives__module"]
    list_select_related = ["quiz", "article"]
    search_fields = ["prompt", "explanation", "choices__text", "quiz__title"]
    readonly_fields = ["quiz", "position"]
    actions = ["mark_checked"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("quiz", "position"),
                    "kind",
                    "prompt",
                    "explanation",
                    "keep_choice_order",
                    "objectives",
                ],
                "description": gettext_lazy(
                    "Add questions and change their order on the quiz's page."
                ),
            },
        ),
        (gettext_lazy("Lesson link"), {"fields": [("article", "anchor"), "needs_check"]}),
    ]

    revision_related_note = gettext_lazy(
        "Choices are not changed by a revert: edit them below the question."
    )

    class Media:
        css = {"all": ["css/admin-quiz.css", "css/admin-workflow.css"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "objectives":
            # A module has a handful of objectives: ticks read better than a two-box widget.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_count=Count("choices"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        published = obj is not None and obj.quiz_id and obj.quiz.status == Status.PUBLISHED
        if published and self.has_change_permission(request, obj):
            fieldsets.insert(1, minor_edit_fieldset())
        return fieldsets

    def _create_formsets(self, request, obj, change):
        # Made before the form is validated, so QuestionChangeForm can see whether choices changed.
        formsets, inlines = super()._create_formsets(request, obj, change)
        if request.method == "POST":
            obj._choices_changed = any(formset.has_changed() for formset in formsets)
        return formsets, inlines

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "minor_edit_confirmed", False):
            item_minor_edit_record(item=obj.quiz, user=request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("question"), ordering="prompt")
    def prompt_start(self, question):
        return str(question)

    @admin.display(description=gettext_lazy("choices"), ordering="choice_count")
    def choice_count(self, question):
        return question.choice_count

    @admin.action(description=gettext_lazy("Mark as checked"), permissions=["change"])
    def mark_checked(self, request, queryset):
        """Clear "check against the updated lesson" on the selected questions."""
        count = queryset.filter(needs_check=True).update(needs_check=False, check_reason="")
        self.message_user(
            request,
            ngettext(
                "Marked %(n)d question as checked.", "Marked %(n)d questions as checked.", count
            )
            % {"n": count},
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question = form.instance
        choices = [(choice.text, choice.is_correct) for choice in question.choices.all()]
        if warnings := question_writing_warnings(question.kind, question.prompt, choices):
            self.message_user(
                request,
                _("Saved. This question could be written more clearly (advice, not a rule): %(w)s")
                % {"w": " ".join(warnings)},
                messages.WARNING,
            )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = protected_summary(questions=objs)
        return deleted, counts, perms_needed, protected
