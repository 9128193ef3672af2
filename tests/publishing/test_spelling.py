"""The spelling corrector on its own: which words it corrects, to what, and which it leaves."""

import pytest

from publishing.search.spelling import Corrector, fold, headings

WORDS = [
    "probiotics", "probiotic", "bacteria", "myelin", "sclerosis", "vitamin", "diet",
    "gut", "brain", "axis", "fatigue", "barré", "microbiome", "microbiota",
]  # fmt: skip


def corrector(words=WORDS, counts=None):
    counts = counts or {}
    return Corrector({fold(word): (word, counts.get(word, 1)) for word in words})


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("probiotcs", "probiotics"),
        ("porbiotics", "probiotics"),
        ("mielin", "myelin"),
        ("sclerosys", "sclerosis"),
        ("fatigeu", "fatigue"),
    ],
)
def test_a_misspelt_word_becomes_the_nearest_known_word(typed, corrected):
    assert corrector().correct(typed) == corrected


def test_each_word_of_several_is_corrected_and_the_rest_kept_as_typed():
    assert corrector().correct("Probiotcs, bacteria & the GUT brian axis?") == (
        "probiotics, bacteria & the GUT brain axis?"
    )


def test_known_words_endings_and_unfinished_words_are_left_alone():
    words = corrector()

    for query in ["probiotics bacteria", "MYELIN", "bacterial", "fatigued", "probio", "microb"]:
        assert words.correct(query) == "", query


def test_words_too_far_from_any_known_word_are_left_alone():
    assert corrector().correct("xylophone quantum") == ""


def test_short_words_are_never_corrected():
    # "gtu" is one swap from "gut", but three-letter words are too often one letter apart.
    assert corrector().correct("gtu dit") == ""


def test_accents_and_case_do_not_stop_a_match_and_the_written_form_wins():
    words = corrector()

    assert words.correct("Fatigué") == "fatigue"
    assert words.correct("barre") == "barré"
    assert words.correct("Barré") == ""


def test_ties_go_to_the_more_frequent_word_then_alphabetical_order():
    # "microbiomt" is as close to "microbiome" as to "microbiota".
    assert corrector(counts={"microbiota": 5}).correct("microbiomt") == "microbiota"
    assert corrector().correct("microbiomt") == "microbiome"
    tied = corrector(words=["cart", "card"])
    assert tied.correct("carx") == "card"
    assert corrector(words=["card", "cart"]).correct("carx") == "card"


def test_an_oversized_query_is_corrected_quickly_and_only_in_its_first_words():
    words = corrector()
    query = " ".join(["probiotcs"] * 12 + ["x" * 500])

    corrected = words.correct(query)

    assert corrected.split()[:10] == ["probiotics"] * 10
    assert corrected.split()[10:12] == ["probiotcs"] * 2
    assert corrected.endswith("x" * 500)


def test_an_empty_vocabulary_corrects_nothing():
    assert Corrector({}).correct("probiotcs") == ""


def test_headings_are_read_from_markdown():
    text = "Intro\n## Think about the cost\n### Labels ###\nNot # a heading\n    # code"

    assert headings(text) == ["Think about the cost", "Labels"]
