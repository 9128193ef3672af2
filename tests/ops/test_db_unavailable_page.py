"""The friendly 503 page when a database error reaches a response (in-process).

tests/ops/test_db_outage.py stops a real PostgreSQL server under a running app; these tests
cover the two routes an error can take inside Django, quickly, on both databases.
"""

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db

handler500 = "core.views.server_error"


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def _bug(request):
    raise ZeroDivisionError


def _fine(request):
    return HttpResponse("fine")


urlpatterns = [
    path("gone/", _database_gone),
    path("bug/", _bug),
    path("fine/", _fine),
]


class _BrokenSessionStore:
    """Stands in for a middleware that needs the database before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise InterfaceError("connection already closed")


@pytest.fixture
def app(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def _assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "We will be back soon" in response.text
    assert "nothing you saved is lost" in response.text
    assert "<a " not in response.text


def test_a_view_that_cannot_reach_the_database_gets_the_503_page(app, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = app.get("/gone/")

    _assert_friendly_503(response)
    assert "X-Request-ID" in response
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_middleware_that_cannot_reach_the_database_gets_the_503_page(app, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[
            : settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware")
        ],
        f"{__name__}._BrokenSessionStore",
    ]

    _assert_friendly_503(app.get("/fine/"))


def test_other_errors_still_get_the_500_page(app):
    response = app.get("/bug/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
