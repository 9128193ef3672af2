"""The growth bench (scripts/bench/growth.py) keeps working as the models change: a copy of the
sample content keeps each translation with its own source, and every page it measures answers
(it stops at the first page that does not, as it did when quizzes began to ask how sure the
learner is)."""

import sys
from pathlib import Path

import pytest
from django.conf import settings

from learn.models import FAQ, Article, Module
from quizzes.models import Quiz
from tests.sample_content import load_sample_content

BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench"
sys.path.insert(0, str(BENCH))

import growth  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    load_sample_content()


def test_a_copy_keeps_each_translation_with_its_copied_source(sample):
    models = (Module, Article, FAQ, Quiz)
    before = {model: model.objects.count() for model in models}

    growth._copy_content(1)

    for model in models:
        assert model.objects.count() == 2 * before[model]
        copies = model.objects.filter(slug__endswith="-copy-1")
        translations = copies.exclude(locale=settings.LANGUAGE_CODE)
        for translation in translations:
            source = model.objects.get(
                translation_key=translation.translation_key, locale=settings.LANGUAGE_CODE
            )
            assert source.slug.endswith("-copy-1")
        originals = model.objects.exclude(slug__contains="-copy-")
        assert not set(copies.values_list("translation_key", flat=True)) & set(
            originals.values_list("translation_key", flat=True)
        )
    assert Article.objects.filter(slug__endswith="-copy-1").exclude(locale="en").exists()


def test_every_measured_page_answers_with_a_fixed_number_of_queries(sample):
    growth._copy_content(1)

    sizes, pages = growth._measure(1, runs=1)

    assert sizes["learners"] == growth.LEARNERS_PER_FACTOR
    assert "quiz answer (POST)" in pages and "results dashboard" in pages
    assert all(queries > 0 for queries, _median in pages.values())
