import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Profile
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_superuser_can_look_at_profiles_but_not_add_or_change_them(admin_client):
    profile = Profile.objects.create(user=make_user(username="ana"), extra_time="x2")

    assert admin_client.get(reverse("admin:accounts_profile_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_profile_add")).status_code == 403
    change_url = reverse("admin:accounts_profile_change", args=[profile.pk])
    admin_client.post(change_url, {"extra_time": ""})
    profile.refresh_from_db()
    assert profile.extra_time == "x2"


def test_staff_with_profile_permissions_still_cannot_see_profiles(client):
    editor = make_user(is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client.force_login(editor)

    assert client.get(reverse("admin:accounts_profile_changelist")).status_code == 403
    assert reverse("admin:accounts_profile_changelist") not in client.get("/admin/").text


def test_a_superuser_can_still_delete_a_user_who_has_a_profile(admin_client):
    user = make_user()
    Profile.objects.create(user=user)

    response = admin_client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Profile.objects.exists()
