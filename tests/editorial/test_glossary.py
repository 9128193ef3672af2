"""Glossary terms: the glossary page, and lessons linking each term's first use."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.models import GlossaryTerm
from editorial.services import glossary_entries
from publishing.models import Status
from publishing.rendering import GlossaryEntry, link_glossary_terms, render_markdown
from tests.editorial.helpers import make_term
from tests.factories import make_article
from tests.learn.helpers import elements, executable_parts

pytestmark = pytest.mark.django_db

MYELIN = GlossaryEntry(
    slug="myelin",
    term="myelin",
    variants=("myelin", "myelin sheath"),
    definition="A fatty layer around nerve fibres.",
    url="/glossary/#myelin",
)
CNS = GlossaryEntry(
    slug="central-nervous-system",
    term="central nervous system",
    variants=("central nervous system", "CNS"),
    definition="The brain, spinal cord and optic nerves.",
    url="/glossary/#central-nervous-system",
)
MICROBIOME = GlossaryEntry(
    slug="gut-microbiome",
    term="gut microbiome",
    variants=("gut microbiome", "microbiome"),
    definition="The microbes in the gut.",
    url="/glossary/#gut-microbiome",
)


def linked(markdown, entries=(MYELIN, CNS, MICROBIOME)):
    return link_glossary_terms(render_markdown(markdown), list(entries))


def term_links(html):
    return [attrs["href"] for tag, attrs in elements(html) if attrs.get("class") == "term"]


def test_first_use_of_a_term_becomes_a_link_with_a_hidden_definition():
    html = linked("MS damages myelin. Without myelin, signals slow down.")

    assert html.count('class="term"') == 1
    assert (
        '<a class="term" href="/glossary/#myelin" data-definition="def-myelin">myelin</a>' in html
    )
    assert '<span id="def-myelin" class="term-definition" hidden>' in html
    assert "<strong>Myelin:</strong> A fatty layer around nerve fibres." in html
    assert html.endswith("Without myelin, signals slow down.</p>\n")


def test_matching_ignores_case_and_keeps_the_readers_text():
    html = linked("Myelin protects nerves.")

    assert 'data-definition="def-myelin">Myelin</a>' in html


def test_matching_is_on_whole_words_only():
    html = linked("Myelinated fibres, anti-myelin antibodies and remyelination.")

    assert term_links(html) == []


def test_each_term_is_linked_once_and_several_terms_are_linked():
    html = linked("The CNS has myelin. The central nervous system and myelin again.")

    assert term_links(html) == ["/glossary/#central-nervous-system", "/glossary/#myelin"]
    assert 'data-definition="def-central-nervous-system">CNS</a>' in html


def test_the_longest_form_wins_and_a_term_spanning_a_line_break_matches():
    html = linked("The gut\nmicrobiome differs. The microbiome again.")

    assert term_links(html) == ["/glossary/#gut-microbiome"]
    assert 'data-definition="def-gut-microbiome">gut\nmicrobiome</a>' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[myelin](https://example.org/myelin)",
        "## Myelin basics",
        "Code: `myelin`",
        "```\nmyelin\n```",
        '[link with title](https://example.org "about myelin")',
    ],
    ids=["link", "heading", "code", "code-block", "attribute"],
)
def test_terms_are_never_linked_in_links_headings_code_or_attributes(markdown):
    html = linked(markdown)

    assert term_links(html) == []
    assert html == render_markdown(markdown)


def test_a_term_skipped_inside_a_link_is_linked_at_its_next_use():
    html = linked("[myelin](https://example.org) and then myelin in text.")

    assert term_links(html) == ["/glossary/#myelin"]
    assert 'and then <a class="term"' in html


def test_unusual_letters_that_fold_to_a_term_do_not_break_the_page():
    entry = GlossaryEntry("strain", "strain", ("strain",), "A type.", "/glossary/#strain")

    html = linked("The \u017ftrain (long s) and the strain.", [entry])

    assert len(term_links(html)) == 1


def test_citation_numbers_are_not_touched():
    entry = GlossaryEntry("one", "1", ("1",), "One.", "/glossary/#one")

    html = linked("A claim.[^1]", [entry])

    assert term_links(html) == []


def test_html_without_terms_comes_back_unchanged():
    source = render_markdown("Plain words, **bold**, a [link](https://example.org) & more <b>.")

    assert link_glossary_terms(source, [MYELIN]) == source
    assert link_glossary_terms(source, []) == source
    assert link_glossary_terms("", [MYELIN]) == ""


def test_escaped_text_stays_escaped_after_linking():
    html = linked("Myelin & nerves: 1 < 2, <script>alert(1)</script>")

    assert "&amp; nerves: 1 &lt; 2, &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert executable_parts(html) == []


def test_a_definition_with_html_in_it_is_shown_as_text():
    entry = GlossaryEntry(
        slug="myelin",
        term='myelin"><script>',
        variants=("myelin",),
        definition='<img src=x onerror=alert(1)> "quoted" & <b>bold</b>',
        url="/glossary/#myelin",
    )

    html = linked("About myelin.", [entry])

    assert executable_parts(html) == []
    assert '&lt;img src=x onerror=alert(1)&gt; "quoted" &amp; &lt;b&gt;bold&lt;/b&gt;' in html
    assert "<script>" not in html


def test_term_variants_come_from_the_term_and_its_other_forms():
    term = GlossaryTerm(
        term="microglia", also_matches=" microglial ,, Microglia,  microglial cells"
    )

    assert term.variants == ["microglia", "microglial", "microglial cells"]


def test_a_word_claimed_by_another_term_is_refused():
    GlossaryTerm.objects.all().delete()
    make_term(term="probiotic", also_matches="probiotics")
    clash = GlossaryTerm(
        term="probiotic supplement", slug="ps", also_matches="Probiotics", short_definition="x"
    )

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    assert "also_matches" in error.value.message_dict
    assert "probiotic" in error.value.message_dict["also_matches"][0]


def test_a_short_definition_over_300_characters_is_refused():
    term = GlossaryTerm(term="long", slug="long", short_definition="x" * 301)

    with pytest.raises(ValidationError) as error:
        term.full_clean()

    assert "short_definition" in error.value.message_dict


def test_seeded_terms_are_published_with_plain_definitions():
    expected = {
        "myelin",
        "central nervous system",
        "microglia",
        "dysbiosis",
        "gut microbiome",
        "short-chain fatty acids",
        "EAE",
        "EDSS",
        "regulatory T cells",
        "cytokines",
        "intestinal barrier",
        "placebo",
        "randomised controlled trial",
        "disease-modifying therapy",
        "probiotic",
        "prebiotic",
        "strain",
        "relapsing-remitting MS",
    }
    terms = {term.term: term for term in GlossaryTerm.objects.published()}

    assert expected <= set(terms)
    for term in terms.values():
        term.full_clean()  # lengths, unique words
        assert 20 <= len(term.short_definition) <= 300
    assert "microglial" in terms["microglia"].variants
    assert "experimental autoimmune encephalomyelitis" in terms["EAE"].variants


def test_glossary_page_lists_published_terms_a_to_z_with_anchors(client):
    GlossaryTerm.objects.all().delete()
    make_term(term="placebo", slug="placebo", short_definition="A dummy treatment.")
    make_term(term="Cytokines", slug="cytokines", short_definition="Messenger proteins.")
    make_term(term="cytokine storm", slug="storm", body="More **detail**.")
    make_term(term="draft word", slug="draft-word", status=Status.DRAFT)
    make_term(
        term="future word",
        slug="future-word",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )

    response = client.get("/glossary/")

    html = response.content.decode()
    assert response.status_code == 200
    ids = [attrs.get("id") for tag, attrs in elements(html) if tag == "dt"]
    assert ids == ["storm", "cytokines", "placebo"]  # "cytokine storm" < "Cytokines"
    assert 'href="#letter-c"' in html and 'id="letter-p"' in html
    assert "A dummy treatment." in html
    assert "<strong>detail</strong>" in html
    assert "draft word" not in html and "future word" not in html


def test_glossary_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(30):
        make_term()

    with django_assert_num_queries(1):  # the terms; an anonymous reader has no session
        assert client.get("/glossary/").status_code == 200


def test_lesson_page_links_terms_at_render_time_without_saving_the_lesson(client):
    GlossaryTerm.objects.all().delete()
    article = make_article(body="Gut bacteria make butyrate from fibre.")
    before = client.get(article.get_absolute_url()).content.decode()
    assert "def-butyrate" not in before

    make_term(term="butyrate", slug="butyrate", short_definition="A short-chain fatty acid.")
    html = client.get(article.get_absolute_url()).content.decode()

    assert 'href="/glossary/#butyrate"' in html
    assert '<span id="def-butyrate" class="term-definition" hidden>' in html
    assert "A short-chain fatty acid." in html


def test_lesson_page_skips_draft_terms(client):
    GlossaryTerm.objects.all().delete()
    make_term(term="butyrate", slug="butyrate", status=Status.DRAFT)
    article = make_article(body="Gut bacteria make butyrate.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "def-butyrate" not in html


def test_glossary_terms_are_read_once_per_request():
    request = RequestFactory().get("/")
    make_term()

    with CaptureQueriesContext(connection) as queries:
        first = glossary_entries(request)
        second = glossary_entries(request)

    assert len(queries) == 1
    assert first is second


def test_lesson_page_queries_stay_the_same_with_1_or_30_terms(client):
    counts = []
    for n in (1, 30):
        body = " ".join(f"word{n}x{i}" for i in range(n))
        for i in range(n):
            make_term(term=f"word{n}x{i}", slug=f"word-{n}-{i}")
        article = make_article(body=body)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        assert len(re.findall(r'class="term-definition"', html)) == n
        counts.append(len(queries))

    assert counts[0] == counts[1]
