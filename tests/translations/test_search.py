"""Site search in the reader's language, on SQLite (the fallback) and PostgreSQL.

A Spanish reader (/es/search/) finds the published Spanish translations and the English
sources without one, never both versions of an item, and the hits lead to /es/ pages. On
PostgreSQL the Spanish text is stemmed with the 'spanish' configuration and the English with
'english'; where the two databases differ, each test asserts its own database's behaviour
through ``connection.vendor``, as tests/learn/test_search.py does.
"""

import re

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from editorial.models import GlossaryTerm
from publishing.search import search_site
from publishing.search.postgres import CONFIGS, config_for
from publishing.search_operations import SearchVectorTrigger
from tests.factories import make_article, make_faq, make_module
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
ES_SEARCH = "/es/search/"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_seeded_glossary():
    GlossaryTerm.objects.all().delete()


def _hits(html, kind):
    """(title, href) of each hit of one group (none when the group is empty), marks
    removed."""
    parts = html.split(f'id="results-{kind}"', 1)
    if len(parts) == 1:
        return []
    section = parts[1].split("</section>", 1)[0]
    links = re.findall(r'<a([^>]*class="search-hit__title"[^>]*)>(.*?)</a>', section, re.S)
    return [
        (" ".join(re.sub(r"<[^>]+>", "", title).split()), re.search(r'href="([^"]+)"', a)[1])
        for a, title in links
    ]


def _titles(html, kind):
    return [title for title, _href in _hits(html, kind)]


def test_a_spanish_reader_finds_the_translation_once_and_untranslated_sources(client):
    module = make_module(title="The gut")
    make_translation(module, title="El intestino")
    translated = make_article(module=module, title="Gut microbes", body="Probiotic kefir.")
    make_translation(translated, title="Microbios del intestino", body="El kéfir probiotic.")
    make_article(module=module, title="Kefir probiotic basics", body="English only.")

    html = client.get(ES_SEARCH, {"q": "probiotic"}).content.decode()

    titles = _titles(html, "lessons")
    assert sorted(titles) == ["Kefir probiotic basics", "Microbios del intestino"]
    assert "Gut microbes" not in titles  # never both versions of one item
    hrefs = [href for _title, href in _hits(html, "lessons")]
    assert hrefs and all(href.startswith("/es/learn/") for href in hrefs)
    assert f"/es/learn/{module.slug}/{translated.slug}/" in hrefs
    # The context line names the module as Spanish readers see it.
    assert html.count("· El intestino") == 2
    assert "· The gut" not in html


def test_an_english_reader_never_finds_a_translation(client):
    lesson = make_article(title="Gut microbes", body="Probiotic kefir.")
    make_translation(lesson, title="Microbios probiotic del intestino")

    html = client.get("/search/", {"q": "probiotic"}).content.decode()

    assert _titles(html, "lessons") == ["Gut microbes"]
    assert all(not href.startswith("/es/") for _t, href in _hits(html, "lessons"))


def test_a_draft_translation_is_not_found_and_its_source_is(client):
    lesson = make_article(title="Fatigue and probiotics")
    make_translation(lesson, publish=False, title="Fatiga y probióticos borrador")
    faq = make_faq(question="Does tiredness pass?")
    make_translation(faq, question="¿Pasa el cansancio?", answer="A veces.")

    spanish = client.get(ES_SEARCH, {"q": "fatiga", "exact": "1"}).content.decode()
    tired = client.get(ES_SEARCH, {"q": "cansancio"}).content.decode()
    english = client.get(ES_SEARCH, {"q": "fatigue"}).content.decode()
    source_words = client.get(ES_SEARCH, {"q": "tiredness"}).content.decode()

    assert _titles(spanish, "lessons") == []  # the draft's text is not searched
    assert _titles(tired, "faqs") == ["¿Pasa el cansancio?"]
    assert _titles(english, "lessons") == ["Fatigue and probiotics"]  # its source instead
    assert _titles(source_words, "faqs") == []  # the translation stands for its source


def test_search_site_takes_the_language_and_defaults_to_the_active_one():
    lesson = make_article(title="Sleep and microbes")
    make_translation(lesson, title="Sueño y microbios")

    spanish = search_site("microbes", language="es", correct=False)["lessons"].items
    english = search_site("microbes", correct=False)["lessons"].items
    found = search_site("microbios", language="es", correct=False)["lessons"].items

    assert [item.title for item in english] == ["Sleep and microbes"]
    assert spanish == []  # the translation stands for the source, and says "microbios"
    assert [item.title for item in found] == ["Sueño y microbios"]


def test_spanish_words_are_stemmed_in_spanish_on_postgres(client):
    lesson = make_article(title="Eating well", body="We eat yogurt.")
    make_translation(
        lesson, title="Comer bien", summary="Resumen.", body="Comemos yogur con bacterias."
    )
    english_only = make_article(title="Living with tiredness", body="Studies of people.")

    verb = _titles(client.get(ES_SEARCH, {"q": "comer"}).content.decode(), "lessons")
    form = _titles(client.get(ES_SEARCH, {"q": "comemos"}).content.decode(), "lessons")
    plural = _titles(client.get(ES_SEARCH, {"q": "bacteria"}).content.decode(), "lessons")
    english = _titles(client.get(ES_SEARCH, {"q": "study"}).content.decode(), "lessons")

    assert form == ["Comer bien"]  # the word itself, on both databases
    if POSTGRES:
        assert plural == ["Comer bien"]  # 'bacteria' and 'bacterias' share a Spanish stem
        # "comemos" matches a search for "comer" only through the Spanish stemmer
        # (English would keep 'comer' and 'comemo' apart).
        assert verb == ["Comer bien"]
        # The English source shown to Spanish readers is still stemmed in English.
        assert english == [english_only.title]
    else:  # the fallback matches letters
        assert verb == ["Comer bien"]  # the title holds "Comer"
        assert plural == ["Comer bien"]  # "bacteria" is in "bacterias"
        assert english == []  # "study" is not in "studies"


