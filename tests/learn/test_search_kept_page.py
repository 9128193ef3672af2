"""The search page kept whole with holes (learn/views.py `search`, publishing/holes.py).

Made from the kept copy, the page is the page made in full; each reader gets their own account
menu and CSRF token; new content shows on the very next request; an address with anything but
`q` and `exact`, and htmx's results region, are made as before.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from publishing import holes
from tests.factories import make_article, make_faq, make_user
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
QUERIES = [
    {"q": "fatigue"},
    {"q": "fatige"},  # corrected, with "search exactly as typed"
    {"q": "fatige", "exact": "1"},
    {"q": "qwzxv"},  # nothing found
    {"q": "fatigue " * 40},  # shortened to 200 characters
    {},  # no query yet
]


@pytest.fixture(autouse=True)
def _content(settings):
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    holes.KEPT.clear()  # other tests' lesson pages
    article = make_article(title="Fatigue and heat", body="Cool down when fatigue is worse.")
    make_translation(article, title="Fatiga y calor")
    make_faq(question="Is fatigue common?")


def _page(client, url, params=None, **extra):
    response = client.get(url, params or {}, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html):
    """The page's words, without tags (a result's matched words are marked up)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _signed_in(**kwargs):
    client = Client()
    user = make_user(**kwargs)
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: repr(p)[:30])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("who", ["learner", "visitor"])
def test_the_kept_search_page_is_the_page_made_in_full(settings, params, language, who):
    client = _signed_in()[0] if who == "learner" else Client()
    if who == "visitor":
        client.session.save()  # a visitor with a session, whom the public page cache skips
    url = "/es/search/" if language == "es" else "/search/"
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    full = _page(client, url, params)
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    made, kept = _page(client, url, params), _page(client, url, params)
    assert TOKEN.sub("T", made) == TOKEN.sub("T", full) == TOKEN.sub("T", kept)
    assert not holes.KEPT._entries  # kept in the shared cache only, one page per query


def test_each_reader_gets_their_own_menu_and_token():
    first, first_user = _signed_in(first_name="Quillon", is_staff=True)
    second, _second_user = _signed_in()
    mine = _page(first, "/search/", {"q": "fatigue"})
    with CaptureQueriesContext(connection) as context:
        theirs = _page(second, "/search/", {"q": "fatigue"})  # from the first one's copy
    assert "Admin</a>" in mine and "Admin</a>" not in theirs
    assert set(TOKEN.findall(mine)).isdisjoint(TOKEN.findall(theirs))
    assert "Quillon" not in theirs and first_user.username not in theirs
    assert "Fatigue and heat" in _text(theirs)
    # From the kept copy: no query reads content, and the page is not made again (only its
    # holes are).
    assert not [q for q in context.captured_queries if "learn_" in q["sql"]]
    again = second.get("/search/", {"q": "fatigue"})
    assert "learn/search.html" not in [t.name for t in again.templates]
    assert "learn/search.html" in [t.name for t in first.get("/search/", {"q": "other"}).templates]


def test_new_content_shows_on_the_very_next_search():
    client = _signed_in()[0]
    assert "Fatigue at work" not in _text(_page(client, "/search/", {"q": "fatigue"}))
    make_article(title="Fatigue at work", body="Pacing the day helps with fatigue.")
    assert "Fatigue at work" in _text(_page(client, "/search/", {"q": "fatigue"}))


def test_other_addresses_and_the_htmx_region_are_made_as_before(settings):
    client = _signed_in()[0]
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    full = _page(client, "/search/", {"q": "fatigue", "page": "2"})
    region = _page(client, "/search/", {"q": "fatigue"}, headers={"HX-Request": "true"})
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    assert TOKEN.sub("T", _page(client, "/search/", {"q": "fatigue", "page": "2"})) == (
        TOKEN.sub("T", full)
    )
    fragment = client.get("/search/", {"q": "fatigue"}, headers={"HX-Request": "true"})
    assert fragment.content.decode() == region
    assert "<html" not in region and "Fatigue and heat" in _text(region)
    assert "HX-Request" in fragment["Vary"]
