"""Limits on wrong passwords (django-axes and core.login_limits), on the site and admin logins.

The account is locked only from the address that guessed (the pair); the address only after
many failures; guesses spread over many addresses slow the account down instead of locking it.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"
LOCKOUT_TEXT = "Too many tries. Please wait 15 minutes, or reset your password."


def _try(client, username, password, url=LOGIN, address="127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(client):
    make_user(username="ana", password=PASSWORD)
    for _ in range(4):
        assert _try(client, "ana", "wrong").status_code == 200
    fifth = _try(client, "ana", "wrong")

    sixth = _try(client, "ana", PASSWORD)

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert LOCKOUT_TEXT in sixth.text
    assert 'href="/accounts/password_reset/"' in sixth.text
    assert sixth["Retry-After"] == "900"
    assert not _logged_in(client)


def test_a_strangers_wrong_passwords_from_another_address_do_not_stop_the_owner(client):
    user = make_user(username="ana", password=PASSWORD)
    for _ in range(4):
        _try(client, "ana", "wrong", address="198.51.100.1")
    assert _try(client, "ana", "wrong", address="198.51.100.1").status_code == 429

    response = _try(client, "ana", PASSWORD, address="203.0.113.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_stranger_stays_locked_after_the_owner_logs_in_elsewhere(client):
    make_user(username="ana", password=PASSWORD)
    for _ in range(5):
        _try(client, "ana", "wrong", address="198.51.100.1")
    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302
    client.post("/accounts/logout/")

    assert _try(client, "ana", PASSWORD, address="198.51.100.1").status_code == 429


def test_an_address_spraying_wrong_passwords_over_many_accounts_is_locked(client):
    make_user(username="bea", password=PASSWORD)
    for n in range(99):
        assert _try(client, f"guess{n}", "wrong", address="198.51.100.7").status_code == 200
    assert _try(client, "guess99", "wrong", address="198.51.100.7").status_code == 429

    locked = _try(client, "bea", PASSWORD, address="198.51.100.7")
    elsewhere = _try(client, "bea", PASSWORD, address="203.0.113.9")

    assert locked.status_code == 429
    assert LOCKOUT_TEXT in locked.text
    assert elsewhere.status_code == 302


def test_logging_in_to_an_own_account_does_not_wipe_the_address_count(client):
    make_user(username="sprayer", password=PASSWORD)
    for n in range(99):
        _try(client, f"guess{n}", "wrong", address="198.51.100.7")
    assert _try(client, "sprayer", PASSWORD, address="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")

    assert _try(client, "guess99", "wrong", address="198.51.100.7").status_code == 429


def test_a_room_of_twenty_each_mistyping_twice_on_one_address_is_not_locked(client):
    # A support group on the clinic's Wi-Fi: 20 people each mistype their password twice.
    for n in range(20):
        make_user(username=f"member{n}", password=PASSWORD)
        for _ in range(2):
            assert _try(client, f"member{n}", "wrong", address="198.51.100.7").status_code == 200
    make_user(username="bea", password=PASSWORD)

    assert _try(client, "bea", PASSWORD, address="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")
    for n in range(20):
        assert _try(client, f"member{n}", PASSWORD, address="198.51.100.7").status_code == 302
        client.post("/accounts/logout/")


def test_one_guessers_five_tries_at_one_account_lock_only_that_account_on_a_shared_address(
    client,
):
    make_user(username="ana", password=PASSWORD)
    make_user(username="bea", password=PASSWORD)
    for n in range(10):
        _try(client, f"someone{n}", "wrong", address="198.51.100.7")
    for _ in range(4):
        assert _try(client, "ana", "wrong", address="198.51.100.7").status_code == 200

    assert _try(client, "ana", "wrong", address="198.51.100.7").status_code == 429
    # Ana at home, and the rest of the room, go on.
    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302
    client.post("/accounts/logout/")
    assert _try(client, "bea", PASSWORD, address="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")
    # Neither login lifted the guesser's lock on ana from the shared address.
    assert _try(client, "ana", PASSWORD, address="198.51.100.7").status_code == 429


def test_after_the_cool_off_the_right_password_works(client):
    user = make_user(username="ana", password=PASSWORD)
    for _ in range(5):
        _try(client, "ana", "wrong")
    assert _try(client, "ana", PASSWORD).status_code == 429

    # 16 minutes pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    response = _try(client, "ana", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_tries_during_the_pause_do_not_make_it_longer(client):
    make_user(username="ana", password=PASSWORD)
    for _ in range(5):
        _try(client, "ana", "wrong")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))
    assert _try(client, "ana", "wrong").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=6))

    assert _try(client, "ana", PASSWORD).status_code == 302


def test_a_right_password_clears_earlier_wrong_ones(client):
    make_user(username="ana", password=PASSWORD)
    for _ in range(4):
        _try(client, "ana", "wrong")
    assert _try(client, "ana", PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        _try(client, "ana", "wrong")

    assert _try(client, "ana", PASSWORD).status_code == 302


def test_the_admin_login_locks_out_too(client):
    make_user(username="editor", password=PASSWORD, is_staff=True)
    for _ in range(5):
        _try(client, "editor", "wrong", url=ADMIN_LOGIN)

    response = _try(client, "editor", PASSWORD, url=f"{ADMIN_LOGIN}?next=/admin/")

    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.text
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_on_the_site_count_for_the_admin_login(client):
    make_user(username="editor", password=PASSWORD, is_staff=True)
    for _ in range(5):
        _try(client, "editor", "wrong")

    assert _try(client, "editor", PASSWORD, url=ADMIN_LOGIN).status_code == 429


def test_test_client_login_and_force_login_still_work(client):
    user = make_user(username="ana", password=PASSWORD)

    assert client.login(username="ana", password=PASSWORD)
    client.logout()
    client.force_login(user)

    assert client.get("/accounts/me/").status_code == 200
