"""Guesses at one account spread over many addresses slow it down; they never lock it."""

import pytest
from axes.models import AccessAttempt

from core import login_limits
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "a-long-test-password"


class Clock:
    """A clock the slowdown reads (core.login_limits._now) that tests move forward."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(login_limits, "_now", fake)
    return fake


def _try(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _guess_from_many_addresses(client, username, count, first=1):
    for n in range(first, first + count):
        response = _try(client, username, "wrong", address=f"198.51.100.{n}")
        assert response.status_code == 200, n


def test_ten_guesses_from_ten_addresses_make_the_next_try_wait_half_a_minute(client, clock):
    make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 10)

    response = _try(client, "ana", PASSWORD, address="203.0.113.9")

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Too many tries. Please wait 1 minute, or reset your password." in response.text
    assert "_auth_user_id" not in client.session


def test_nine_guesses_from_many_addresses_do_not_slow_the_owner(client, clock):
    make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 9)

    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302


def test_the_wait_ends_by_itself_and_the_right_password_then_works(client, clock):
    user = make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 10)
    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 429

    clock.advance(31)
    response = _try(client, "ana", PASSWORD, address="203.0.113.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_each_further_wrong_password_doubles_the_wait_up_to_fifteen_minutes(client, clock):
    make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 10)
    waits = []
    for n in range(8):
        refused = _try(client, "ana", "wrong", address="203.0.113.9")
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert _try(client, "ana", "wrong", address=f"192.0.2.{n + 1}").status_code == 200

    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]


def test_tries_refused_during_the_wait_do_not_make_it_longer(client, clock):
    make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 10)
    for n in range(5):
        assert _try(client, "ana", "wrong", address=f"192.0.2.{n + 1}").status_code == 429

    clock.advance(31)

    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302
    # Refused tries were never checked, so they were not recorded against those addresses.
    assert not AccessAttempt.objects.filter(ip_address__startswith="192.0.2.").exists()


def test_the_slowdown_is_for_that_account_only(client, clock):
    make_user(username="bea", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 10)

    assert _try(client, "bea", PASSWORD, address="203.0.113.9").status_code == 302


def test_a_right_password_ends_the_slowdown_count(client, clock):
    make_user(username="ana", password=PASSWORD)
    _guess_from_many_addresses(client, "ana", 9)
    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302
    client.post("/accounts/logout/")

    _guess_from_many_addresses(client, "ana", 9, first=20)

    assert _try(client, "ana", PASSWORD, address="203.0.113.9").status_code == 302
