import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.api_tokens import (
    MAX_TOKENS_PER_USER,
    TokenLimitReached,
    api_token_authenticate,
    api_token_create,
)
from accounts.models import ApiToken, TokenScope
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'value="(msp_[0-9a-f]{12}_[A-Za-z0-9_-]{43})"')
NEW_URL = reverse("accounts:api-token-new")


PASSWORD = "pw-for-tests-only"  # make_user's


def _form(**fields):
    """The new-token form as a person fills it in; `fields` change some of the answers."""
    return {"name": "my app", "scope": "read", "lifetime": "90", "password": PASSWORD} | fields


def _create_on_the_site(client, name="my app", **fields):
    response = client.post(NEW_URL, _form(name=name, **fields))
    assert response.status_code == 200
    match = TOKEN_RE.search(response.content.decode())
    assert match, "the new token is shown on the page"
    return response, match[1]


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_me_page_shows_the_token_section_with_a_create_form(client):
    client.force_login(make_user())

    response = client.get(reverse("accounts:settings"))

    page = response.content.decode()
    assert 'id="api-tokens-heading"' in page
    assert "You have no API tokens." in page
    assert f'action="{NEW_URL}"' in page


def test_creating_a_token_shows_it_once_and_stores_only_a_hash(client):
    user = make_user()
    client.force_login(user)

    response, raw = _create_on_the_site(client, name="reading app")

    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    assert token.name == "reading app"
    secret = raw.split("_", 2)[2]
    # Neither the token nor its secret is anywhere in the row.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    assert raw not in stored
    assert token.prefix in raw
    # The me page lists it, without its value.
    me = client.get(reverse("accounts:settings")).content.decode()
    assert "reading app" in me
    assert secret not in me
    assert "Never" in me


def test_a_token_authenticates_api_requests_and_records_when_it_was_used(client):
    user = make_user()
    _token, raw = api_token_create(user=user, name="script")
    make_article(slug="a")

    response = client.get("/api/v1/articles/", headers=_bearer(raw))

    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None
    assert api_token_authenticate(raw).user == user


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    user = make_user()
    token, raw = api_token_create(user=user, name="script")
    recent = timezone.now() - datetime.timedelta(seconds=10)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

    with django_assert_num_queries(1):  # the lookup only: no UPDATE
        assert api_token_authenticate(raw) is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer msp_000000000000_" + "A" * 43,  # well-formed, unknown
        "Bearer not-a-token",
        "Bearer",
        "Bearer two tokens",
    ],
)
def test_unknown_or_malformed_tokens_are_401_in_the_error_format(client, header):
    response = client.get("/api/v1/modules/", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_with_the_right_prefix_but_a_wrong_secret_is_401(client):
    _token, raw = api_token_create(user=make_user(), name="script")
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")

    response = client.get("/api/v1/modules/", headers=_bearer(forged))

    assert response.status_code == 401


def test_a_token_of_a_deactivated_account_is_401(client):
    user = make_user()
    _token, raw = api_token_create(user=user, name="script")
    user.is_active = False
    user.save()

    assert client.get("/api/v1/modules/", headers=_bearer(raw)).status_code == 401


def test_revoking_a_token_stops_it_working_at_once(client):
    user = make_user()
    token, raw = api_token_create(user=user, name="script")
    client.force_login(user)

    response = client.post(reverse("accounts:api-token-revoke", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"].endswith("#api-tokens-heading")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    client.logout()
    revoked = client.get("/api/v1/modules/", headers=_bearer(raw))
    assert revoked.status_code == 401
    assert revoked.json()["error"]["code"] == "invalid_token"


def test_another_users_token_cannot_be_revoked(client):
    owner = make_user()
    token, raw = api_token_create(user=owner, name="theirs")
    client.force_login(make_user())

    response = client.post(reverse("accounts:api-token-revoke", args=[token.pk]))

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert api_token_authenticate(raw) is not None


def test_revoke_needs_post_and_a_login(client):
    token, _raw = api_token_create(user=make_user(), name="x")
    url = reverse("accounts:api-token-revoke", args=[token.pk])

    assert client.post(url).status_code == 302  # to the login page
    client.force_login(token.user)
    assert client.get(url).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_user_may_have_at_most_five_tokens(client):
    user = make_user()
    for n in range(MAX_TOKENS_PER_USER):
        api_token_create(user=user, name=f"t{n}")
    client.force_login(user)

    response = client.post(NEW_URL, _form(name="one too many"))

    assert response.status_code == 400
    assert "Revoke one" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == MAX_TOKENS_PER_USER
    with pytest.raises(TokenLimitReached):
        api_token_create(user=user, name="again")
    me = client.get(reverse("accounts:settings")).content.decode()
    assert f'action="{NEW_URL}"' not in me


def test_a_token_needs_a_name(client):
    user = make_user()
    client.force_login(user)

    response = client.post(NEW_URL, _form(name="  "))

    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_new_token_page_needs_a_login(client):
    response = client.post(NEW_URL, {"name": "x"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


@pytest.mark.urls("tests.api.urls")
def test_a_session_request_that_changes_data_needs_the_csrf_token():
    # Token requests need no CSRF token; session requests do (checked on the test echo view).
    user = make_user()
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    _token, raw = api_token_create(user=user, name="script", scope=TokenScope.WRITE)

    with_session = csrf_client.post(
        "/api/v1/_test/echo/", {"text": "hi"}, content_type="application/json"
    )
    with_token = Client(enforce_csrf_checks=True).post(
        "/api/v1/_test/echo/", {"text": "hi"}, content_type="application/json", headers=_bearer(raw)
    )

    assert with_session.status_code == 403
    assert with_session.json()["error"]["code"] == "csrf_failed"
    assert with_token.status_code == 201
