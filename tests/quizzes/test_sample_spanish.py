"""The Spanish sample module (learn/sample_content/es/, quizzes/sample_content/es/) has a
counterpart for every English item of its module, with text, and the same structure."""

import importlib
import re
import tomllib

import pytest

from learn.sample_files import DEFAULT_PATH, read_sample_content
from learn.sample_translations import languages, read_translated_sample
from publishing.rendering import cited_numbers, render_markdown
from quizzes.sample_loader import SAMPLE_DIR

MODULE = "limits-and-future"
QUIZ = "reading-the-evidence"
GLOSSARY = importlib.import_module("editorial.migrations.0003_seed_glossary").TERMS


pytestmark = pytest.mark.django_db  # reading the English files checks slugs in the database


@pytest.fixture
def english():
    content = read_sample_content(DEFAULT_PATH)
    assert not content.problems
    return content


@pytest.fixture
def spanish():
    return read_translated_sample("es")


def _lessons(english):
    return {i.data["slug"]: i for i in english.items["lessons"] if i.module == MODULE}


def _heading_ids(markdown):
    return re.findall(r'<h[234] id="([^"]+)"', render_markdown(markdown))


def _uses(text, variants):
    words = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.search(rf"(?<![\w-])(?:{words})(?![\w-])", text, re.IGNORECASE) is not None


def test_spanish_is_a_translated_language():
    assert "es" in languages()


def test_module_has_spanish_title_and_summary(spanish):
    module = spanish.items["modules"][MODULE]
    assert module["title"].strip() and module["summary"].strip()
    assert set(spanish.items["modules"]) == {MODULE}


def test_every_lesson_has_a_spanish_counterpart_with_the_same_citations(english, spanish):
    lessons = _lessons(english)
    translated = spanish.items["lessons"]
    assert set(translated) == {(MODULE, slug) for slug in lessons}
    for slug, lesson in lessons.items():
        es = translated[(MODULE, slug)]
        assert es["position"] == lesson.position
        assert all(es[name].strip() for name in ("title", "summary", "body"))
        assert es["title"] != lesson.data["title"] and es["body"] != lesson.body
        # Same sources cited, same sections: quiz anchors point to the same place.
        assert cited_numbers(es["body"]) == cited_numbers(lesson.body), slug
        assert len(_heading_ids(es["body"])) == len(_heading_ids(lesson.body)), slug


def test_every_faq_of_the_module_has_a_spanish_counterpart(english, spanish):
    lessons = _lessons(english)
    # A module's FAQs link to at least one of its lessons.
    faqs = {
        faq.data["slug"]
        for faq in english.items["faqs"]
        if set(faq.data.get("related_lessons", [])) & set(lessons)
    }
    assert faqs and set(spanish.items["faqs"]) == faqs
    for faq in spanish.items["faqs"].values():
        assert faq["question"].strip() and faq["answer"].strip()


def test_every_learning_objective_has_a_spanish_counterpart(spanish):
    english = tomllib.loads((DEFAULT_PATH / "objectives.toml").read_text())["objectives"]
    codes = {(o["module"], o["code"]) for o in english if o["module"] == MODULE}
    assert set(spanish.items["objectives"]) == codes
    assert all(o["text"].startswith("Puedo ") for o in spanish.items["objectives"].values())


def test_every_glossary_term_the_lessons_use_has_a_spanish_counterpart(english, spanish):
    english_text = " ".join(lesson.body for lesson in _lessons(english).values())
    used = {
        slug
        for term, slug, also, _definition in GLOSSARY
        if _uses(english_text, [term, *filter(None, map(str.strip, also.split(",")))])
    }
    assert used and set(spanish.items["glossary"]) == used
    spanish_text = " ".join(lesson["body"] for lesson in spanish.items["lessons"].values())
    for slug, term in spanish.items["glossary"].items():
        variants = [term["term"], *filter(None, map(str.strip, term["also_matches"].split(",")))]
        assert _uses(spanish_text, variants), f"{slug}: the Spanish lessons never use it"
        assert 0 < len(term["short_definition"]) <= 300


def test_quiz_has_the_same_questions_choices_and_correct_answers(english):
    source = tomllib.loads((SAMPLE_DIR / f"{QUIZ}.toml").read_text())
    es = tomllib.loads((SAMPLE_DIR / "es" / f"{QUIZ}.toml").read_text())
    assert es["slug"] == QUIZ and es["title"].strip() and es["intro"].strip()
    assert len(es["questions"]) == len(source["questions"])
    lessons = _lessons(english)
    spanish_lessons = read_translated_sample("es").items["lessons"]
    pairs = zip(source["questions"], es["questions"], strict=True)
    for number, (en_q, es_q) in enumerate(pairs, start=1):
        assert es_q["kind"] == en_q["kind"], number
        assert es_q["prompt"].strip() and es_q["explanation"].strip(), number
        assert len(es_q["choices"]) == len(en_q["choices"]), number
        for en_c, es_c in zip(en_q["choices"], es_q["choices"], strict=True):
            assert es_c["correct"] == en_c["correct"], number
            assert es_c["text"].strip() and es_c["feedback"].strip(), number
            assert bool(es_c["misconception"]) == bool(en_c["misconception"]), number
        # The anchor is the Spanish heading in the place of the English one.
        en_ids = _heading_ids(lessons[en_q["lesson"]].body)
        es_ids = _heading_ids(spanish_lessons[(MODULE, en_q["lesson"])]["body"])
        assert es_q["anchor"] == es_ids[en_ids.index(en_q["anchor"])], number


def test_true_false_choices_are_verdadero_then_falso():
    es = tomllib.loads((SAMPLE_DIR / "es" / f"{QUIZ}.toml").read_text())
    for question in es["questions"]:
        if question["kind"] == "true_false":
            assert [c["text"] for c in question["choices"]] == ["Verdadero", "Falso"]
