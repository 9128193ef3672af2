"""The editors' admin for site pages, glossary terms and the readers' feedback queue."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial import services
from editorial.models import Feedback, FeedbackStatus, GlossaryTerm, SitePage
from learn.admin_base import MarkdownPreviewAdmin
from publishing.admin_translations import TranslationAdminMixin

PUBLISHING = (_("Publishing"), {"fields": ["status", "publish_at", "expires_at", "updated_at"]})
SAVED = (_("Saved version"), {"classes": ["collapse"], "fields": ["rendered_preview"]})


@admin.register(SitePage)
class SitePageAdmin(TranslationAdminMixin, MarkdownPreviewAdmin):
    list_display = ["title", "slug", "status", "publish_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["rendered_preview", "updated_at"]
    actions = TranslationAdminMixin.translation_actions
    fieldsets = [
        (_("Content"), {"fields": ["title", "slug", "summary", "body"]}),
        SAVED,
        PUBLISHING,
    ]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslationAdminMixin, MarkdownPreviewAdmin):
    list_display = ["term", "short_definition", "also_matches", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["term", "also_matches", "short_definition", "body"]
    prepopulated_fields = {"slug": ["term"]}
    readonly_fields = ["rendered_preview", "updated_at"]
    actions = TranslationAdminMixin.translation_actions
    fieldsets = [
        (
            _("Term"),
            {
                "description": _(
                    "Lessons link the first use of each published term to its short "
                    "definition, as soon as the term is published: no lesson needs saving."
                ),
                "fields": ["term", "slug", "also_matches", "short_definition", "body"],
            },
        ),
        SAVED,
        PUBLISHING,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "short_definition":
            field.widget = admin.widgets.AdminTextareaWidget(attrs={"rows": 3, "maxlength": 300})
        return field


class PageKindFilter(admin.SimpleListFilter):
    title = _("page")
    parameter_name = "page"

    def lookups(self, request, model_admin):
        return [
            ("lesson", _("Lessons")),
            ("faq", _("FAQs")),
            ("site_page", _("Site pages")),
            ("gone", _("Deleted pages")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "lesson":
                return queryset.filter(article__isnull=False)
            case "faq":
                return queryset.filter(faq__isnull=False)
            case "site_page":
                return queryset.filter(site_page__isnull=False)
            case "gone":
                return queryset.filter(
                    article__isnull=True, faq__isnull=True, site_page__isnull=True
                )
        return queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The queue: new feedback first; editors mark it in progress, then close it."""

    list_display = [
        "created_at",
        "page_link",
        "helpful_answer",
        "kind",
        "message_start",
        "status",
        "wants_reply",
        "closed_by",
        "closed_at",
    ]
    list_display_links = ["created_at"]
    list_filter = [
        "status",
        "kind",
        "helpful",
        PageKindFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        ("faq", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article__module", "faq", "site_page", "closed_by", "user"]
    search_fields = ["page_title", "message", "note"]
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "close"]
    fields = [
        "page_link",
        "created_at",
        "helpful_answer",
        "kind",
        "message",
        "reply_to",
        "status",
        "note",
        "closed_by",
        "closed_at",
    ]
    readonly_fields = [
        "page_link",
        "created_at",
        "helpful_answer",
        "kind",
        "message",
        "reply_to",
        "closed_by",
        "closed_at",
    ]

    def has_add_permission(self, request):
        return False  # feedback comes from readers only

    @admin.display(description=_("page"), ordering="page_title")
    def page_link(self, obj):
        page = obj.page
        if page is None:
            return format_html("{} <em>({})</em>", obj.page_title, _("deleted"))
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), obj.page_title)

    @admin.display(description=_("helpful"), ordering="helpful")
    def helpful_answer(self, obj):
        return {True: _("Yes"), False: _("No")}.get(obj.helpful, "—")

    @admin.display(description=_("message"))
    def message_start(self, obj):
        return obj.message if len(obj.message) <= 80 else f"{obj.message[:79]}…"

    @admin.display(description=_("wants a reply"), boolean=True)
    def wants_reply(self, obj):
        return obj.user_id is not None

    @admin.display(description=_("reply to"))
    def reply_to(self, obj):
        # Shown only because the reader ticked "You may contact me".
        if obj.user is None:
            return _("The reader did not ask for a reply.")
        return obj.user.email or obj.user.get_username()

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            # The status moves through the service, which records who closed it and when.
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            services.feedback_set_status(
                items=Feedback.objects.filter(pk=obj.pk), status=new_status, by=request.user
            )
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)

    def _move(self, request, queryset, status, done_message):
        count = services.feedback_set_status(items=queryset, status=status, by=request.user)
        self.message_user(request, done_message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Mark in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._move(
            request,
            queryset,
            FeedbackStatus.IN_PROGRESS,
            lambda n: ngettext(
                "%(count)d message marked in progress.", "%(count)d messages marked in progress.", n
            ),
        )

    @admin.action(description=_("Close"), permissions=["change"])
    def close(self, request, queryset):
        self._move(
            request,
            queryset,
            FeedbackStatus.CLOSED,
            lambda n: ngettext("%(count)d message closed.", "%(count)d messages closed.", n),
        )
