"""One JSON line per request, with an id, and no personal data in it."""

import io
import json
import logging
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.logging import JsonFormatter
from tests.factories import make_user

pytestmark = pytest.mark.django_db

KEYS = {"time", "request_id", "method", "path", "status", "duration_ms", "user"}


def _request_lines(caplog):
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "msportal.request"
    ]


def test_each_request_gets_an_id_and_one_json_line(client, caplog):
    caplog.set_level(logging.INFO, logger="msportal.request")

    response = client.get("/healthz")

    lines = _request_lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line.keys() >= KEYS
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["user"] == "anonymous"
    assert isinstance(line["duration_ms"], float)


def test_a_sane_incoming_request_id_is_kept(client, caplog):
    caplog.set_level(logging.INFO, logger="msportal.request")

    response = client.get("/healthz", headers={"X-Request-ID": "lb-4f2a.9_c-1"})

    assert response["X-Request-ID"] == "lb-4f2a.9_c-1"
    assert _request_lines(caplog)[0]["request_id"] == "lb-4f2a.9_c-1"


@pytest.mark.parametrize(
    "incoming", ["x" * 65, "has spaces", "trailing\n", 'quote"d', "<script>", "ünïcode"]
)
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_lines_hold_no_personal_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    make_user(username="zebra-quokka-7781", password="a-long-test-password")
    login = client.post(
        "/accounts/login/",
        {"username": "zebra-quokka-7781", "password": "a-long-test-password"},
        HTTP_USER_AGENT="DistinctBrowser/9.9",
    )
    assert login.status_code == 302
    session_id = client.cookies["sessionid"].value

    client.get("/search/", {"q": "secret-term-4242"}, HTTP_USER_AGENT="DistinctBrowser/9.9")
    client.post(
        "/accounts/login/",
        {"username": "zebra-quokka-7781", "password": "wrong-password"},
        REMOTE_ADDR="203.0.113.77",
    )

    lines = _request_lines(caplog)
    search = next(line for line in lines if line["path"] == "/search/")
    assert search["user"] == "authenticated"
    assert search["method"] == "GET"
    everything = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    for personal in (
        "zebra-quokka-7781",
        "zebra-quokka-7781@example.org",
        "secret-term-4242",
        "203.0.113.77",
        "127.0.0.1",
        "DistinctBrowser",
        session_id,
        "a-long-test-password",
        "wrong-password",
    ):
        assert personal not in everything


def test_password_reset_link_secrets_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="msportal.request")
    user = make_user()
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)

    client.get(f"/accounts/reset/{uidb64}/{token}/")

    line = _request_lines(caplog)[0]
    assert line["path"] == "/accounts/reset/<uidb64>/<token>/"
    assert token not in json.dumps(line)


def test_other_log_lines_during_a_request_carry_its_id(client):
    # A handler like the console one in settings.LOGGING: it formats as each line is logged.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
        after = client.get("/healthz")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["request_id"] == response["X-Request-ID"] != after["X-Request-ID"]
    assert "request" not in line
