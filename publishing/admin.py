"""The workflow log in the admin: read-only, written by `publishing.workflow.item_move`.

Its admin also carries the translation overview's address (`publishing/admin_translations.py`),
since the admin site has no place of its own for a page that spans models."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from publishing.admin_translations import translation_overview_view
from publishing.models import StatusChange


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """A log written by the workflow itself: editors read it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyLogAdmin):
    list_display = [
        "changed_at",
        "content_type",
        "item_link",
        "kind",
        "from_status",
        "to_status",
        "user",
    ]
    list_filter = ["kind", "to_status", "content_type"]
    list_select_related = ["content_type", "user"]
    date_hierarchy = "changed_at"

    def get_urls(self):
        overview = path(
            "translations/",
            self.admin_site.admin_view(require_GET(self.translation_overview)),
            name="publishing_translation_overview",
        )
        # Before the default patterns: their "<object_id>/" would swallow "translations/".
        return [overview, *super().get_urls()]

    def translation_overview(self, request):
        return translation_overview_view(request, self.admin_site)

    @admin.display(description=_("item"))
    def item_link(self, obj):
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[obj.object_id],
        )
        return format_html('<a href="{}">#{}</a>', url, obj.object_id)
