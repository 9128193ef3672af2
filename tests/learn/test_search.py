"""Site search, on SQLite (plain fallback) and PostgreSQL (full-text search, typo tolerance).

The same tests run on both databases. Where the two differ on purpose (ranking, stemming,
typo tolerance) the test asserts each database's own behaviour through ``connection.vendor``.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learn.models import (
    FAQ,
    Article,
    ReferenceLink,
)
from publishing import pagecache
from publishing.models import Publishable, Status
from publishing.search import (
    RESULTS_PER_KIND,
    SEARCH_KINDS,
    SearchKind,
    normalise_query,
    register_kind,
    search_site,
)
from tests.factories import make_article, make_faq, make_module, make_reference, make_user
from tests.learn.helpers import elements, executable_parts

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
NOW = timezone.now()
DAY = datetime.timedelta(days=1)
HTMX = {"HX-Request": "true"}
# Measured: a learner's session and user (2), then one query per kind for the hits; when
# nothing matched, one per kind for the spelling vocabulary and one per scheduled content
# model for when it goes stale (both unless cached), one per kind for the corrected query's
# hits and, on PostgreSQL, one per kind for near spellings.
SCHEDULED_MODELS = sum(
    issubclass(apps.get_model(label), Publishable) for label in pagecache.CONTENT_MODELS
)
SEARCH_BUDGET = 2 + 4 * len(SEARCH_KINDS) + SCHEDULED_MODELS


@pytest.fixture(autouse=True)
def _no_seeded_glossary(request):
    """The glossary seeded by a data migration would add hits to every count below."""
    if "glossary" not in request.node.name:
        from editorial.models import GlossaryTerm

        GlossaryTerm.objects.all().delete()


def _results(html):
    """The results region of a full page, or a whole htmx fragment."""
    if 'id="search-results"' in html:
        html = html.split('id="search-results"', 1)[1].split("<footer", 1)[0]
    return html


def _text(html):
    """The region's words without tags, entities decoded, spaces tidied."""
    from html import unescape

    html = re.sub(r"</?mark>", "", _results(html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _get(client, query, **kwargs):
    response = client.get("/search/", {"q": query}, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def _titles(html, kind):
    """Link texts of one group's hits, in page order."""
    section = html.split(f'id="results-{kind}"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'class="search-hit__title"[^>]*>(.*?)</a>', section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", link).split()) for link in links]


# --- what is found -------------------------------------------------------------------------


def test_search_finds_published_items_of_every_kind_grouped_with_counts(client):
    make_article(title="Probiotics in small trials", body="Trials were short.")
    make_article(title="Diet", summary="Fibre feeds gut bacteria, as do probiotics.")
    make_article(title="Draft probiotics lesson", status=Status.DRAFT)
    make_article(title="Scheduled probiotics lesson", publish_at=NOW + DAY)
    make_article(title="Probiotics in a hidden module", module=make_module(status=Status.DRAFT))
    make_faq(question="What are probiotics?")
    make_faq(question="Hidden probiotics question?", status=Status.IN_REVIEW)
    make_faq(question="Expired probiotics question?", publish_at=NOW - 2 * DAY, expires_at=NOW)
    make_reference(title="Probiotic consensus", authors="Hill C")

    text = _text(_get(client, "probiotic"))

    assert "4 results for “probiotic”" in text
    assert "Lessons (2)" in text and "Questions and answers (1)" in text and "Sources (1)" in text
    assert text.index("Probiotics in small trials") < text.index("Diet")
    for hidden in ["Draft", "Scheduled", "hidden module", "Hidden probiotics", "Expired"]:
        assert hidden not in text


def test_search_needs_every_word_and_ignores_case(client):
    make_article(title="Gut bacteria and MS", body="About fibre.")
    make_article(title="Gut feelings", body="Nothing else.")

    text = _text(_get(client, "GUT fibre"))

    assert "Gut bacteria and MS" in text
    assert "Gut feelings" not in text


def test_quoted_phrase_and_minus_word_narrow_the_search(client):
    make_article(title="Short-chain fatty acids", body="Made by gut bacteria.")
    make_article(title="Fatty food", body="Chain shops sell it short.")
    make_article(title="Gut bacteria", body="Short chain of events.")

    phrase = _text(_get(client, '"fatty acids"'))
    minus = _text(_get(client, "short -fatty"))

    assert "Short-chain fatty acids" in phrase and "Fatty food" not in phrase
    assert "Gut bacteria" in minus
    assert "Short-chain fatty acids" not in minus and "Fatty food" not in minus


def test_title_matches_rank_above_summary_and_body_matches(client):
    module = make_module()
    make_article(module=module, title="Aaa body", body="Fatigue is common.")
    make_article(module=module, title="Bbb summary", summary="About fatigue.")
    make_article(module=module, title="Zzz fatigue")

    titles = _titles(_get(client, "fatigue"), "lessons")

    if POSTGRES:
        # Weighted ranking: title (A) above summary (B) above body (C).
        assert titles == ["Zzz fatigue", "Bbb summary", "Aaa body"]
    else:
        # The fallback: titles holding the query first, then the rest by title.
        assert titles == ["Zzz fatigue", "Aaa body", "Bbb summary"]


def test_stemming_finds_other_forms_of_a_word_on_postgres(client):
    make_article(title="Living with tiredness", body="Studies of people.")

    text = _text(_get(client, "study"))

    if POSTGRES:
        assert "Living with tiredness" in text  # 'study', 'studies', 'studying' share a stem
    else:
        assert "0 results" in text  # the fallback matches letters: "study" is not in "studies"


def test_each_kind_shows_at_most_the_cap_and_counts_them_all(client):
    module = make_module()
    for i in range(RESULTS_PER_KIND + 5):
        make_article(module=module, title=f"Relapse lesson {i:02}")

    html = _get(client, "relapse")

    assert f"Lessons ({RESULTS_PER_KIND + 5})" in _text(html)
    assert len(_titles(html, "lessons")) == RESULTS_PER_KIND
    assert f"Showing the first {RESULTS_PER_KIND} of {RESULTS_PER_KIND + 5}" in _text(html)


def test_non_latin_text_is_found(client):
    make_article(title="Что такое склероз", body="Рассеянный склероз поражает нервы.")

    text = _text(_get(client, "склероз"))

    assert "1 result for “склероз”" in text
    assert "Что такое склероз" in text


# --- typo tolerance ------------------------------------------------------------------------


def test_misspelt_words_find_the_right_lessons(client):
    module = make_module()
    make_article(module=module, title="What are probiotics?", body="Live microbes.")
    make_article(module=module, title="Probiotics and MS", body="Small trials.")
    make_article(module=module, title="Myelin and nerves", body="A fatty coat.")
    make_article(module=module, title="Sleep", body="Rest well.")

    probiotics = _get(client, "probiotcs")
    myelin = _get(client, "mielin")

    assert sorted(_titles(probiotics, "lessons")) == ["Probiotics and MS", "What are probiotics?"]
    assert "No results for “probiotcs”. Showing 2 results for “probiotics”." in _text(probiotics)
    assert 'href="/search/?q=probiotcs&amp;exact=1"' in probiotics
    announcement = re.search(r'data-announce="([^"]*)"', probiotics)[1]
    assert announcement == "No results for “probiotcs”. Showing 2 results for “probiotics”."
    assert _titles(myelin, "lessons") == ["Myelin and nerves"]
    assert "Showing 1 result for “myelin”" in _text(myelin)


def test_suggestion_corrects_only_the_misspelt_word(client):
    make_article(title="Probiotics and the gut", body="Gut bacteria.")

    html = _get(client, "probiotcs bacteria")

    assert "Showing 1 result for “probiotics bacteria”" in _text(html)


def test_exact_searches_get_no_near_spellings(client):
    make_article(title="Probiotics and MS")

    for query in ['"probiotcs"', "probiotcs -fatty", "the"]:
        text = _text(_get(client, query))

        assert "0 results" in text, query
        assert "Probiotics and MS" not in text, query


# --- snippets ------------------------------------------------------------------------------


def test_snippet_highlights_the_match_around_it(client):
    make_article(
        title="Diet and MS",
        summary="What you eat.",
        body=" ".join(["filler"] * 80) + " Fibre feeds **gut** microbes.[^1] " + "end " * 40,
    )

    html = _results(_get(client, "microbes"))

    snippet = re.search(r'class="search-hit__snippet">(.*?)</p>', html, re.S)[1]
    assert "<mark>microbes</mark>" in snippet
    assert snippet.startswith("…") or " … " in snippet  # an excerpt, not the start
    assert "**" not in snippet and "[^1]" not in snippet


def test_snippets_and_titles_escape_what_editors_typed(client):
    make_article(
        title='Tags <b>"probiotic"</b> & more',
        body='Text <script>alert("probiotic")</script> & 5 < 6, "probiotic" '
        "<img src=x onerror=alert(1)>.",
    )

    html = _results(_get(client, "probiotic"))

    assert executable_parts(html) == []
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    assert "&amp;" in html and "&lt; 6" in html
    if not POSTGRES:
        # PostgreSQL's excerpt leaves tag-like text out; the fallback shows it, escaped.
        assert "&lt;script&gt;alert(&quot;<mark>probiotic</mark>&quot;)&lt;/script&gt;" in html
    # Every mark wraps plain text: nothing inside it, nothing left half-open.
    marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    assert marks and all("<" not in mark for mark in marks)
    assert html.count("<mark>") == html.count("</mark>") == len(marks)


def test_marks_never_land_inside_an_entity(client):
    make_article(title="Fish & chips", body='Fish &amp; chips, quoted "amp" text.')

    for query in ["amp", "quot", "lt", "fish"]:
        html = _results(_get(client, query))

        # "&amp;" typed by the editor shows as text, so its "amp" may be marked; an entity
        # the page itself writes (&amp; for "&") is never split by a mark.
        assert not re.search(r"&[a-z#0-9]*<mark>", html), query
        assert "&<mark>" not in html, query


# --- odd input -----------------------------------------------------------------------------

ODD_QUERIES = [
    '"quoted phrase"',
    '"unclosed quote',
    "' OR 1=1 --",
    "'; DROP TABLE learn_article; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%_\\'\"",
    "-",
    "--",
    "or",
    "!(&|):*<>",
    "<script>alert(1)</script>",
    "рассеянный склероз",
    "多发性硬化",
    "🧠🦠 MS",
    "👨‍👩‍👧",
    "a\x00b",
    "\x00",
    "x" * 5000,
    "probiotic " * 300,
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_answer_200_without_errors(client, query):
    make_article(title="Probiotics and MS", body="100% of the _best_ C:\\ path.")

    for headers in ({}, HTMX):
        response = client.get("/search/", {"q": query}, headers=headers)

        assert response.status_code == 200
        text = _text(response.content.decode())
        assert "result" in text or "Type a word or two" in text
        assert "<script>alert(1)" not in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.parametrize("query", ["%", "_", "\\"])
def test_wildcards_match_only_themselves(client, query):
    make_article(title="Fatigue", body="Plain words.")

    assert "0 results" in _text(_get(client, query))


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "\x00"])
def test_empty_query_asks_for_a_word(client, query):
    make_article(title="Anything")

    text = _text(_get(client, query))

    assert "Type a word or two to search for" in text
    assert "Anything" not in text


def test_very_long_query_is_cut_to_200_characters(client):
    make_article(title="Fatigue")

    main = _get(client, "fatigue " + "x" * 5000).split("<main", 1)[1]

    assert "we used only its first 200 characters" in main
    assert "x" * 192 in main
    assert "x" * 193 not in main


def test_normalise_query_drops_control_characters_and_tidies_spaces():
    assert normalise_query("  gut\x00\x07 \t brain\n") == ("gut brain", False)
    assert normalise_query("a" * 250) == ("a" * 200, True)
    assert normalise_query(None) == ("", False)


# --- the page and htmx ---------------------------------------------------------------------


def test_page_has_a_plain_form_that_also_searches_as_you_type(client):
    html = _get(client, "fatigue")

    form = re.search(r'<form class="search-box"[^>]*>', html)[0]
    assert 'action="/search/"' in form and 'method="get"' in form
    attrs = dict(next(a for tag, a in elements(html) if a.get("id") == "search-q"))
    assert attrs["name"] == "q" and attrs["value"] == "fatigue"
    assert attrs["hx-get"] == "/search/"
    assert "keyup changed delay:400ms" in attrs["hx-trigger"]
    assert attrs["hx-target"] == "#search-results"
    region = next(a for tag, a in elements(html) if a.get("id") == "search-results")
    # site.js leaves focus in the search box when it swaps a data-keep-focus region.
    assert "data-keep-focus" in region
    assert 'id="announcer"' in html and 'aria-live="polite"' in html


def test_htmx_request_gets_only_the_results_with_an_announcement(client):
    make_article(title="Fatigue and MS")

    response = client.get("/search/", {"q": "fatigue"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html and "<form" not in html and "<h1" not in html
    assert 'data-announce="1 result for “fatigue”"' in html
    assert "<mark>Fatigue</mark> and MS" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_with_an_empty_query_gets_the_prompt(client):
    html = client.get("/search/", {"q": ""}, headers=HTMX).content.decode()

    assert "Type a word or two" in html and "<form" not in html


def test_htmx_history_restore_gets_the_whole_page(client):
    headers = HTMX | {"HX-History-Restore-Request": "true"}

    html = client.get("/search/", {"q": "fatigue"}, headers=headers).content.decode()

    assert "<html" in html and 'id="search-results"' in html


def test_page_links_and_ids_are_sound(client):
    make_article(title="Fatigue")
    make_faq(question="Is fatigue common?")
    make_reference(title="Fatigue in MS", url="javascript:alert(1)")

    html = _get(client, "fatigue")

    ids = [attrs["id"] for _tag, attrs in elements(html) if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert executable_parts(_results(html)) == []
    assert "Fatigue in MS" in _text(html)


# --- index upkeep, registry, queries -------------------------------------------------------


def test_search_vector_follows_edits(client):
    article = make_article(title="Sleep", body="Rest and naps.")
    faq = make_faq(question="Why rest?", answer="Naps help.")

    article.body = "Zebrafish studies."
    article.save()
    FAQ.objects.filter(pk=faq.pk).update(answer="Zebrafish again.")  # no save(): still kept

    text = _text(_get(client, "zebrafish"))
    assert "Sleep" in text and "Why rest?" in text
    assert "0 results" in _text(_get(client, "naps"))
    if POSTGRES:
        assert Article.objects.filter(pk=article.pk, search_vector="zebrafish").exists()
        assert not Article.objects.filter(pk=article.pk, search_vector="naps").exists()
    else:
        assert Article.objects.get(pk=article.pk).search_vector is None


def test_saving_a_loaded_lesson_keeps_its_search_vector_working():
    make_article(title="Sleep", body="Rest.")
    article = Article.objects.get(title="Sleep")  # search_vector loaded, written back

    article.title = "Sleep and zebrafish"
    article.save()

    assert [a.title for a in search_site("zebrafish")["lessons"].items] == ["Sleep and zebrafish"]


def test_search_indexes_and_extension_exist_on_postgres():
    tables = [model._meta.db_table for model in (Article, FAQ, ReferenceLink)]
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(
                "SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables]
            )
            gin = {table for table, sql in cursor.fetchall() if "USING gin (search_vector)" in sql}
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            assert gin == set(tables)
            assert cursor.fetchone() == (1,)
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchall() == []  # SQLite has the columns, nothing fills them


def test_a_registered_kind_gets_its_own_group(client):
    make_faq(question="Is fatigue common?")
    kind = SearchKind(
        key="extra-faqs",
        label="Extra answers",
        queryset=lambda: FAQ.objects.published(),
        title="question",
        fields=("answer",),
        snippet=("answer",),
    )
    register_kind(kind, position=0)
    try:
        with pytest.raises(ValueError):
            register_kind(kind)
        html = _get(client, "fatigue")
    finally:
        SEARCH_KINDS.remove(kind)

    text = _text(html)
    assert text.index("Extra answers (1)") < text.index("Questions and answers (1)")
    assert _titles(html, "extra-faqs") == ["Is fatigue common?"]


def _content(n, word):
    module = make_module()
    for i in range(n):
        make_article(module=module, title=f"{word} lesson {i}", body=f"About {word}.")
        make_faq(question=f"{word} question {i}?")
        make_reference(title=f"{word} source {i}", authors="Smith J")


@pytest.mark.parametrize(
    "query", ["fatigue", "fatigeu", "qwzxv"], ids=["found", "misspelt", "nothing"]
)
def test_search_query_count_does_not_grow(client, query, django_assert_max_num_queries):
    client.force_login(make_user())
    counts = []
    for n in (1, 30):
        _content(n, "fatigue")
        with (
            django_assert_max_num_queries(SEARCH_BUDGET),
            CaptureQueriesContext(connection) as context,
        ):
            assert client.get("/search/", {"q": query}).status_code == 200
        counts.append(len(context.captured_queries))

    assert counts[0] == counts[1]


# --- the shared results cache -------------------------------------------------------------


def _content_queries(context):
    """Captured queries that read content (lessons, FAQs, sources, glossary terms)."""
    return [q["sql"] for q in context.captured_queries if re.search(r"learn_|editorial_", q["sql"])]


def test_signed_in_search_results_come_from_the_shared_cache(client):
    make_article(title="Fatigue and heat", body="Cool down.")
    make_faq(question="Is fatigue common?")
    client.force_login(make_user())
    other = type(client)()
    other.force_login(make_user())

    with CaptureQueriesContext(connection) as first:
        html = _get(client, "fatigue")
    with CaptureQueriesContext(connection) as second:
        again = _get(other, "fatigue")
        fragment = _get(other, "fatigue", headers=HTMX)

    assert _content_queries(first)
    assert _content_queries(second) == []
    assert _results(again) == _results(html)
    assert _titles(fragment, "lessons") == ["Fatigue and heat"]
    assert _titles(fragment, "faqs") == ["Is fatigue common?"]


def test_an_edit_or_a_new_item_shows_on_the_very_next_search(client):
    lesson = make_article(title="Fatigue and heat", body="Cool down.")
    client.force_login(make_user())
    assert _titles(_get(client, "fatigue"), "lessons") == ["Fatigue and heat"]

    make_article(title="Fatigue at work", body="Pace yourself.")
    assert sorted(_titles(_get(client, "fatigue"), "lessons")) == [
        "Fatigue and heat",
        "Fatigue at work",
    ]

    lesson.title = "Fatigue in summer"
    lesson.save()
    assert sorted(_titles(_get(client, "fatigue"), "lessons")) == [
        "Fatigue at work",
        "Fatigue in summer",
    ]


def test_cached_results_are_kept_apart_by_language_exactness_and_length(client):
    make_article(title="Probiotics and MS", body="Small trials.")
    client.force_login(make_user())

    english = _text(_get(client, "probiotics"))
    spanish = _text(client.get("/es/search/", {"q": "probiotics"}).content.decode())
    corrected = _text(_get(client, "probiotcs"))
    exact = _text(client.get("/search/", {"q": "probiotcs", "exact": "1"}).content.decode())
    long = _text(_get(client, "probiotics " + "x" * 300))

    assert "1 result for “probiotics”" in english
    assert "1 resultado para “probiotics”" in spanish
    assert "Showing 1 result for “probiotics”" in corrected
    assert "0 results for “probiotcs”" in exact
    assert "only its first 200 characters" in long
    assert "only its first 200 characters" not in english


def test_glossary_terms_are_searchable_and_forgive_a_misspelling(client):
    # The glossary is seeded by a data migration, so "Myelin" is there in every database.
    exact = _get(client, "myelin")
    assert "myelin" in [title.lower() for title in _titles(exact, "glossary")]
    assert 'href="/glossary/#myelin"' in exact

    misspelt = _get(client, "mielin")
    assert "myelin" in [title.lower() for title in _titles(misspelt, "glossary")]
