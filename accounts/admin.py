"""Profiles in the admin: read-only, and for superusers only.

Editors are staff but must not manage people, so the profile is not put inline on the User
admin, and the permission methods below ignore model permissions an editor might be given.
Superusers may look (to answer "why do I get double time?"); only the learner changes it,
on their own /accounts/me/ page.
"""

from django.contrib import admin

from accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "extra_time"]
    list_filter = ["extra_time"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "extra_time", "display"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Needed so that deleting a user in the admin can cascade to their profile.
        return request.user.is_active and request.user.is_superuser
