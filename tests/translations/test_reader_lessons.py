"""Reading pages in Spanish: lessons, FAQs, the glossary, home and the module list.

Each shows a published translation when there is one, else the English with a short Spanish
notice (never a 404); the English text is then marked lang="en" while the page stays "es".
Progress stays on the source lesson; shared fragments are kept apart per language; the query
budgets grow by one query at most (two at a module's end, with its quizzes), and not with the
number of items.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from learn.models import LessonProgress
from learn.objectives import LearningObjective
from publishing import pagecache
from publishing.models import Status
from quizzes.models import Quiz
from tests.editorial.helpers import make_term
from tests.factories import make_article, make_faq, make_module, make_topic, make_user
from tests.learn.test_views_queries import (
    FAQ_BUDGET,
    HOME_BUDGET,
    LAST_LESSON_BUDGET,
    LESSON_BUDGET,
    LESSON_SHARED_BUDGET,
    MODULE_LIST_BUDGET,
    _lesson_with,
    _mark_done,
)
from tests.quizzes.translating import make_translation as translate_quiz
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

NOTICE = "Esta página aún no está traducida a su idioma"
LIST_NOTICE = "Parte de lo que aparece aquí aún no está traducido a su idioma"


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _path(item):
    """`item`'s English address (a Spanish request leaves Spanish active in the thread)."""
    with translation.override("en"):
        return item.get_absolute_url()


@pytest.fixture
def module_with_lessons():
    module = make_module(title="Gut and brain", slug="gut-brain")
    first = make_article(module=module, position=1, title="Bacteria", slug="bacteria")
    second = make_article(module=module, position=2, title="Diet", slug="diet")
    third = make_article(module=module, position=3, title="Sleep", slug="sleep")
    return module, first, second, third


def test_a_translated_lesson_reads_in_spanish_with_spanish_navigation(client, module_with_lessons):
    module, first, second, third = module_with_lessons
    make_translation(module, title="Intestino y cerebro")
    make_translation(first, title="Bacterias")
    make_translation(second, title="Dieta", summary="Qué comer.", body="Coma **verduras**.")
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert '<html lang="es"' in page
    assert 'id="lesson-title">Dieta</h1>' in page  # Spanish text: no lang="en" on it
    assert "Coma <strong>verduras</strong>." in page
    assert NOTICE not in page
    # Previous lesson translated, next one not (English, marked as such); /es/ addresses.
    assert 'href="/es/learn/gut-brain/bacteria/" rel="prev"' in page
    assert "</span> <span>Bacterias</span></a>" in page
    assert 'href="/es/learn/gut-brain/sleep/" rel="next"' in page
    assert '<span lang="en">Sleep</span>' in page
    assert "Intestino y cerebro" in page and "Gut and brain" not in page
    assert 'aria-current="page">Dieta</a>' in page
    # The done form posts to the Spanish address of the same (source) lesson.
    assert 'action="/es/learn/gut-brain/diet/done/"' in page
    english = _get(client, "/learn/gut-brain/diet/")
    assert 'id="lesson-title">Diet</h1>' in english and "Dieta" not in english


def test_an_untranslated_lesson_shows_the_english_marked_english_with_the_notice(
    client, module_with_lessons
):
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert '<html lang="es"' in page
    assert NOTICE in page
    assert 'id="lesson-title" lang="en">Diet</h1>' in page
    assert 'id="lesson-body" lang="en"' in page
    assert "Su progreso" in page  # the page's own words stay Spanish


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_a_lesson_translation_not_yet_published_is_not_shown(client, module_with_lessons, status):
    _module, _first, second, _third = module_with_lessons
    translation = make_translation(second, publish=False, title="Dieta en revisión")
    translation.status = status
    translation.save()
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert "Dieta en revisión" not in page
    assert 'lang="en">Diet</h1>' in page and NOTICE in page


