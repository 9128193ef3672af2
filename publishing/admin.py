"""The workflow log in the admin: read-only, written by `publishing.workflow.item_move`."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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

    @admin.display(description=_("item"))
    def item_link(self, obj):
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[obj.object_id],
        )
        return format_html('<a href="{}">#{}</a>', url, obj.object_id)
