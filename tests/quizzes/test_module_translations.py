"""A module's quizzes on the module page and at the module's end (the `module_quizzes` tag) in
Spanish: each quiz's published translation, else its English marked lang="en"; the English
pages unchanged; a translation published shows on the very next page, kept or cached; a fixed
number of queries whatever the number of quizzes."""

import pytest

from publishing.models import Status
from publishing.workflow import item_move
from quizzes.models import Quiz
from tests.factories import approve, make_article, make_module, make_quiz, make_user
from tests.learn.test_views_queries import MODULE_BUDGET
from tests.quizzes.test_list_translations import _list_queries
from tests.quizzes.translating import en, es
from tests.quizzes.translating import make_translation as translate_quiz
from tests.translations.helpers import make_translation as translate

pytestmark = pytest.mark.django_db

CHECK_ES = "Compruebe lo que ha aprendido: "


@pytest.fixture
def module_with_quizzes():
    """A module with one lesson and two quizzes: "Food" (translated) and "Sleep" (not)."""
    module = make_module(title="Gut and brain", slug="gut-brain")
    lesson = make_article(module=module, title="Bacteria", slug="bacteria")
    food = make_quiz(module=module, questions=1, title="Food", intro="About food.")
    translate_quiz(food)
    sleep = make_quiz(module=module, questions=1, title="Sleep", intro="About sleep.")
    return module, lesson, food, sleep


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.text


def test_spanish_module_page_shows_a_translated_quiz_in_spanish(client, module_with_quizzes):
    _module, _lesson, food, _sleep = module_with_quizzes
    page = _page(client, es("learn:module-detail", "gut-brain"))
    assert f'<a href="/es/quizzes/{food.slug}/">[es] Food</a>' in page
    assert '<span class="muted">[es] About food.</span>' in page
    assert ">Food</a>" not in page


def test_spanish_module_page_marks_an_untranslated_quiz_english(client, module_with_quizzes):
    _module, _lesson, _food, sleep = module_with_quizzes
    page = _page(client, es("learn:module-detail", "gut-brain"))
    assert f'<a href="/es/quizzes/{sleep.slug}/" lang="en">Sleep</a>' in page
    assert '<span class="muted" lang="en">About sleep.</span>' in page


def test_english_module_page_is_unchanged_by_quiz_translations(client, module_with_quizzes):
    _module, _lesson, food, sleep = module_with_quizzes
    page = _page(client, en("learn:module-detail", "gut-brain"))
    assert f'<a href="/quizzes/{food.slug}/">Food</a>' in page
    assert '<span class="muted">About food.</span>' in page
    assert f'<a href="/quizzes/{sleep.slug}/">Sleep</a>' in page
    assert "[es]" not in page and 'lang="en"' not in page.split("<main", 1)[1]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "learner"])
def test_module_end_shows_quiz_titles_in_the_readers_language(
    client, module_with_quizzes, signed_in
):
    if signed_in:  # the lesson page is then kept whole with holes (publishing/holes.py)
        client.force_login(make_user())
    path = ("learn:article-detail", "gut-brain", "bacteria")
    spanish = _page(client, es(*path))
    assert f"{CHECK_ES}<span>[es] Food</span>" in spanish
    assert f'{CHECK_ES}<span lang="en">Sleep</span>' in spanish
    english = _page(client, en(*path))
    assert "Check what you learned: <span>Food</span>" in english
    assert "Check what you learned: <span>Sleep</span>" in english
    assert "[es]" not in english


def _publish_translation(quiz):
    """A Spanish translation of `quiz`, drafted, approved and published as editors do."""
    draft = translate(quiz, publish=False, title="Comida", intro="Sobre la comida.")
    approve(draft)
    item_move(item=draft, to_status=Status.PUBLISHED)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "learner"])
def test_a_published_quiz_translation_shows_on_the_next_spanish_page(client, signed_in):
    # A visitor's pages come from the public page cache, a learner's lesson from the kept page.
    if signed_in:
        client.force_login(make_user())
    module = make_module(slug="gut-brain")
    make_article(module=module, slug="bacteria")
    quiz = make_quiz(module=module, questions=1, title="Food")
    module_path = es("learn:module-detail", "gut-brain")
    lesson_path = es("learn:article-detail", "gut-brain", "bacteria")
    assert 'lang="en">Food</a>' in _page(client, module_path)
    assert f'{CHECK_ES}<span lang="en">Food</span>' in _page(client, lesson_path)
    # A change that sends no signal is not seen: the pages really come from the cache.
    Quiz.objects.filter(pk=quiz.pk).update(title="Unseen")
    if not signed_in:
        assert "Unseen" not in _page(client, module_path)
    assert "Unseen" not in _page(client, lesson_path)

    _publish_translation(quiz)

    module_page = _page(client, module_path)
    assert f'<a href="/es/quizzes/{quiz.slug}/">Comida</a>' in module_page
    assert '<span class="muted">Sobre la comida.</span>' in module_page
    assert f"{CHECK_ES}<span>Comida</span>" in _page(client, lesson_path)


def test_module_page_runs_the_same_queries_for_1_quiz_and_13_in_both_languages(client):
    client.force_login(make_user())  # a learner's page: never from the public page cache
    counts = []
    for quizzes in (1, 13):
        module = make_module()
        translate(module, title="Módulo")
        translate(make_article(module=module), title="Lección")
        for number in range(quizzes):
            quiz = make_quiz(module=module, questions=1)
            if number % 2 == 0:
                translate_quiz(quiz)
        counts.append(
            (
                _list_queries(client, en("learn:module-detail", module.slug)),
                _list_queries(client, es("learn:module-detail", module.slug)),
            )
        )
    assert counts[0] == counts[1], counts
    assert counts[1][0] <= MODULE_BUDGET, counts
    # Spanish: one query each for the module's, its lessons' and its quizzes' translations.
    assert counts[1][1] <= MODULE_BUDGET + 3, counts


def test_spanish_module_page_lists_quizzes_in_the_order_of_the_titles_shown(client):
    """Sorted as a reader scans them: "¿Árbol…" comes before "Milk", whatever the English."""
    module = make_module(title="Food", slug="food")
    for title, spanish in (("Apples", "Zanahorias"), ("Bread", "¿Árbol o pan?"), ("Milk", "")):
        quiz = make_quiz(module=module, questions=1, title=title)
        if spanish:
            Quiz.objects.filter(pk=translate_quiz(quiz).pk).update(title=spanish)

    spanish_page = _page(client, es("learn:module-detail", "food"))
    english_page = _page(client, en("learn:module-detail", "food"))

    def order(page, titles):
        return sorted(titles, key=lambda title: page.index(f">{title}</a>"))

    assert order(spanish_page, ["Zanahorias", "¿Árbol o pan?", "Milk"]) == [
        "¿Árbol o pan?",
        "Milk",
        "Zanahorias",
    ]
    assert order(english_page, ["Milk", "Bread", "Apples"]) == ["Apples", "Bread", "Milk"]
