"""The API's content lists for clients without a session or token: from the public page
cache, with ETag / Last-Modified and 304 Not Modified, and allowed in shared caches."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.api_tokens import api_token_create
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


def test_the_list_comes_from_the_cache_and_answers_304_when_unchanged(
    django_assert_num_queries,
):
    make_article(title="Cached lesson")
    first = Client().get(URL)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        again = Client().get(URL)
        unchanged = Client().get(URL, headers={"If-None-Match": etag})
        not_since = Client().get(URL, headers={"If-Modified-Since": modified})
    assert again.content == first.content
    assert again["ETag"] == etag
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == etag
    assert not_since.status_code == 304


def test_a_list_made_again_still_answers_304_to_a_client_that_has_it(
    django_assert_num_queries,
):
    make_article(title="Cached lesson")
    etag = Client().get(URL)["ETag"]
    cache.clear()  # the stored copy expired, or another app server's cache lacks it
    unchanged = Client().get(URL, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == etag
    with django_assert_num_queries(0):  # stored again on the way
        assert Client().get(URL)["ETag"] == etag


def test_an_edit_changes_the_list_and_its_etag_at_once():
    lesson = make_article(title="Old title")
    etag = Client().get(URL)["ETag"]
    lesson.title = "New title"
    lesson.save()
    response = Client().get(URL, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "New title" in response.content.decode()
    assert response["ETag"] != etag


def test_shared_caches_may_keep_the_anonymous_list(settings):
    settings.PUBLIC_PAGE_SHARED_CACHE_SECONDS = 30
    make_article()
    for _ in range(2):  # made, then from the cache
        response = Client().get(URL)
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert control == {"public", "max-age=0", "s-maxage=30"}
        assert "Cookie" in response["Vary"]


def test_token_and_session_clients_are_never_served_nor_stored(django_assert_max_num_queries):
    make_article()
    Client().get(URL)  # stored
    user = make_user()
    _token, raw = api_token_create(user=user, name="cache")
    with_token = Client().get(URL, headers={"Authorization": f"Bearer {raw}"})
    assert "ETag" not in with_token
    assert "public" not in with_token.get("Cache-Control", "")
    session = Client()
    session.force_login(user)
    signed_in = session.get(URL)
    assert "ETag" not in signed_in
    assert "private" in signed_in["Cache-Control"]
