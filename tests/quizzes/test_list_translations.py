"""The quiz list and a quiz's intro page in Spanish: the quiz's and its module's published
translations, else their English marked lang="en" (as the module list does), in a fixed
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing.models import Status
from tests.factories import make_module, make_quiz, make_user
from tests.quizzes.translating import en, es
from tests.quizzes.translating import make_translation as translate_quiz
from tests.translations.helpers import make_translation as translate

pytestmark = pytest.mark.django_db

LIST_NOTICE_ES = "Parte de lo que aparece aquí aún no está traducido a su idioma"

# The English list's budget (tests/quizzes/test_query_budget.py) and one query each for the
# quizzes' and the modules' translations.
SPANISH_LIST_BUDGET = 7


def translated_quiz():
    """A quiz titled "Food" in the module "Gut and brain", both with published Spanish
    translations ("[es] Food", "Intestino y cerebro")."""
    module = make_module(title="Gut and brain")
    translate(module, title="Intestino y cerebro")
    quiz = make_quiz(module=module, questions=1, title="Food")
    translate_quiz(quiz)
    return quiz


def test_spanish_list_shows_a_translated_modules_spanish_title(client):
    module = make_module(title="Gut and brain")
    translate(module, title="Intestino y cerebro")
    make_quiz(module=module, questions=1)
    page = client.get(es("quizzes:quiz-list")).text
    assert f'<a href="/es/learn/{module.slug}/">Intestino y cerebro</a>' in page
    assert "Gut and brain" not in page


def test_spanish_list_shows_an_untranslated_module_in_english_marked_so(client):
    module = make_module(title="Gut and brain")
    translate(module, publish=False, title="Borrador")
    make_quiz(module=module, questions=1)
    page = client.get(es("quizzes:quiz-list")).text
    assert f'<a href="/es/learn/{module.slug}/" lang="en">Gut and brain</a>' in page
    assert "Borrador" not in page and LIST_NOTICE_ES in page


def test_spanish_list_shows_the_quiz_title_in_spanish_else_english_marked_so(client):
    module = make_module()
    translate(module, title="Intestino y cerebro")
    translated = make_quiz(module=module, questions=1, title="Food")
    translate_quiz(translated)
    untranslated = make_quiz(module=module, questions=1, title="Sleep")
    page = client.get(es("quizzes:quiz-list")).text
    assert f'<a href="/es/quizzes/{translated.slug}/">[es] Food</a>' in page
    assert f'<a href="/es/quizzes/{untranslated.slug}/" lang="en">Sleep</a>' in page
    assert LIST_NOTICE_ES in page


def test_spanish_list_all_translated_has_no_notice_and_no_english(client):
    translated_quiz()
    page = client.get(es("quizzes:quiz-list")).text
    assert LIST_NOTICE_ES not in page and 'lang="en"' not in page.split("<main", 1)[1]


def test_english_list_is_unchanged_by_translations(client):
    quiz = translated_quiz()
    page = client.get(en("quizzes:quiz-list")).text
    assert f'<a href="/learn/{quiz.module.slug}/">Gut and brain</a>' in page
    assert f'<a href="/quizzes/{quiz.slug}/">Food</a>' in page
    assert "Intestino" not in page and "[es]" not in page
    assert "Some of what is listed here" not in page


def test_a_quiz_whose_module_is_not_public_names_no_module(client):
    module = make_module(title="Gut and brain", status=Status.DRAFT)
    translate(module, title="Intestino y cerebro")
    make_quiz(module=module, questions=1)
    page = client.get(es("quizzes:quiz-list")).text
    assert "Intestino" not in page and "Gut and brain" not in page


def test_spanish_intro_page_shows_the_translated_module_and_quiz(client):
    quiz = translated_quiz()
    page = client.get(es("quizzes:quiz-detail", quiz.slug)).text
    assert f'<a href="/es/learn/{quiz.module.slug}/">Intestino y cerebro</a>' in page
    assert "<h1>[es] Food</h1>" in page and f'<p class="lead">[es] {quiz.intro}</p>' in page


def test_spanish_intro_page_marks_english_words_lang_en(client):
    module = make_module(title="Gut and brain")
    quiz = make_quiz(module=module, questions=1, title="Food")
    page = client.get(es("quizzes:quiz-detail", quiz.slug)).text
    assert f'<a href="/es/learn/{quiz.module.slug}/" lang="en">Gut and brain</a>' in page
    assert '<h1 lang="en">Food</h1>' in page
    assert f'<p class="lead" lang="en">{quiz.intro}</p>' in page


def test_english_intro_page_is_unchanged_by_translations(client):
    quiz = translated_quiz()
    page = client.get(en("quizzes:quiz-detail", quiz.slug)).text
    assert f'<a href="/learn/{quiz.module.slug}/">Gut and brain</a>' in page
    assert "<h1>Food</h1>" in page and "Intestino" not in page


def _list_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_1_quiz_and_13_in_both_languages(client):
    client.force_login(make_user())  # the learner's attempts are read too
    counts = []
    for modules in (1, 6):
        for number in range(modules):
            module = make_module()
            if number % 2 == 0:
                translate(module, title=f"Módulo {number}")
            for _ in range(2 if modules > 1 else 1):
                quiz = make_quiz(module=module, questions=1)
                if number % 3 == 0:
                    translate_quiz(quiz)
        counts.append(
            (
                _list_queries(client, en("quizzes:quiz-list")),
                _list_queries(client, es("quizzes:quiz-list")),
            )
        )
    assert counts[0] == counts[1], counts
    assert counts[1][1] <= SPANISH_LIST_BUDGET, counts
