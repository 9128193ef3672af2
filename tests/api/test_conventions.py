"""The API's shared behaviour: error format, pagination, throttling, bodies, permissions."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from rest_framework import serializers

from core.api.pagination import MAX_PAGE_SIZE
from core.api.permissions import IsEducator, IsOwner, is_educator
from core.api.serializers import RejectUnknownFieldsMixin
from tests.factories import make_module, make_user

pytestmark = pytest.mark.django_db

ECHO = "/api/v1/_test/echo/"
with_test_views = pytest.mark.urls("tests.api.urls")


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            **rates,
        },
    }


# --- error format ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v2/", "/api/", "/api"])
def test_unknown_api_addresses_get_the_json_error_not_the_html_page(client, path):
    error = _error(client.get(path), 404, "not_found")

    assert "details" not in error


def test_unknown_addresses_outside_the_api_keep_the_html_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "We could not find that page" in response.content.decode()


@with_test_views
def test_an_unhandled_error_in_the_api_is_a_json_500():
    client = Client(raise_request_exception=False)

    error = _error(client.get("/api/v1/_test/crash/"), 500, "server_error")

    assert "boom" not in error["message"]


@with_test_views
def test_malformed_json_is_400_malformed_json(client):
    response = client.post(ECHO, '{"text": "hi",}', content_type="application/json")

    error = _error(response, 400, "malformed_json")
    assert error["message"] == "The request body is not valid JSON."
    assert "reason" in error["details"]


@with_test_views
def test_absurdly_nested_json_is_malformed_not_a_crash(client):
    body = "[" * 100_000 + "]" * 100_000

    _error(client.post(ECHO, body, content_type="application/json"), 400, "malformed_json")


@with_test_views
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_415(client, content_type):
    response = client.post(ECHO, "text=hi", content_type=content_type)

    _error(response, 415, "unsupported_media_type")


@with_test_views
def test_a_body_over_the_size_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "x" * 2000})

    _error(client.post(ECHO, body, content_type="application/json"), 413, "request_too_large")


@with_test_views
def test_field_errors_are_400_invalid_with_details_per_field(client):
    response = client.post(ECHO, {"stars": 9}, content_type="application/json")

    error = _error(response, 400, "invalid")
    assert set(error["details"]) == {"text", "stars"}
    assert all(isinstance(messages, list) for messages in error["details"].values())


@with_test_views
def test_a_json_body_that_is_not_an_object_is_400_invalid(client):
    response = client.post(ECHO, "[1, 2]", content_type="application/json")

    error = _error(response, 400, "invalid")
    assert "non_field_errors" in error["details"]


@with_test_views
def test_an_endpoint_that_needs_an_account_is_401_with_a_bearer_challenge(client):
    response = client.post("/api/v1/_test/submit/", {}, content_type="application/json")

    _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@with_test_views
def test_a_clash_with_the_current_state_is_409_conflict(client):
    client.force_login(make_user())

    response = client.post("/api/v1/_test/submit/", {}, content_type="application/json")

    error = _error(response, 409, "conflict")
    assert error["message"] == "This attempt is already submitted."


def test_asking_for_anything_but_json_is_406(client):
    response = client.get("/api/v1/modules/", headers={"Accept": "text/html"})

    _error(response, 406, "not_acceptable")


# --- unknown fields in write bodies ---------------------------------------------------------


class NoteIn(RejectUnknownFieldsMixin, serializers.Serializer):
    text = serializers.CharField()
    id = serializers.IntegerField(read_only=True)


def test_reject_unknown_fields_mixin_refuses_unknown_and_read_only_keys():
    serializer = NoteIn(data={"text": "hi", "colour": "red", "id": 4})

    assert not serializer.is_valid()
    assert serializer.errors == {
        "colour": ["This field is not accepted here."],
        "id": ["This field is read-only."],
    }


def test_reject_unknown_fields_mixin_accepts_a_clean_body():
    serializer = NoteIn(data={"text": "hi"})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"text": "hi"}


@with_test_views
def test_unknown_fields_in_a_write_body_are_400_invalid(client):
    response = client.post(ECHO, {"text": "hi", "txet": "oops"}, content_type="application/json")

    error = _error(response, 400, "invalid")
    assert error["details"] == {"txet": ["This field is not accepted here."]}


# --- pagination -----------------------------------------------------------------------------


def test_lists_give_20_a_page_with_count_and_links(client):
    for _ in range(23):
        make_module()

    first = client.get("/api/v1/modules/").json()
    second = client.get(first["next"]).json()

    assert first["count"] == 23
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/modules/?page=2")
    assert len(second["results"]) == 3
    assert second["next"] is None


def test_page_size_up_to_the_maximum_is_served(client):
    for _ in range(MAX_PAGE_SIZE + 5):
        make_module()

    body = client.get("/api/v1/modules/", {"page_size": MAX_PAGE_SIZE}).json()

    assert len(body["results"]) == MAX_PAGE_SIZE
    assert body["count"] == MAX_PAGE_SIZE + 5


@pytest.mark.parametrize("page_size", [str(MAX_PAGE_SIZE + 1), "1000", "0", "-3", "ten", ""])
def test_a_page_size_outside_1_to_the_maximum_is_a_400_as_the_schema_says(client, page_size):
    make_module()

    error = _error(client.get("/api/v1/modules/", {"page_size": page_size}), 400, "invalid")

    assert list(error["details"]) == ["page_size"]


@pytest.mark.parametrize("page", ["0", "-1", "two", ""])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(client, page):
    make_module()

    error = _error(client.get("/api/v1/modules/", {"page": page}), 400, "invalid")

    assert list(error["details"]) == ["page"]


@pytest.mark.parametrize("page", ["2", "3"])
def test_a_page_past_the_end_is_a_json_404(client, page):
    make_module()

    error = _error(client.get("/api/v1/modules/", {"page": page}), 404, "not_found")

    assert error["message"].startswith("That page does not exist.")


def test_page_one_of_an_empty_list_is_fine(client):
    body = client.get("/api/v1/modules/", {"page": 1}).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


# --- throttling -----------------------------------------------------------------------------


def test_anonymous_clients_over_the_rate_get_429_with_retry_after(client, settings):
    _rates(settings, anon="3/min")

    statuses = [client.get("/api/v1/modules/").status_code for _ in range(3)]
    response = client.get("/api/v1/modules/")

    assert statuses == [200, 200, 200]
    error = _error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert error["details"]["retry_after_seconds"] == int(response["Retry-After"])


def test_anonymous_rate_is_per_address_and_ignores_a_forged_forwarded_for(client, settings):
    _rates(settings, anon="2/min")
    for _ in range(2):
        client.get("/api/v1/modules/")

    forged = client.get("/api/v1/modules/", headers={"X-Forwarded-For": "203.0.113.9"})
    other = client.get("/api/v1/modules/", REMOTE_ADDR="198.51.100.7")

    assert forged.status_code == 429
    assert other.status_code == 200


def test_signed_in_clients_have_their_own_higher_rate(client, settings):
    _rates(settings, anon="2/min", user="4/min")
    client.force_login(make_user())

    statuses = [client.get("/api/v1/modules/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


def test_anonymous_clients_are_counted_against_the_anonymous_rate_only(client, settings):
    _rates(settings, anon="4/min", user="2/min")

    statuses = [client.get("/api/v1/modules/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


@with_test_views
def test_the_write_rate_counts_only_requests_that_change_data(client, settings):
    _rates(settings, **{"api-write": "2/min"})

    reads = [client.get(ECHO).status_code for _ in range(4)]
    writes = [
        client.post(ECHO, {"text": "hi"}, content_type="application/json").status_code
        for _ in range(3)
    ]

    assert reads == [200, 200, 200, 200]
    assert writes == [201, 201, 429]


# --- permissions ----------------------------------------------------------------------------


class _Obj:
    def __init__(self, **attrs):
        self.__dict__.update(attrs)


class _Request:
    def __init__(self, user):
        self.user = user


def test_is_educator_needs_the_role_and_an_active_account():
    educators, _ = Group.objects.get_or_create(name="Educators")
    educator = make_user(groups=["Educators"])
    learner = make_user()
    inactive = make_user(is_active=False)
    inactive.groups.add(educators)

    assert is_educator(educator)
    assert not is_educator(learner)
    assert not is_educator(inactive)
    assert not is_educator(AnonymousUser())


def test_educator_permission_checks_the_object_belongs_to_the_educator():
    Group.objects.get_or_create(name="Educators")
    educator = make_user(groups=["Educators"])
    other = make_user(groups=["Educators"])
    permission = IsEducator()

    assert permission.has_permission(_Request(educator), None)
    assert not permission.has_permission(_Request(make_user()), None)
    assert permission.has_object_permission(_Request(educator), None, _Obj(educator_id=educator.pk))
    assert not permission.has_object_permission(
        _Request(other), None, _Obj(educator_id=educator.pk)
    )


def test_owner_permission_checks_the_object_belongs_to_the_account():
    owner, stranger = make_user(), make_user()
    permission = IsOwner()

    assert permission.has_object_permission(_Request(owner), None, _Obj(user_id=owner.pk))
    assert not permission.has_object_permission(_Request(stranger), None, _Obj(user_id=owner.pk))
    assert not permission.has_object_permission(_Request(AnonymousUser()), None, _Obj(user_id=None))


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_path_outside_the_url_patterns_is_a_json_404_with_or_without_debug(
    client, settings, debug
):
    settings.DEBUG = debug

    response = client.get("/api/v1/attempts/not-a-uuid/")

    _error(response, 404, "not_found")


def test_a_body_field_the_api_does_not_accept_is_forbidden_by_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    for name in ("AnswerInRequest", "StartInRequest", "SubmitInRequest", "AssignmentInRequest"):
        assert schema["components"]["schemas"][name]["additionalProperties"] is False, name
