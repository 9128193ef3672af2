"""Search's spelling correction through the page, on SQLite and PostgreSQL alike: corrected
results, "search exactly as typed", "Did you mean …?", and a vocabulary that follows content."""

import datetime
import re
import time

import pytest
from django.utils import timezone

from editorial.models import GlossaryTerm
from publishing.models import Status
from tests.factories import make_article, make_module
from tests.learn.test_search import HTMX, _get, _text, _titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_seeded_glossary():
    GlossaryTerm.objects.all().delete()


def _probiotics_lessons():
    module = make_module()
    make_article(module=module, title="What are probiotics?", body="Live microbes.")
    make_article(module=module, title="Probiotics and MS", body="Small trials.")


def test_nothing_matched_shows_the_corrected_query_with_a_way_back(client):
    _probiotics_lessons()

    html = _get(client, "probiotcs")

    assert sorted(_titles(html, "lessons")) == ["Probiotics and MS", "What are probiotics?"]
    assert "No results for “probiotcs”. Showing 2 results for “probiotics”." in _text(html)
    link = re.search(r'<p class="search-exact"><a href="([^"]+)">([^<]+)</a>', html)
    assert link[1] == "/search/?q=probiotcs&amp;exact=1"
    assert link[2] == "Search for “probiotcs” exactly as typed"
    # The words found are marked in the corrected results.
    assert "<mark>probiotics</mark>" in html.lower()


def test_searching_exactly_as_typed_shows_no_results_and_offers_the_correction(client):
    _probiotics_lessons()

    html = client.get("/search/", {"q": "probiotcs", "exact": "1"}).content.decode()

    assert "0 results for “probiotcs”" in _text(html)
    assert 'Did you mean <a href="/search/?q=probiotics">probiotics</a>?' in html
    assert "What are probiotics?" not in html


@pytest.mark.parametrize("exact", ["0", "yes", "", "1 "])
def test_any_other_exact_value_keeps_correction_on(client, exact):
    _probiotics_lessons()

    html = client.get("/search/", {"q": "probiotcs", "exact": exact}).content.decode()

    assert "Showing 2 results for “probiotics”" in _text(html)


def test_few_results_offer_did_you_mean(client):
    _probiotics_lessons()
    make_article(title="A note", body="Some leaflets say probiotcs when they mean probiotics.")

    html = _get(client, "probiotcs")

    assert _titles(html, "lessons") == ["A note"]
    assert "1 result for “probiotcs”" in _text(html)
    assert 'Did you mean <a href="/search/?q=probiotics">probiotics</a>?' in html
    announcement = re.search(r'data-announce="([^"]*)"', html)[1]
    assert announcement == "1 result for “probiotcs” Did you mean “probiotics”?"


def test_headings_and_glossary_terms_feed_the_correction(client):
    make_article(title="Your bowels", body="## Constipation and MS\n\nConstipation is common.")
    GlossaryTerm.objects.create(
        term="Dysbiosis",
        slug="dysbiosis",
        short_definition="An upset balance of gut microbes.",
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )

    assert _titles(_get(client, "constipaton"), "lessons") == ["Your bowels"]
    assert _titles(_get(client, "disbiosis"), "glossary") == ["Dysbiosis"]


def test_drafts_never_feed_the_correction(client):
    make_article(title="Probiotics secret plan", status=Status.DRAFT)

    html = _get(client, "probiotcs")

    assert "0 results for “probiotcs”" in _text(html)
    assert "probiotics" not in _text(html).lower()


def test_the_vocabulary_follows_edits(client):
    assert "0 results" in _text(_get(client, "probiotcs"))

    lesson = make_article(title="Probiotics and MS")
    assert _titles(_get(client, "probiotcs"), "lessons") == ["Probiotics and MS"]

    lesson.status = Status.DRAFT
    lesson.save()
    assert "0 results for “probiotcs”" in _text(_get(client, "probiotcs"))


def test_the_vocabulary_follows_a_scheduled_publish(client):
    make_article(
        title="Probiotics and MS", publish_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert "0 results for “probiotcs”" in _text(_get(client, "probiotcs"))

    time.sleep(1.1)

    assert _titles(_get(client, "probiotcs"), "lessons") == ["Probiotics and MS"]


def test_htmx_results_carry_the_correction_and_announce_it(client):
    _probiotics_lessons()

    html = _get(client, "probiotcs", headers=HTMX)

    assert "<html" not in html
    assert 'href="/search/?q=probiotcs&amp;exact=1"' in html
    assert 'data-announce="No results for “probiotcs”. Showing 2 results for “probiotics”."' in html


def test_exact_queries_are_never_corrected(client):
    _probiotics_lessons()

    for query in ['"probiotcs"', "probiotcs -fatty"]:
        text = _text(_get(client, query))
        assert "0 results" in text, query
        assert "probiotics" not in text.lower(), query


def test_the_search_page_has_one_search_box_and_other_pages_a_short_one(client):
    search_page = _get(client, "probiotcs")
    home = client.get("/").content.decode()
    other = client.get("/learn/").content.decode()

    for page in (search_page, home):  # Each has a search box of its own, bigger than the header's.
        assert page.count('type="search"') == 1
        assert 'id="site-search"' not in page
        assert 'role="search"' in page
    header = other.split('id="site-search"', 1)[0].rsplit("<form", 1)[1]
    assert (
        'class="visually-hidden">Search lessons, questions, glossary terms and sources<' in header
    )
    assert re.search(r'id="site-search"[^>]*placeholder="Search"', other)
