"""The question admin: find questions across quizzes, edit one with its choices, clear checks."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from publishing.admin_history import RevisionAdminMixin
from publishing.models import Status
from quizzes.admin.forms import BaseChoiceFormSet, ChoiceForm
from quizzes.admin.protection import protected_summary
from quizzes.models import Choice, Question
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


@admin.register(Question)
class QuestionAdmin(RevisionAdminMixin, admin.ModelAdmin):
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
    list_filter = ["needs_check", "kind", "quiz"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_count=Count("choices"))

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
