"""API tokens end with the password they were made under, and with the account.

Each path that changes a password (the change form, a reset, the admin, set_password() in
code) and deactivation must stop a token at once; the new-token form asks for the password.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.api_tokens import api_token_authenticate, api_token_create
from accounts.models import ApiToken
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "old-test-password"
NEW_PASSWORD = "fresh-orchard-window-7"
NEW_URL = reverse("accounts:api-token-new")
MODULES = "/api/v1/modules/"


def _works(client, raw):
    return client.get(MODULES, headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def _user_with_token():
    user = make_user(password=PASSWORD)
    _token, raw = api_token_create(user=user, name="script")
    return user, raw


def test_the_password_change_form_ends_the_accounts_tokens(client):
    user, raw = _user_with_token()
    other_user, other_raw = _user_with_token()
    assert _works(client, raw)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    client.logout()
    refused = client.get(MODULES, headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"
    assert not ApiToken.objects.filter(user=user).exists()
    assert _works(client, other_raw)  # someone else's token is untouched


def test_a_password_reset_ends_the_accounts_tokens(client):
    user, raw = _user_with_token()
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    link = client.get(f"/accounts/reset/{uidb64}/{default_token_generator.make_token(user)}/")
    assert link.status_code == 302  # to the set-password form, the token now in the session

    response = client.post(
        link["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert not _works(client, raw)
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_password_set_in_the_admin_ends_the_accounts_tokens(client):
    user, raw = _user_with_token()
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert not _works(client, raw)


def test_set_password_and_save_ends_the_tokens_at_once():
    user, raw = _user_with_token()
    user.set_password(NEW_PASSWORD)
    user.save()

    assert api_token_authenticate(raw) is None
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_password_changed_without_save_still_stops_the_token():
    # A bulk update sends no signal: the fingerprint check refuses the token anyway.
    user, raw = _user_with_token()
    user.set_password(NEW_PASSWORD)
    get_user_model().objects.filter(pk=user.pk).update(password=user.password)

    assert api_token_authenticate(raw) is None


def test_saving_a_user_without_a_new_password_keeps_the_tokens(client):
    user, raw = _user_with_token()
    user.first_name = "Ana"
    user.save()
    client.force_login(user)  # saves last_login only

    assert _works(client, raw)


def test_deactivating_the_account_deletes_its_tokens(client):
    user, raw = _user_with_token()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    user.is_active = False
    user.save()

    assert not ApiToken.objects.filter(user=user).exists()
    assert not _works(client, raw)


# --- the new-token form asks for the password --------------------------------------------------


def _form(password):
    return {"name": "app", "scope": "read", "lifetime": "90", "password": password}


def test_making_a_token_needs_the_right_password(client):
    user = make_user(password=PASSWORD)
    client.force_login(user)

    wrong = client.post(NEW_URL, _form("not-my-password"))
    missing = client.post(NEW_URL, _form(""))
    right = client.post(NEW_URL, _form(PASSWORD))

    assert wrong.status_code == 400
    assert "That is not your password." in wrong.text
    assert missing.status_code == 400
    assert right.status_code == 200
    assert ApiToken.objects.filter(user=user).count() == 1
    assert PASSWORD not in right.text


def test_wrong_passwords_on_the_token_form_count_toward_the_login_lockout(client):
    user = make_user(username="ana", password=PASSWORD)
    client.force_login(user)
    for _ in range(4):
        assert client.post(NEW_URL, _form("wrong")).status_code == 400
    fifth = client.post(NEW_URL, _form("wrong"))
    then_right = client.post(NEW_URL, _form(PASSWORD))
    client.logout()
    login = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})

    assert AccessAttempt.objects.filter(username="ana").exists()
    assert fifth.status_code == 429
    assert then_right.status_code == 429
    assert login.status_code == 429
    assert not ApiToken.objects.filter(user=user).exists()
