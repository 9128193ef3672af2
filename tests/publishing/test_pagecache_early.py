"""Stored public pages answered early in the middleware chain, and what shared caches may keep
(publishing.pagecache.PublicPageCacheMiddleware, core.middleware.PrivatePagesMiddleware)."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r"[A-Za-z0-9]{64}")
PER_REQUEST = {"X-Request-ID", "Set-Cookie"}


def _early(response):
    """True when the answer came before sessions and authentication ran."""
    return not hasattr(response.wsgi_request, "user")


def test_a_stored_page_is_answered_before_sessions_and_authentication(
    django_assert_num_queries,
):
    url = make_article(title="Early bird").get_absolute_url()
    first = Client().get(url)
    assert not _early(first)
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert _early(again)
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    same = {k: v for k, v in first.headers.items() if k not in PER_REQUEST}
    assert {k: v for k, v in again.headers.items() if k not in PER_REQUEST} == same


def test_an_early_answer_carries_a_token_for_the_visitors_own_csrf_cookie():
    url = make_article().get_absolute_url()
    Client().get(url)
    visitor = Client()
    visitor.get("/faq/")  # gets a CSRF cookie
    secret = visitor.cookies["csrftoken"].value
    page = visitor.get(url)
    assert _early(page)
    tokens = CSRF_INPUT.findall(page.content.decode())
    assert tokens
    assert all(_unmask_cipher_token(token) == secret for token in tokens)


def test_signed_in_and_session_visitors_never_get_the_early_answer():
    url = make_article().get_absolute_url()
    Client().get(url)
    learner = Client()
    learner.force_login(make_user())
    response = learner.get(url)
    assert not _early(response)
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_page_that_sets_a_cookie_is_not_for_shared_caches(settings):
    # Every HTML page holds a CSRF token, and Django sends its cookie again with each one:
    # only answers without a cookie (the API's lists) tell shared caches they may keep them.
    settings.PUBLIC_PAGE_SHARED_CACHE_SECONDS = 30
    url = make_article().get_absolute_url()
    visitor = Client()
    for _ in range(2):
        response = visitor.get(url)
        assert "csrftoken" in response.cookies
        assert "public" not in response.get("Cache-Control", "")


def test_no_shared_cache_header_when_turned_off(settings):
    settings.PUBLIC_PAGE_SHARED_CACHE_SECONDS = 0
    url = make_article().get_absolute_url()
    visitor = Client()
    visitor.get(url)
    assert "Cache-Control" not in visitor.get(url)
