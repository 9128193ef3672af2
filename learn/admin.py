"""The editors' admin for learning content.

Editors are patient-education staff, not developers: forms are grouped the way they work
(content, then review and evidence, then publishing), every problem is explained in words,
and lessons and FAQs get a live preview of their Markdown next to the text box
(learn/admin_base.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from learn.admin_base import EditorAdmin, MarkdownPreviewAdmin, ReviewDueFilter
from learn.admin_forms import CitationInlineFormSet, PartialRowForm
from learn.models import (
    EVIDENCE_EXPLANATIONS,
    FAQ,
    Article,
    Citation,
    Contributor,
    EvidenceLevel,
    Module,
    ReferenceLink,
    Status,
    Topic,
)


class CitationInline(admin.TabularInline):
    model = Citation
    formset = CitationInlineFormSet
    fields = ["position", "reference", "note"]
    autocomplete_fields = ["reference"]
    extra = 1
    verbose_name = _("source")
    verbose_name_plural = _("sources (number 1 is what [^1] in the body points to)")


@admin.register(Article)
class ArticleAdmin(MarkdownPreviewAdmin):
    list_display = [
        "title",
        "module",
        "position",
        "status",
        "evidence_level",
        "publish_at",
        "last_reviewed_on",
        "next_review",
        "word_count",
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
    ]
    inlines = [CitationInline]
    actions = ["publish_selected", "move_to_draft"]
    fieldsets = [
        (
            _("Content"),
            {"fields": ["module", "position", "title", "slug", "summary", "body", "topics"]},
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
                    "A lesson can only be published once a medical reviewer has checked it."
                ),
                "fields": [
                    "evidence_level",
                    "author",
                    "medical_reviewer",
                    "last_reviewed_on",
                    "next_review_on",
                ],
            },
        ),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "expires_at", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module")

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

    @admin.action(description=_("Publish the selected lessons"), permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = 0, []
        for article in queryset:
            if article.status == Status.PUBLISHED:
                continue
            article.status = Status.PUBLISHED
            try:
                article.full_clean()
            except ValidationError:
                refused.append(article.title)
                continue
            article.save()
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("%d lesson published.", "%d lessons published.", published) % published,
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _(
                    "Not published, because a medical reviewer or review date is missing: "
                    "%(titles)s. Open each lesson to see what it needs."
                )
                % {"titles": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Move the selected lessons back to draft"), permissions=["change"])
    def move_to_draft(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Status.DRAFT):
            article.status = Status.DRAFT
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d lesson is a draft now.", "%d lessons are drafts now.", count) % count,
        )


class LessonOrderInline(admin.TabularInline):
    """Reorder a module's lessons from the module's page."""

    model = Article
    form = PartialRowForm
    fields = ["position", "title", "status"]
    readonly_fields = ["title", "status"]
    ordering = ["position", "title"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("lessons in this module (change the numbers to reorder them)")

    def has_add_permission(self, request, obj=None):
        return False  # New lessons get the full lesson form, with its checks.


@admin.register(Module)
class ModuleAdmin(EditorAdmin):
    list_display = ["title", "position", "status", "publish_at", "lesson_count"]
    list_editable = ["position"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonOrderInline]
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


class FAQOrderInline(admin.TabularInline):
    """Reorder a topic's FAQs from the topic's page."""

    model = FAQ
    form = PartialRowForm
    fields = ["position", "question", "status"]
    readonly_fields = ["question", "status"]
    ordering = ["position", "question"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("FAQs in this topic (change the numbers to reorder them)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(EditorAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FAQOrderInline]


@admin.register(Contributor)
class ContributorAdmin(EditorAdmin):
    list_display = ["name", "qualifications", "role", "conflicts_declared_on"]
    search_fields = ["name", "qualifications", "role"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "qualifications", "role", "bio"]}),
        (
            _("Conflicts of interest"),
            {"fields": ["conflicts_of_interest", "conflicts_declared_on"]},
        ),
        (_("Site account"), {"fields": ["user"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Choosing an account would list every user's name; editors may not see accounts.
        if request.user.has_perm("auth.view_user"):
            return self.readonly_fields
        return [*self.readonly_fields, "user"]


@admin.register(FAQ)
class FAQAdmin(MarkdownPreviewAdmin):
    preview_field = "answer"
    list_display = ["question", "topic", "position", "status", "publish_at"]
    list_editable = ["position"]
    list_filter = ["status", "topic"]
    list_select_related = ["topic"]
    search_fields = ["question", "answer"]
    ordering = ["topic__position", "position", "question"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["topic", "related_articles", "references"]
    readonly_fields = ["rendered_preview"]
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
        (_("Publishing"), {"fields": ["status", "publish_at", "expires_at"]}),
    ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PartialRowForm, **kwargs)


@admin.register(ReferenceLink)
class ReferenceLinkAdmin(EditorAdmin):
    list_display = ["title", "kind", "publisher", "year", "is_commercial", "last_status"]
    list_filter = ["kind", "is_commercial", "topics"]
    search_fields = ["title", "slug", "authors", "publisher", "doi", "pmid", "url"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    readonly_fields = ["last_checked_at", "last_status", "last_final_url"]
    fieldsets = [
        (
            _("Source"),
            {"fields": ["title", "slug", "url", "kind", "authors", "publisher", "year"]},
        ),
        (_("Identifiers"), {"fields": ["doi", "pmid"]}),
        (_("For readers"), {"fields": ["summary", "is_commercial", "topics"]}),
        (
            _("Link check"),
            {"fields": ["last_checked_at", "last_status", "last_final_url"]},
        ),
    ]