def test_marking_a_spanish_lesson_done_marks_its_source(client, module_with_lessons):
    _module, _first, second, _third = module_with_lessons
    translation = make_translation(second, title="Dieta")
    client.force_login(user := make_user())
    response = client.post("/es/learn/gut-brain/diet/done/", {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/es/learn/gut-brain/diet/#lesson-done"
    assert LessonProgress.objects.filter(user=user, article=second).exists()
    assert not LessonProgress.objects.filter(article=translation).exists()
    assert "Ha marcado esta lección como hecha." in _get(client, "/es/learn/gut-brain/diet/")
    assert "You marked this lesson as done." in _get(client, "/learn/gut-brain/diet/")


def test_shared_fragments_are_kept_apart_per_language(client, settings, module_with_lessons):
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    _module, _first, second, _third = module_with_lessons
    make_translation(second, title="Dieta", body="Coma verduras.")
    for _round in range(2):  # the second round comes from the shared cache
        english = _get(client, "/learn/gut-brain/diet/")
        spanish = _get(client, "/es/learn/gut-brain/diet/")
        assert "Coma verduras." in spanish and 'id="lesson-title">Dieta</h1>' in spanish
        assert "Coma verduras." not in english and 'id="lesson-title">Diet</h1>' in english
        # The way on (a fragment of its own) names the Spanish lesson in Spanish only.
        assert "Dieta" not in english


def test_the_last_spanish_lesson_names_the_next_module_in_spanish(client, module_with_lessons):
    _module, _first, _second, third = module_with_lessons
    following = make_module(title="Sleep and MS", position=third.module.position + 1)
    make_article(module=following)
    make_translation(following, title="El sueño y la EM")
    page = _get(client, "/es/learn/gut-brain/sleep/")
    assert "El sueño y la EM" in page and "Sleep and MS" not in page
    assert f'href="/es/learn/{following.slug}/" rel="next"' in page


def test_objectives_show_the_module_translation_s_text(client, module_with_lessons):
    module, _first, second, _third = module_with_lessons
    objective = LearningObjective.objects.create(module=module, code="a", text="Name a food")
    objective.articles.add(second)
    make_translation(second, title="Dieta")
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert '<li lang="en">Name a food</li>' in page  # the module has no translation yet
    module_es = make_translation(module, title="Intestino y cerebro")
    module_es.objectives.filter(code="a").update(text="Nombrar un alimento")
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert "<li>Nombrar un alimento</li>" in page and "Name a food" not in page


# The glossary's inline definitions -------------------------------------------------------------


def test_a_spanish_lesson_explains_its_words_with_the_spanish_glossary(client, module_with_lessons):
    _module, _first, second, _third = module_with_lessons
    term = make_term(term="bacteria", slug="bacteria-term", short_definition="Tiny living things.")
    make_translation(term, term="bacterias", short_definition="Seres vivos diminutos.")
    untranslated = make_term(term="colon", slug="colon", short_definition="Part of the gut.")
    second.body = "Bacteria live in the colon."
    second.save()
    make_translation(second, title="Dieta", body="Las bacterias viven en el colon.")
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert 'href="/es/glossary/#bacteria-term"' in page
    assert "Seres vivos diminutos." in page and "Tiny living things." not in page
    # An English-only term is not explained inside Spanish text (its definition is English).
    assert f"#{untranslated.slug}" not in page and "Part of the gut." not in page
    english = _get(client, "/learn/gut-brain/diet/")
    assert "Tiny living things." in english and "Part of the gut." in english
    assert "Seres vivos" not in english


def test_an_english_lesson_on_a_spanish_page_keeps_the_english_glossary(
    client, module_with_lessons
):
    _module, _first, second, _third = module_with_lessons
    term = make_term(term="bacteria", slug="bacteria-term", short_definition="Tiny living things.")
    make_translation(term, term="bacterias", short_definition="Seres vivos diminutos.")
    second.body = "Bacteria live here."
    second.save()
    page = _get(client, "/es/learn/gut-brain/diet/")
    assert NOTICE in page
    assert "Tiny living things." in page and 'href="/es/glossary/#bacteria-term"' in page


# FAQs -----------------------------------------------------------------------------------------


def test_spanish_faq_pages_show_the_translation_with_spanish_lesson_titles(client):
    lesson = make_article(title="Bacteria")
    make_translation(lesson, title="Bacterias")
    faq = make_faq(question="What is a probiotic?", answer="Live microbes.", slug="probiotic")
    faq.related_articles.add(lesson)
    make_translation(faq, question="¿Qué es un probiótico?", answer="Microbios vivos.")
    for url in ("/es/faq/", "/es/faq/probiotic/"):
        page = _get(client, url)
        assert "¿Qué es un probiótico?" in page and "Microbios vivos." in page
        assert "What is a probiotic?" not in page and "Live microbes." not in page
        assert f'<a href="/es{_path(lesson)}">Bacterias</a>' in page
        assert NOTICE not in page and LIST_NOTICE not in page


def test_an_untranslated_faq_shows_the_english_with_the_notice(client):
    lesson = make_article(title="Bacteria")
    faq = make_faq(question="What is a probiotic?", answer="Live microbes.", slug="probiotic")
    faq.related_articles.add(lesson)
    detail = _get(client, "/es/faq/probiotic/")
    assert NOTICE in detail
    assert 'id="probiotic" lang="en">What is a probiotic?</h1>' in detail
    assert f'<a href="/es{_path(lesson)}" lang="en">Bacteria</a>' in detail
    listing = _get(client, "/es/faq/")
    assert LIST_NOTICE in listing
    assert '<summary class="faq__question" lang="en">What is a probiotic?</summary>' in listing


def test_a_faq_translation_in_review_is_not_shown(client):
    faq = make_faq(question="What is a probiotic?", slug="probiotic")
    translation = make_translation(faq, publish=False, question="¿Borrador?")
    translation.status = Status.IN_REVIEW
    translation.save()
    for url in ("/es/faq/", "/es/faq/probiotic/"):
        page = _get(client, url)
        assert "¿Borrador?" not in page and "What is a probiotic?" in page
    assert NOTICE in _get(client, "/es/faq/probiotic/")


# The glossary, home and the module list -------------------------------------------------------


def test_the_spanish_glossary_page_lists_spanish_terms_a_to_z(client):
    term = make_term(term="zinc", slug="zinc", short_definition="A metal.")
    make_translation(term, term="ácido zinc", short_definition="Un metal.")
    make_term(term="bile", slug="bile", short_definition="A liquid.")
    in_review = make_term(term="nerve", slug="nerve", short_definition="A cable.")
    make_translation(in_review, publish=False, term="nervio en revisión", short_definition="x")
    page = _get(client, "/es/glossary/")
    assert '<dt id="zinc">ácido zinc</dt>' in page and "Un metal." in page
    assert "A metal." not in page and "nervio en revisión" not in page
    assert '<dt id="bile" lang="en">bile</dt>' in page
    assert LIST_NOTICE in page
    # "ácido" is filed under A, ahead of "bile".
    assert page.index('id="letter-a"') < page.index('id="zinc"') < page.index('id="bile"')


def test_a_fully_translated_glossary_shows_no_notice(client):
    from editorial.models import GlossaryTerm

    GlossaryTerm.objects.all().delete()
    make_translation(make_term(term="bile", short_definition="A liquid."), term="bilis")
    page = _get(client, "/es/glossary/")
    assert "bilis" in page and LIST_NOTICE not in page


@pytest.mark.parametrize("url", ["/es/", "/es/learn/"])
def test_home_and_module_list_show_spanish_modules(client, url):
    translated = make_module(title="Gut and brain", summary="About the gut.")
    lesson = make_article(module=translated, title="Bacteria")
    make_translation(translated, title="Intestino y cerebro", summary="Sobre el intestino.")
    make_translation(lesson, title="Bacterias")
    page = _get(client, url)
    assert "Intestino y cerebro" in page and "Sobre el intestino." in page
    assert "Gut and brain" not in page and LIST_NOTICE not in page
    if url == "/es/":  # where to start: the first lesson, in Spanish, in its Spanish module
        assert f'href="/es{_path(lesson)}">Bacterias</a>' in page
        assert "Del módulo “Intestino y cerebro”" in page
    make_module(title="Sleep")
    make_article(module=make_module(title="Sleep and MS"))
    page = _get(client, url)
    assert LIST_NOTICE in page and 'lang="en">Sleep and MS</a>' in page


# Query budgets: at most one more query in Spanish, constant in the number of items ------------


def _count(client, url, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture(params=["visitor", "learner"])
def reader(request, client):
    if request.param == "learner":
        client.force_login(make_user())
    return client


@pytest.mark.parametrize(
    ("last", "budget"),
    # At a module's end, one more: its quizzes' Spanish titles (quizzes.translations).
    [(False, LESSON_BUDGET), (True, LAST_LESSON_BUDGET + 1)],
    ids=["middle", "last"],
)
def test_spanish_lesson_query_count_does_not_grow(
    reader, last, budget, django_assert_max_num_queries
):
    counts = []
    for n in (1, 30):
        article, lessons = _lesson_with(n, last=last)
        for lesson in lessons[::3]:
            make_translation(lesson, title=f"Lección {lesson.pk}")
        make_translation(article.module, title="Módulo")
        for quiz in Quiz.objects.filter(module=article.module)[::2]:
            translate_quiz(quiz)
        _mark_done(reader, lessons[::2])
        url = "/es" + _path(article)
        pagecache.next_content_change(pagecache.generation(), timezone.now())
        counts.append(_count(reader, url, budget + 1, django_assert_max_num_queries))
        counts.append(_count(reader, url, LESSON_SHARED_BUDGET, django_assert_max_num_queries))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_spanish_faq_pages_query_count_does_not_grow(reader, django_assert_max_num_queries):
    counts = []
    for n in (1, 30):
        topic = make_topic()
        for i in range(n):
            faq = make_faq(topic=topic)
            faq.related_articles.add(lesson := make_article())
            if i % 2 == 0:
                make_translation(faq, question=f"¿Pregunta {faq.pk}?")
                make_translation(lesson, title=f"Lección {lesson.pk}")
        counts.append(_count(reader, "/es/faq/", FAQ_BUDGET + 1, django_assert_max_num_queries))
        detail = f"/es/faq/{faq.slug}/"
        counts.append(_count(reader, detail, FAQ_BUDGET + 1, django_assert_max_num_queries))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_spanish_glossary_page_query_count_does_not_grow(reader, django_assert_max_num_queries):
    counts = []
    for n in (1, 30):
        for i in range(n):
            term = make_term()
            if i % 2 == 0:
                make_translation(term, term=f"término {term.pk}")
        with CaptureQueriesContext(connection) as english:
            reader.get("/glossary/")
        budget = len(english.captured_queries) + 1
        counts.append(_count(reader, "/es/glossary/", budget, django_assert_max_num_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("url", "extra"),
    [("/es/", 2), ("/es/learn/", 1)],
    ids=["home", "list"],  # home: the modules, and where to start, in Spanish
)
def test_spanish_module_lists_query_count_does_not_grow(
    reader, url, extra, django_assert_max_num_queries
):
    budget = (HOME_BUDGET if url == "/es/" else MODULE_LIST_BUDGET) + extra
    _mark_done(reader, [make_article()])
    small = _count(reader, url, budget, django_assert_max_num_queries)
    for i in range(11):
        lesson = make_article(module=make_module())
        if i % 2:
            make_translation(lesson.module, title=f"Módulo {i}")
            make_translation(lesson, title=f"Lección {i}")
        _mark_done(reader, [lesson])
    large = _count(reader, url, budget, django_assert_max_num_queries)
    assert small == large


def test_lesson_pages_point_to_both_versions_and_say_their_text_s_language(
    client, module_with_lessons
):
    _module, _first, second, third = module_with_lessons
    make_translation(second, title="Dieta")
    spanish = _get(client, "/es/learn/gut-brain/diet/")
    fallback = _get(client, "/es/learn/gut-brain/sleep/")
    for page, path in ((spanish, "diet"), (fallback, "sleep")):
        assert f'hreflang="en" href="http://testserver/learn/gut-brain/{path}/"' in page
        assert f'hreflang="es" href="http://testserver/es/learn/gut-brain/{path}/"' in page
        assert '<html lang="es"' in page
    # The structured data names the language of the text, not of the page around it.
    assert '"inLanguage":"es"' in spanish
    assert '"inLanguage":"en"' in fallback


def test_the_spanish_module_page_marks_english_lessons_english(client, module_with_lessons):
    module, first, _second, _third = module_with_lessons
    make_translation(module, title="Intestino y cerebro")
    make_translation(first, title="Bacterias")
    page = _get(client, "/es/learn/gut-brain/")
    assert "<h1>Intestino y cerebro</h1>" in page
    assert 'href="/es/learn/gut-brain/bacteria/">Bacterias</a>' in page
    assert 'href="/es/learn/gut-brain/diet/" lang="en">Diet</a>' in page


def test_feedback_on_a_spanish_lesson_is_kept_on_the_translation(client, module_with_lessons):
    from editorial.models import Feedback

    _module, _first, second, _third = module_with_lessons
    translation = make_translation(second, title="Dieta")
    page = _get(client, "/es/learn/gut-brain/diet/")
    action = f"/es/feedback/lesson/{translation.pk}/"
    assert f'action="{action}"' in page
    response = client.post(action, {"helpful": "no", "kind": "other", "message": "Falta algo."})
    assert response.status_code == 302
    assert Feedback.objects.get().message == "Falta algo."
    # A translation not published yet takes no feedback, and nothing is stored.
    draft = make_translation(make_article(), publish=False, title="Borrador")
    response = client.post(f"/es/feedback/lesson/{draft.pk}/", {"helpful": "yes", "kind": "other"})
    assert response.status_code == 404
    assert Feedback.objects.count() == 1
