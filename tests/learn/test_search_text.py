"""Search snippets and query parsing: escaping first, marks second; Markdown read as words."""

import pytest

from publishing.search.fallback import parse_fallback_query
from publishing.search.text import (
    START,
    STOP,
    excerpt,
    headline_html,
    highlight,
    markdown_to_text,
    marked_html,
    terms_pattern,
)
from publishing.search_operations import SearchVectorTrigger


def test_marked_html_escapes_text_and_marks_only_sentinel_pairs():
    html = marked_html(f'<b>x</b> & "{START}<i>gut</i>{STOP}" {STOP}stray{START}')

    assert html == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &quot;<mark>&lt;i&gt;gut&lt;/i&gt;</mark>&quot; stray"
    )


def test_highlight_marks_word_starts_case_insensitively_without_touching_entities():
    pattern = terms_pattern(["the", "amp", "ß"])

    html = highlight("The other & Theory amp STRASSE ß", pattern)

    assert html == (
        "<mark>The</mark> other &amp; <mark>The</mark>ory <mark>amp</mark> STRASSE <mark>ß</mark>"
    )


def test_highlight_drops_sentinels_hidden_in_the_text():
    assert highlight(f"a{START}b{STOP}c", None) == "abc"


def test_markdown_to_text_reads_markdown_as_words():
    text = markdown_to_text(
        "## What myelin does\n\nA **soft** layer.[^1] See [the lesson](/learn/x/) and "
        "`code`.\n\n- fatigue\n- pain\n\n| a | b |\n|---|---|\n| c | d |\n\n---\nEnd ~~old~~"
    )

    assert text == (
        "What myelin does · A soft layer. See the lesson and code. fatigue · pain · a b · "
        "c d · End old"
    )


def test_markdown_to_text_tidies_a_link_cut_by_an_excerpt():
    assert markdown_to_text("trial](https://example.org/a") == "trial"


def test_excerpt_centres_on_the_first_match_with_ellipses():
    words = [f"w{i}" for i in range(100)]
    words[50] = "Probiotics"

    html = excerpt(" ".join(words), terms_pattern(["probiotic"]))

    assert html.startswith("… w42 ") and html.endswith(" …")
    assert "<mark>Probiotic</mark>s" in html


def test_excerpt_without_a_match_starts_at_the_beginning():
    assert excerpt("Short text here.", terms_pattern(["zzz"])) == "Short text here."


def test_headline_gets_ellipses_only_where_it_cuts_the_text():
    headline = f"middle {START}word{STOP} here"

    assert headline_html(headline, "start of it all", "the very end") == (
        "… middle <mark>word</mark> here …"
    )
    assert headline_html(headline, "middle word here", "middle word here") == (
        "middle <mark>word</mark> here"
    )


@pytest.mark.parametrize(
    ("query", "terms", "excluded"),
    [
        ("Gut  Brain gut", ["gut", "brain"], []),
        ('"fatty acids" short', ["fatty acids", "short"], []),
        ("short -fatty", ["short"], ["fatty"]),
        ('-"fatty acids" x', ["x"], ["fatty acids"]),
        ("gut or brain", ["gut", "brain"], []),
        ('"unclosed quote', ["unclosed quote"], []),
        ('- -- ""', [], []),
        ("' OR 1=1 --", ["'", "1=1"], []),
    ],
)
def test_fallback_query_parsing(query, terms, excluded):
    assert parse_fallback_query(query) == (terms, excluded)


def test_search_vector_trigger_refuses_bad_weights_and_configs():
    with pytest.raises(ValueError):
        SearchVectorTrigger("article", {"title": "E"})
    with pytest.raises(ValueError):
        SearchVectorTrigger("article", {"title": "AB"})
    with pytest.raises(ValueError):
        SearchVectorTrigger("article", {"title": "A"}, config="english'; DROP")
    name, args, kwargs = SearchVectorTrigger("faq", {"question": "A"}).deconstruct()
    assert (name, args, kwargs) == (
        "SearchVectorTrigger",
        [],
        {"model_name": "faq", "weights": {"question": "A"}},
    )
