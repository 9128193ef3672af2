"""Users and profiles in the admin.

Users: Django's own user admin, with forms that refuse a username that looks the same as
someone else's (accounts/usernames.py), as signup does.

Profiles: read-only, and for superusers only.

Editors are staff but must not manage people, so the profile is not put inline on the User
admin, and the permission methods below ignore model permissions an editor might be given.
Superusers may look (to answer "why do I get double time?"); only the learner changes it,
on their own /accounts/me/ page.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model

from accounts.forms import AdminUserAddForm, AdminUserChangeForm
from accounts.models import Profile

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserAddForm


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "extra_time", "language"]
    list_filter = ["extra_time"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "extra_time", "display", "time_zone", "language"]

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
