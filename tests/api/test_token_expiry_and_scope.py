"""A token's expiry, its scope (read, or read and write) and where it was last used."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.api_tokens import MAX_LIFETIME, TokenExpired, api_token_authenticate, api_token_create
from accounts.models import ApiToken, TokenScope
from tests.accounts.helpers import make_group
from tests.api.conftest import bearer
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db

NEW_URL = reverse("accounts:api-token-new")
ME = reverse("accounts:settings")
EXPIRED_MESSAGE = "This token has expired. Make a new one on your account page."


def _headers(raw):
    return {"Authorization": f"Bearer {raw}"}


def _expire(token):
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )


# --- expiry ----------------------------------------------------------------------------------


def test_an_expired_token_is_401_token_expired_in_the_error_format(client):
    token, raw = api_token_create(user=make_user(), name="old script")
    _expire(token)

    response = client.get("/api/v1/modules/", headers=_headers(raw))

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "token_expired", "message": EXPIRED_MESSAGE}}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    with pytest.raises(TokenExpired):
        api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None


def test_a_wrong_secret_for_an_expired_token_is_only_invalid(client):
    token, raw = api_token_create(user=make_user(), name="old script")
    _expire(token)
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")

    response = client.get("/api/v1/modules/", headers=_headers(forged))

    assert response.json()["error"]["code"] == "invalid_token"


def test_the_chosen_lifetime_sets_the_expiry(client):
    user = make_user()
    client.force_login(user)
    form = {"name": "a", "scope": "read", "lifetime": "30", "password": "pw-for-tests-only"}

    response = client.post(NEW_URL, form)

    token = ApiToken.objects.get(user=user)
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)
    assert token.expires_at.strftime("%-d %b %Y") in response.text


def test_the_form_offers_lifetimes_up_to_a_year_with_90_days_first_choice(client):
    client.force_login(make_user())

    page = client.get(NEW_URL).text
    refused = client.post(
        NEW_URL, {"name": "a", "scope": "read", "lifetime": "400", "password": "pw-for-tests-only"}
    )

    for days in ("30", "90", "180", "365"):
        assert f'<option value="{days}"' in page
    assert '<option value="90" selected>' in page
    assert refused.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_service_refuses_a_lifetime_over_a_year():
    user = make_user()

    with pytest.raises(ValidationError):
        api_token_create(user=user, name="x", lifetime=MAX_LIFETIME + datetime.timedelta(days=1))
    assert not ApiToken.objects.exists()


def test_the_list_shows_each_tokens_expiry_and_marks_expired_ones(client):
    user = make_user()
    live, _raw = api_token_create(user=user, name="live one")
    old, _raw = api_token_create(user=user, name="old one")
    _expire(old)
    client.force_login(user)

    page = client.get(ME).text

    assert live.expires_at.strftime("%-d %b %Y") in page
    assert page.count("expired: it no longer works") == 1


# --- scope -----------------------------------------------------------------------------------


def test_a_read_token_reads_but_every_write_is_403_token_read_only(client):
    learner = make_user()
    quiz = make_quiz(slug="gut", questions=1)
    read = bearer(learner, scope=TokenScope.READ)

    listing = client.get("/api/v1/me/attempts/", headers=read)
    start = client.post(
        f"/api/v1/quizzes/{quiz.slug}/attempts/", {}, content_type="application/json", headers=read
    )
    put = client.put("/api/v1/me/attempts/", {}, content_type="application/json", headers=read)
    delete = client.delete("/api/v1/modules/", headers=read)

    assert listing.status_code == 200
    for response in (start, put, delete):
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "token_read_only"
        assert "can only read" in error["message"]
    assert not quiz.attempts.exists()


def test_a_read_and_write_token_and_a_session_can_write(client):
    learner = make_user()
    quiz = make_quiz(slug="gut", questions=1)
    url = f"/api/v1/quizzes/{quiz.slug}/attempts/"

    with_token = client.post(
        url, {}, content_type="application/json", headers=bearer(learner, scope=TokenScope.WRITE)
    )
    client.force_login(make_user())
    with_session = client.post(url, {}, content_type="application/json")

    assert with_token.status_code == 201
    assert with_session.status_code == 201


def test_a_read_token_cannot_create_an_assignment(client):
    educator = make_user(groups=["Educators"])
    group = make_group(educator=educator)
    quiz = make_quiz(slug="gut", questions=1)

    response = client.post(
        f"/api/v1/groups/{group.pk}/assignments/",
        {"quiz": quiz.slug},
        content_type="application/json",
        headers=bearer(educator, scope=TokenScope.READ),
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_read_only"
    assert not group.assignments.exists()


def test_the_form_makes_a_read_token_unless_asked_and_the_list_shows_the_scope(client):
    user = make_user()
    client.force_login(user)
    page = client.get(NEW_URL).text
    client.post(
        NEW_URL,
        {"name": "writer", "scope": "write", "lifetime": "90", "password": "pw-for-tests-only"},
    )

    assert 'value="read" required id="id_api_token_scope_0" checked' in page
    assert ApiToken.objects.get(user=user).scope == TokenScope.WRITE
    assert "Read and write" in client.get(ME).text


def test_the_schema_documents_both_token_errors():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    start = schema["paths"]["/api/v1/quizzes/{slug}/attempts/"]["post"]
    results = schema["paths"]["/api/v1/assignments/{id}/results/"]["get"]

    def codes(operation, status):
        examples = operation["responses"][status]["content"]["application/json"]["examples"]
        return {example["value"]["error"]["code"] for example in examples.values()}

    assert "token_read_only" in codes(start, "403")
    assert "403" not in results["responses"] or "token_read_only" not in codes(results, "403")
    assert "token_expired" in codes(results, "401")
    assert "invalid_token" in codes(results, "401")


# --- last use --------------------------------------------------------------------------------


def test_the_last_use_records_the_address_and_the_list_shows_it(client):
    user = make_user()
    token, raw = api_token_create(user=user, name="script")

    client.get("/api/v1/modules/", headers=_headers(raw), REMOTE_ADDR="203.0.113.7")
    client.force_login(user)

    token.refresh_from_db()
    assert token.last_used_ip == "203.0.113.7"
    assert "from 203.0.113.7" in client.get(ME).text
