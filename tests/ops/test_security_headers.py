"""Security headers on a page response with production-like settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.utils.csp import CSP

from core.middleware import ContentSecurityPolicyMiddleware
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


@pytest.fixture
def production_security(settings):
    """What settings.py turns on when DEBUG is off outside tests (checked separately below)."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def test_page_response_carries_every_security_header(client, production_security):
    response = client.get(LOGIN, secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_cookies_are_secure_and_http_only(client, production_security):
    make_user(username="ana", password="a-long-test-password")

    page = client.get(LOGIN, secure=True)
    login = client.post(LOGIN, {"username": "ana", "password": "a-long-test-password"}, secure=True)

    csrf = page.cookies["csrftoken"]
    session = login.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(client, production_security):
    response = client.get(LOGIN)

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_static_files_and_error_pages_get_the_headers_too(client, production_security):
    missing = client.get("/no-such-page/", secure=True)

    assert missing.status_code == 404
    assert missing["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in missing["Content-Security-Policy"]


def _production_settings(**extra_env):
    """Import settings.py in a fresh interpreter the way a production server would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTEST_VERSION" and not key.startswith(("DJANGO_", "AXES_"))
    }
    env |= {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "ms.example.org"} | extra_env
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REFERRER_POLICY",
    ]
    code = (
        "import json, msportal.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_production_settings_default_to_https_only_cookies_and_hsts():
    values = _production_settings()

    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_plain_http_on_loopback_can_turn_off_https_redirect_and_secure_cookies():
    values = _production_settings(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 31536000


def test_the_csp_header_follows_a_changed_policy(client, settings):
    """The settings' policy is written out once, and again when the setting changes."""
    first = client.get("/healthz")["Content-Security-Policy"]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": ["'self'", "data:"]}

    second = client.get("/healthz")["Content-Security-Policy"]

    assert "img-src 'self';" in first
    assert "img-src 'self' data:;" in second


def test_a_used_nonce_and_a_views_own_policy_still_reach_the_header(rf, settings):
    settings.SECURE_CSP = {"script-src": [CSP.SELF, CSP.NONCE]}

    def view(request):
        response = HttpResponse(str(request._csp_nonce))  # the page uses the nonce
        if request.GET.get("own"):
            response._csp_config = {"default-src": [CSP.NONE]}
        return response

    middleware = ContentSecurityPolicyMiddleware(view)
    first, second = middleware(rf.get("/")), middleware(rf.get("/"))
    own = middleware(rf.get("/", {"own": "1"}))

    assert first["Content-Security-Policy"] == f"script-src 'self' 'nonce-{first.text}'"
    assert second["Content-Security-Policy"] == f"script-src 'self' 'nonce-{second.text}'"
    assert first.text != second.text
    assert own["Content-Security-Policy"] == "default-src 'none'"
