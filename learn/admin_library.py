"""The editors' admin for the people and the records around lessons: topics, contributors
(authors and medical reviewers), the reference library with its link check, the phrases the
writing aids flag, and the read-only review log. Registered through learn.admin.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learn.admin_base import EditorAdmin, OrderInline
from learn.linkcheck import LinkStateFilter, check_selected_links
from learn.models import (
    FAQ,
    Article,
    Contributor,
    FlaggedPhrase,
    ReferenceLink,
    ReviewRecord,
    Topic,
)
from publishing.admin import ReadOnlyLogAdmin
from publishing.models import Status


class FAQOrderInline(OrderInline):
    """Reorder a topic's FAQs from the topic's page."""

    model = FAQ
    fields = ["position", "question", "status"]
    readonly_fields = ["question", "status"]
    ordering = ["position", "question"]
    verbose_name_plural = _("FAQs in this topic (change the numbers to reorder them)")


@admin.register(Topic)
class TopicAdmin(EditorAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FAQOrderInline]


@admin.register(Contributor)
class ContributorAdmin(EditorAdmin):
    list_display = [
        "name",
        "qualifications",
        "role",
        "authored_count",
        "reviewed_count",
        "statement",
    ]
    search_fields = ["name", "qualifications", "role", "bio", "conflicts_of_interest"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["their_lessons"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "qualifications", "role", "bio"]}),
        (
            _("Conflicts of interest"),
            {
                "description": _(
                    "Readers see this statement on every lesson this person wrote or reviewed. "
                    "A medical reviewer of a published lesson must have one, with its date."
                ),
                "fields": ["conflicts_of_interest", "conflicts_declared_on"],
            },
        ),
        (_("Lessons"), {"fields": ["their_lessons"]}),
        (_("Site account"), {"fields": ["user"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                authored_count=Count("authored_articles", distinct=True),
                reviewed_count=Count("reviewed_articles", distinct=True),
                published_reviews=Count(
                    "reviewed_articles",
                    filter=Q(reviewed_articles__status=Status.PUBLISHED),
                    distinct=True,
                ),
            )
            # Meta.ordering is dropped from aggregate queries; autocomplete pages need an order.
            .order_by("name", "pk")
        )

    @admin.display(description=_("lessons written"), ordering="authored_count")
    def authored_count(self, obj):
        return obj.authored_count

    @admin.display(description=_("lessons reviewed"), ordering="reviewed_count")
    def reviewed_count(self, obj):
        return obj.reviewed_count

    @admin.display(description=_("conflicts statement"), ordering="conflicts_declared_on")
    def statement(self, obj):
        if obj.has_dated_statement:
            return formats.date_format(obj.conflicts_declared_on, "SHORT_DATE_FORMAT")
        if obj.published_reviews:
            return format_html(
                '<span class="review-state review-overdue">{}</span>',
                gettext("Missing: needed, reviews published lessons"),
            )
        return gettext("Missing")

    @admin.display(description=_("their lessons"))
    def their_lessons(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        lessons = Article.objects.filter(Q(author=obj) | Q(medical_reviewer=obj)).select_related(
            "module"
        )
        rows = [
            {
                "lesson": lesson,
                "roles": [
                    role
                    for role, applies in [
                        (gettext("author"), lesson.author_id == obj.pk),
                        (gettext("medical reviewer"), lesson.medical_reviewer_id == obj.pk),
                    ]
                    if applies
                ],
            }
            for lesson in lessons
        ]
        return render_to_string("admin/learn/includes/_contributor_lessons.html", {"rows": rows})

    def get_readonly_fields(self, request, obj=None):
        # Choosing an account would list every user's name; editors may not see accounts.
        if request.user.has_perm("auth.view_user"):
            return self.readonly_fields
        return [*self.readonly_fields, "user"]


@admin.register(ReferenceLink)
class ReferenceLinkAdmin(EditorAdmin):
    list_display = ["title", "kind", "publisher", "year", "is_commercial", "link_check"]
    list_filter = [LinkStateFilter, "kind", "is_commercial", "topics"]
    actions = [check_selected_links]
    search_fields = ["title", "slug", "authors", "publisher", "doi", "pmid", "url"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    readonly_fields = ["last_checked_at", "last_status", "last_final_url", "last_error"]
    fieldsets = [
        (
            _("Source"),
            {"fields": ["title", "slug", "url", "kind", "authors", "publisher", "year"]},
        ),
        (_("Identifiers"), {"fields": ["doi", "pmid"]}),
        (_("For readers"), {"fields": ["summary", "is_commercial", "topics"]}),
        (
            _("Link check"),
            {
                "fields": ["last_checked_at", "last_status", "last_final_url", "last_error"],
                "description": _(
                    "Filled in by the link checker: the 'Check the selected links now' action "
                    "in the list, or the check_links command. Editors cannot type here."
                ),
            },
        ),
    ]

    @admin.display(description=_("link check"), ordering="last_checked_at")
    def link_check(self, link):
        state = link.link_state
        if state == "unchecked":
            return _("Never checked")
        if state == "broken":
            return format_html(
                "{} ({})", _("Broken"), link.last_error or link.last_status or _("no answer")
            )
        if state == "redirected":
            return format_html("{} → {}", _("Redirected"), link.last_final_url)
        return _("OK")


@admin.register(FlaggedPhrase)
class FlaggedPhraseAdmin(EditorAdmin):
    """The words the lesson form flags for a reviewer to look at (learn/writing_aids.py)."""

    list_display = ["phrase", "why", "is_active"]
    list_editable = ["why", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["phrase", "why"]


@admin.register(ReviewRecord)
class ReviewRecordAdmin(ReadOnlyLogAdmin):
    list_display = ["article", "reviewed_on", "medical_reviewer", "reviewer", "next_review_on"]
    list_filter = ["reviewed_on"]
    list_select_related = ["article", "medical_reviewer", "reviewer"]
    search_fields = ["article__title", "note", "medical_reviewer__name"]
    date_hierarchy = "reviewed_on"
