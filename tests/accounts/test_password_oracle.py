"""Forms that ask for the current password count wrong ones like failed logins.

Without this, anyone holding a session (a borrowed phone, an unlocked laptop) could guess the
password on the delete or password change form as often as they liked.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from tests.factories import make_user

pytestmark = pytest.mark.django_db

DELETE = "/accounts/me/delete/"
CHANGE = "/accounts/password_change/"
ADMIN_CHANGE = "/admin/password_change/"
LOGIN = "/accounts/login/"
PASSWORD = "a-long-test-password"
NEW_PASSWORD = "fresh-orchard-window-7"
HERE = "198.51.100.7"
LOCKOUT_TEXT = "Too many tries. Please wait 15 minutes, or reset your password."


def _delete(client, password, address=HERE):
    return client.post(DELETE, {"password": password}, REMOTE_ADDR=address)


def _change(client, old_password, url=CHANGE, address=HERE):
    data = {"old_password": old_password, "new_password1": NEW_PASSWORD}
    data["new_password2"] = NEW_PASSWORD
    return client.post(url, data, REMOTE_ADDR=address)


@pytest.fixture
def ana(client):
    user = make_user(username="ana", password=PASSWORD)
    client.force_login(user)
    return user


def test_the_delete_form_refuses_after_five_wrong_passwords_without_checking_the_right_one(
    client, ana
):
    for _ in range(4):
        assert "That is not your password." in _delete(client, "wrong").text
    fifth = _delete(client, "wrong")

    sixth = _delete(client, PASSWORD)

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert LOCKOUT_TEXT in sixth.text
    assert sixth["Retry-After"] == "900"
    assert get_user_model().objects.filter(pk=ana.pk).exists()


def test_the_password_change_form_refuses_after_five_wrong_old_passwords(client, ana):
    for _ in range(4):
        assert _change(client, "wrong").status_code == 200
    assert _change(client, "wrong").status_code == 429

    response = _change(client, PASSWORD)

    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.text
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_the_admins_password_change_form_counts_wrong_passwords_too(client):
    editor = make_user(username="editor", password=PASSWORD, is_staff=True)
    client.force_login(editor)
    assert client.get(ADMIN_CHANGE).status_code == 200
    for _ in range(4):
        assert _change(client, "wrong", url=ADMIN_CHANGE).status_code == 200
    assert _change(client, "wrong", url=ADMIN_CHANGE).status_code == 429

    response = _change(client, PASSWORD, url=ADMIN_CHANGE)

    assert response.status_code == 429
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_wrong_passwords_on_the_forms_count_for_the_login(client, ana):
    for _ in range(3):
        _delete(client, "wrong")
    for _ in range(2):
        _change(client, "wrong")
    client.logout()

    response = client.post(LOGIN, {"username": "ana", "password": PASSWORD}, REMOTE_ADDR=HERE)

    assert response.status_code == 429


def test_wrong_passwords_on_the_login_lock_the_forms(client, ana):
    other = client.__class__()
    for _ in range(5):
        other.post(LOGIN, {"username": "ana", "password": "wrong"}, REMOTE_ADDR=HERE)

    response = _delete(client, PASSWORD)

    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.text
    assert get_user_model().objects.filter(pk=ana.pk).exists()


def test_the_forms_are_locked_only_for_the_address_that_guessed(client, ana):
    for _ in range(5):
        _delete(client, "wrong", address="203.0.113.9")
    assert _delete(client, PASSWORD, address="203.0.113.9").status_code == 429

    response = _change(client, PASSWORD)

    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)


def test_a_right_password_on_a_form_clears_the_earlier_wrong_ones(client, ana):
    for _ in range(4):
        _delete(client, "wrong")
    assert _change(client, PASSWORD).status_code == 302

    for _ in range(4):
        assert _change(client, "wrong").status_code == 200
    assert _change(client, "wrong").status_code == 429


def test_the_recorded_failure_keeps_no_password(client, ana):
    _change(client, "wrong-old-secret")

    attempt = AccessAttempt.objects.get(username="ana")

    assert "wrong-old-secret" not in attempt.post_data
    assert NEW_PASSWORD not in attempt.post_data