def test_only_the_spanish_stemmer_matches_the_verb_form_on_postgres():
    lesson = make_article(title="Food", body="Food.")
    make_translation(lesson, title="Alimentos", body="Comemos yogur.")

    hits = search_site("comer", language="es", correct=False)["lessons"].items

    assert [item.title for item in hits] == (["Alimentos"] if POSTGRES else [])


def test_the_search_vector_follows_the_row_language_on_postgres():
    if not POSTGRES:
        pytest.skip("SQLite has no search vectors")
    lesson = make_article(title="Bacteria", summary="Microbes.", body="Microbes.")
    translation = make_translation(lesson, title="Bacterias", summary="Microbios.", body="X.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT locale, search_vector::text FROM learn_article WHERE id IN (%s, %s)",
            [lesson.pk, translation.pk],
        )
        vectors = dict(cursor.fetchall())
    assert "'bacteria':1A" in vectors["en"]
    assert "'bacteri':1A" in vectors["es"]  # the Spanish stem
    assert "'microbi':2B" in vectors["es"]


def test_every_language_has_a_text_search_configuration(settings):
    assert {code for code, _name in settings.LANGUAGES} <= set(CONFIGS)
    assert config_for("es") == "spanish"
    assert config_for("xx") == "simple"


def test_spanish_spelling_is_corrected_from_spanish_words(client):
    lesson = make_article(title="Gut flora", body="Text.")
    make_translation(lesson, title="Microbiota intestinal", body="Texto.")

    html = client.get(ES_SEARCH, {"q": "microbiotta"}).content.decode()

    assert _titles(html, "lessons") == ["Microbiota intestinal"]
    english = search_site("microbiotta", language="en")
    assert english.total == 0 or english.close_matches  # no Spanish word to correct to
    assert english.corrected_from == ""


def test_spanish_search_query_count_does_not_grow(client, django_assert_max_num_queries):
    counts = []
    for n in (1, 15):
        module = make_module()
        for i in range(n):
            lesson = make_article(module=module, title=f"Relapse lesson {n}-{i}")
            make_translation(lesson, title=f"Recaída lección {n}-{i}")
            make_article(module=module, title=f"Relapse only English {n}-{i}")
            faq = make_faq(question=f"Relapse question {n}-{i}?")
            make_translation(faq, question=f"¿Recaída pregunta {n}-{i}?")
        client.get(ES_SEARCH, {"q": "recaída"}, headers=HTMX)  # what is cached site-wide
        with (
            django_assert_max_num_queries(20),
            CaptureQueriesContext(connection) as context,
        ):
            response = client.get(ES_SEARCH, {"q": "recaída"}, headers=HTMX)
            assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_trigger_operation_checks_its_languages_and_deconstructs_them():
    with pytest.raises(ValueError):
        SearchVectorTrigger("faq", {"question": "A"}, languages={"es": "spanish'; DROP"})
    with pytest.raises(ValueError):
        SearchVectorTrigger("faq", {"question": "A"}, languages={"es'--": "spanish"})
    operation = SearchVectorTrigger("faq", {"question": "A"}, languages={"es": "spanish"})
    assert operation.deconstruct() == (
        "SearchVectorTrigger",
        [],
        {"model_name": "faq", "weights": {"question": "A"}, "languages": {"es": "spanish"}},
    )


def _trigger_source(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s", [f"{table}_search_vector_update"]
        )
        return cursor.fetchone()[0]


def test_reversing_the_language_trigger_puts_back_the_english_one_on_postgres():
    if not POSTGRES:
        pytest.skip("SQLite has no search triggers")
    state = MigrationLoader(connection).project_state(("learn", "0012_search_vectors_by_language"))
    operation = SearchVectorTrigger(
        "faq", {"question": "A", "answer": "C"}, languages={"es": "spanish"}
    )
    assert "'spanish'::regconfig" in _trigger_source("learn_faq")

    with connection.schema_editor(atomic=False) as editor:
        operation.database_backwards("learn", editor, state, state)
    assert "spanish" not in _trigger_source("learn_faq")
    faq = make_faq(question="Bacteria")
    make_translation(faq, question="Bacterias")  # indexed in English again: no match
    assert search_site("bacteria", language="es", correct=False)["faqs"].items == []

    with connection.cursor() as cursor:  # as at the end of a migration's transaction
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("learn", editor, state, state)
    assert "'spanish'::regconfig" in _trigger_source("learn_faq")
    hits = search_site("bacteria", language="es", correct=False)["faqs"].items
    assert [faq.question for faq in hits] == ["Bacterias"]  # the refill re-indexed it
