"""The editors' admin for learning content.

Editors are patient-education staff, not developers: forms are grouped the way they work
(content, then review and evidence, then publishing), every problem is explained in words,
and lessons and FAQs get a live preview of their Markdown next to the text box
(learn/admin_base.py).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from learn import admin_library  # noqa: F401 (registers its admins)
from learn.admin_base import EditorAdmin, MarkdownPreviewAdmin, OrderInline, ReviewDueFilter
from learn.admin_forms import ArticleAdminForm, CitationInlineFormSet, PartialRowForm
from learn.admin_objectives import ObjectiveInline
from learn.admin_review import ReviewDueAdminMixin
from learn.admin_writing import WritingAidsAdminMixin
from learn.models import (
    EVIDENCE_EXPLANATIONS,
    FAQ,
    Article,
    ArticleUpdateNote,
    Citation,
    EvidenceLevel,
    Module,
)
from learn.workflow import lesson_after_save
from publishing.admin_history import RevisionAdminMixin
from publishing.admin_translations import TranslationAdminMixin
from publishing.admin_workflow import WorkflowAdminMixin


class CitationInline(admin.TabularInline):
    model = Citation
    formset = CitationInlineFormSet
    fields = ["position", "reference", "note"]
    autocomplete_fields = ["reference"]
    extra = 1
    verbose_name = _("source")
    verbose_name_plural = _("sources (number 1 is what [^1] in the body points to)")


class UpdateNoteInline(admin.TabularInline):
    """Reader-facing "what changed" notes, newest first (shown on the lesson page)."""

    model = ArticleUpdateNote
    fields = ["noted_on", "text"]
    extra = 0
    verbose_name = _("update note for readers")
    verbose_name_plural = _(
        "update notes for readers (add one when a change matters to readers; newest first)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update({"rows": 2, "cols": 60})
        return field


@admin.register(Article)
class ArticleAdmin(
    TranslationAdminMixin,
    ReviewDueAdminMixin,
    WorkflowAdminMixin,
    WritingAidsAdminMixin,
    RevisionAdminMixin,
    MarkdownPreviewAdmin,
):
    form = ArticleAdminForm
    revision_extra_fields = ["sources"]
    revision_related_note = _(
        "Sources are not changed by a revert: edit them in the lesson's sources list. The "
        "sources this revision cited are listed below when they were recorded."
    )
    list_display = [
        "title",
        "module",
        "position",
        "status",
        "visibility_column",
        "evidence_level",
        "last_reviewed_on",
        "next_review",
        "word_count",
        "reading_level",
    ]
    list_editable = ["position"]
    list_filter = ["status", "module", "topics", "evidence_level", ReviewDueFilter]
    search_fields = ["title", "summary", "body"]
    ordering = ["module__position", "position", "title"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["module", "topics", "author", "medical_reviewer"]
    readonly_fields = [
        "rendered_preview",
        "word_count",
        "reading_minutes",
        "created_at",
        "updated_at",
        "reading_summary",
        "flagged_phrases",
        "visibility_display",
        "status_history",
    ]
    inlines = [CitationInline, UpdateNoteInline]
    reviewed_inlines = (CitationInline,)
    actions = [*WorkflowAdminMixin.workflow_actions, *TranslationAdminMixin.translation_actions]
    fieldsets = [
        (
            _("Content"),
            {"fields": ["module", "position", "title", "slug", "summary", "body", "topics"]},
        ),
        (
            _("Writing aids (for the saved version)"),
            {"fields": ["reading_summary", "flagged_phrases"]},
        ),
        (
            _("Saved version"),
            {
                "classes": ["collapse"],
                "fields": ["rendered_preview", "word_count", "reading_minutes"],
            },
        ),
        (
            _("Review and evidence"),
            {
                "description": _(
                    "A lesson can only be published once a medical reviewer (not its author) "
                    "has approved its current text with “Approve medical review”."
                ),
                "fields": [
                    "evidence_level",
                    "evidence_as_of",
                    "author",
                    "medical_reviewer",
                    "last_reviewed_on",
                    "next_review_on",
                ],
            },
        ),
        (
            _("Publishing"),
            {
                "description": _(
                    "Use the workflow buttons at the bottom of the page to send the lesson to "
                    "review, publish, archive it or move it back to draft. Publishing checks "
                    "a medical reviewer's approval of the current text, the medical reviewer "
                    "(with a dated conflicts-of-interest statement), both "
                    "review dates (at most 3 years apart) and that there is at least one source."
                ),
                "fields": [
                    "status",
                    "visibility_display",
                    "publish_at",
                    "expires_at",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
        (_("Workflow history"), {"classes": ["collapse"], "fields": ["status_history"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.checks_sources_in_inline = any(
            isinstance(inline, CitationInline) for inline in self.get_inline_instances(request, obj)
        )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.after_lesson_saved(request, form.instance)

    def after_revert(self, request, obj):
        self.after_lesson_saved(request, obj)

    def after_lesson_saved(self, request, article):
        """What follows any save of a lesson in the admin (form or revert)."""
        if flagged := lesson_after_save(article=article):
            url = reverse("admin:quizzes_question_changelist") + "?needs_check__exact=1"
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "This published lesson changed, so %(n)d quiz question linked to it is "
                        "marked “check against the updated lesson”.",
                        "This published lesson changed, so %(n)d quiz questions linked to it "
                        "are marked “check against the updated lesson”.",
                        flagged,
                    )
                    % {"n": flagged},
                    url,
                    gettext("See the questions to check."),
                ),
                messages.WARNING,
            )
        self.warn_about_writing(request, article)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "summary":
            field.widget.attrs["rows"] = 3
        elif db_field.name == "evidence_level":
            # Editors choose better when the definitions readers will see are right here.
            field.help_text = " ".join(
                f"{label}: {EVIDENCE_EXPLANATIONS[value]}" for value, label in EvidenceLevel.choices
            )
        return field

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PartialRowForm, **kwargs)

    @admin.display(description=_("next review"), ordering="next_review_on")
    def next_review(self, obj):
        if not obj.next_review_on:
            return "-"
        labels = {"overdue": _("overdue"), "due_soon": _("due soon")}
        state = obj.review_state()
        if state not in labels:
            return obj.next_review_on
        # The words carry the meaning; the colour class only repeats it.
        return format_html(
            '{} <span class="review-state review-{}">({})</span>',
            formats.localize(obj.next_review_on),
            state,
            labels[state],
        )


class LessonOrderInline(OrderInline):
    """Reorder a module's lessons from the module's page (new lessons get the full form)."""

    model = Article
    fields = ["position", "title", "status"]
    readonly_fields = ["title", "status"]
    ordering = ["position", "title"]
    verbose_name_plural = _("lessons in this module (change the numbers to reorder them)")


@admin.register(Module)
class ModuleAdmin(TranslationAdminMixin, EditorAdmin):
    list_display = ["title", "position", "status", "publish_at", "lesson_count"]
    list_editable = ["position"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    actions = TranslationAdminMixin.translation_actions
    inlines = [LessonOrderInline, ObjectiveInline]
    fieldsets = [
        (_("Content"), {"fields": ["title", "slug", "summary", "position"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "expires_at"]}),
    ]

    # Explicit: Meta.ordering does not apply to the lesson-count GROUP BY query, and the
    # lesson form's module autocomplete pages through this queryset.
    ordering = ["position", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lesson_count=Count("articles"))

    @admin.display(description=_("lessons"), ordering="lesson_count")
    def lesson_count(self, obj):
        return obj.lesson_count


@admin.register(FAQ)
class FAQAdmin(TranslationAdminMixin, WorkflowAdminMixin, RevisionAdminMixin, MarkdownPreviewAdmin):
    preview_field = "answer"
    list_display = ["question", "topic", "position", "status", "visibility_column"]
    list_editable = ["position"]
    list_filter = ["status", "topic"]
    list_select_related = ["topic"]
    search_fields = ["question", "answer"]
    ordering = ["topic__position", "position", "question"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["topic", "related_articles", "references"]
    readonly_fields = ["rendered_preview", "visibility_display", "status_history"]
    actions = [*WorkflowAdminMixin.workflow_actions, *TranslationAdminMixin.translation_actions]
    fieldsets = [
        (
            _("Content"),
            {
                "fields": [
                    "question",
                    "slug",
                    "topic",
                    "position",
                    "answer",
                    "rendered_preview",
                    "related_articles",
                    "references",
                ]
            },
        ),
        (
            _("Publishing"),
            {"fields": ["status", "visibility_display", "publish_at", "expires_at"]},
        ),
        (_("Workflow history"), {"classes": ["collapse"], "fields": ["status_history"]}),
    ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PartialRowForm, **kwargs)
