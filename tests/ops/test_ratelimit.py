"""Rate limits on signup and password reset, and the reusable decorator behind them."""

import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse

from core.ratelimit import hit, parse_rate, ratelimit
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
RESET = "/accounts/password_reset/"


def _signup_data(username):
    return {
        "username": username,
        "email": "",
        "password1": "river-lamp-cactus-93",
        "password2": "river-lamp-cactus-93",
    }


def test_signup_is_refused_after_twenty_tries_an_hour_from_one_address(client):
    for n in range(20):
        # Mismatched passwords: refused by the form, but every try counts.
        response = client.post(SIGNUP, _signup_data(f"try{n}") | {"password2": "other"})
        assert response.status_code == 400

    refused = client.post(SIGNUP, _signup_data("newbie"))

    assert refused.status_code == 429
    assert "Too many tries for now. Please wait" in refused.text
    assert "Nothing was saved this time." in refused.text
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert not get_user_model().objects.filter(username="newbie").exists()
    assert "_auth_user_id" not in client.session


def test_signup_from_another_address_is_still_accepted(client, settings):
    settings.RATELIMITS = {"signup": "1/h"}
    client.post(SIGNUP, _signup_data("first"), REMOTE_ADDR="198.51.100.1")
    client.logout()

    refused = client.post(SIGNUP, _signup_data("second"), REMOTE_ADDR="198.51.100.1")
    other = client.post(SIGNUP, _signup_data("third"), REMOTE_ADDR="198.51.100.2")

    assert refused.status_code == 429
    assert other.status_code == 302
    assert set(get_user_model().objects.values_list("username", flat=True)) == {"first", "third"}


def test_looking_at_the_signup_form_uses_up_no_tries(client, settings):
    settings.RATELIMITS = {"signup": "2/h"}
    for _ in range(5):
        assert client.get(SIGNUP).status_code == 200

    assert client.post(SIGNUP, _signup_data("newbie")).status_code == 302


def test_password_reset_sends_at_most_three_emails_an_hour_to_one_address(client, mailoutbox):
    make_user(username="ana")  # ana@example.org
    for _ in range(3):
        assert client.post(RESET, {"email": "ana@example.org"}).status_code == 302

    refused = client.post(RESET, {"email": " ANA@example.org "})

    assert refused.status_code == 429
    assert "Too many tries for now" in refused.text
    assert len(mailoutbox) == 3


def test_password_reset_is_refused_after_ten_tries_from_one_address(client, mailoutbox):
    make_user(username="ana")  # ana@example.org
    for n in range(10):
        client.post(RESET, {"email": f"nobody{n}@example.org"})

    refused = client.post(RESET, {"email": "ana@example.org"})

    assert refused.status_code == 429
    assert mailoutbox == []


def test_behind_a_proxy_the_forwarded_client_address_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMITS = {"signup": "1/h"}
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    client.post(SIGNUP, _signup_data("first"), HTTP_X_FORWARDED_FOR="198.51.100.1", **balancer)
    client.logout()

    # A forged entry on the left changes nothing: the balancer's entry is the last one.
    forged = client.post(
        SIGNUP,
        _signup_data("second"),
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1",
        **balancer,
    )
    other = client.post(
        SIGNUP, _signup_data("third"), HTTP_X_FORWARDED_FOR="198.51.100.2", **balancer
    )

    assert forged.status_code == 429
    assert other.status_code == 302


@ratelimit(scope="test-api", key="user", rate="2/10m")
def _api_view(request):
    return HttpResponse("ok")


def test_api_paths_get_json_and_logged_in_users_are_counted_by_account(rf):
    ana, bea = make_user(), make_user()

    def post(user, address):
        request = rf.post("/api/v1/things/", REMOTE_ADDR=address)
        request.user = user
        return _api_view(request)

    assert post(ana, "198.51.100.1").status_code == 200
    assert post(ana, "198.51.100.2").status_code == 200
    refused = post(ana, "198.51.100.3")

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert json.loads(refused.content)["detail"].startswith("Too many tries for now.")
    assert post(bea, "198.51.100.1").status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("10/10m", (10, 600)), ("5/h", (5, 3600)), ("3/30s", (3, 30)), ("100/d", (100, 86400))],
)
def test_rates_are_read_as_count_per_window(rate, expected):
    assert parse_rate(rate) == expected


def test_a_mistyped_rate_is_refused_when_the_view_is_decorated():
    with pytest.raises(ValueError, match="not like"):
        ratelimit(scope="x", rate="10 per minute")


def test_reset_emails_stay_out_of_the_cache_keys(client):
    client.post(RESET, {"email": "someone@example.org"})

    keys = list(cache._cache.keys())  # local-memory cache in tests
    assert keys
    assert not any("someone" in key or "127.0.0.1" in key for key in keys)


def test_a_window_starts_at_the_first_request_so_a_burst_cannot_straddle_two():
    cache.clear()
    now = time.time()
    start = now - now % 600 - 0.5  # half a second before a multiple of 600 s

    counts = [hit("form", "ip:203.0.113.9", 600, now=start) for _ in range(5)]
    after_the_clock_boundary = hit("form", "ip:203.0.113.9", 600, now=start + 1)
    near_the_end = hit("form", "ip:203.0.113.9", 600, now=start + 599.5)

    assert [count for count, _wait in counts] == [1, 2, 3, 4, 5]
    # Past a multiple of 600 s, but still inside the window that began half a second earlier.
    assert after_the_clock_boundary == (6, 599)
    assert near_the_end == (7, 1)


def test_the_cache_never_holds_the_address_itself():
    cache.clear()
    hit("form", "ip:203.0.113.9", 600)

    assert not [key for key in cache._cache if "203.0.113.9" in key]
