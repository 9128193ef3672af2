"""English and Spanish pages: addresses, the switcher, the browser's language, hreflang.

English keeps today's unprefixed addresses, Spanish is under /es/ (core/languages.py). A
visitor's choice (the language cookie, set by the switcher) wins over their browser's
Accept-Language, which counts only until they choose.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from publishing import pagecache
from tests.factories import make_article, make_question, make_quiz
from tests.quizzes.taking import right_choice

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _html_lang(page):
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def _page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_english_stays_at_the_unprefixed_addresses_and_spanish_is_under_es(client):
    lesson = make_article(title="Fibre and the gut")
    english = lesson.get_absolute_url()
    assert not english.startswith("/es/")
    page = _page(client, english)
    assert _html_lang(page) == "en" and ">Learn</a>" in page
    spanish = _page(client, "/es" + english)
    assert _html_lang(spanish) == "es" and ">Aprender</a>" in spanish
    assert "Fibre and the gut" in spanish  # the content itself is not translated (yet)


@pytest.mark.parametrize(
    "name, words",
    [
        ("learn:home", ["Aprenda sobre la esclerosis múltiple, su intestino y los probióticos"]),
        ("learn:module-list", ["<h1>Módulos</h1>", "Saltar al contenido principal"]),
        ("quizzes:quiz-list", ["Cuestionarios"]),
        ("login", ["Iniciar sesión", "¿Olvidó su contraseña?"]),
        ("accounts:signup", ["Crear mi cuenta", "¿Ya tiene una cuenta?"]),
    ],
)
def test_spanish_pages_are_in_spanish(client, name, words):
    page = _page(client, "/es" + reverse(name))
    assert _html_lang(page) == "es"
    for word in words:
        assert word in page


def test_a_spanish_lesson_shows_dates_numbers_and_plurals_in_spanish(client):
    lesson = make_article(
        body="Palabra " * 450, last_reviewed_on=datetime.date(2026, 3, 10), evidence_as_of=None
    )
    path = lesson.get_absolute_url()
    page = _page(client, "/es" + path)
    assert "10 de marzo de 2026" in page  # msportal/formats/es
    assert "Marcar como hecha" in page
    assert "min de lectura" in page
    english = _page(client, path)
    assert "10 March 2026" in english


def test_a_quiz_step_and_its_result_are_in_spanish(client):
    quiz = make_quiz(questions=0)
    question = make_question(quiz=quiz)
    response = client.post("/es" + quiz.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/es/")
    step = _page(client, response["Location"])
    assert "Pregunta 1 de 1" in step and "Elija una respuesta." in step
    attempt_url = response["Location"].split("?")[0]
    client.post(
        attempt_url + "answer/", {"question": question.pk, "choice": right_choice(question).pk}
    )
    response = client.post(attempt_url + "submit/", {"confirm": "1"})
    assert response["Location"].startswith("/es/")
    result = _page(client, response["Location"])
    assert _html_lang(result) == "es"
    assert "Ha obtenido 1 de 1 (100%)." in result and "Sus respuestas" in result


def test_the_switcher_keeps_the_page_and_the_choice_sticks():
    lesson = make_article()
    english = lesson.get_absolute_url()
    client = Client()
    page = _page(client, english)
    # The switcher is a form (no JavaScript needed) whose `next` is this page in Spanish.
    form = re.search(r'<form method="post" action="/i18n/setlang/">(.*?)</form>', page, re.S)
    assert f'name="next" value="/es{english}"' in form.group(1)
    assert 'name="language" value="es"' in form.group(1)
    response = client.post("/i18n/setlang/", {"language": "es", "next": f"/es{english}"})
    assert response.status_code == 302 and response["Location"] == f"/es{english}"
    assert client.cookies[COOKIE].value == "es"
    # The English address now sends this visitor to the Spanish page.
    response = client.get(english)
    assert response.status_code == 302 and response["Location"] == f"/es{english}"
    # And back: the Spanish page offers English, with its English address.
    spanish = _page(client, f"/es{english}")
    assert f'name="next" value="{english}"' in spanish and 'lang="en">English</button>' in spanish
    response = client.post("/i18n/setlang/", {"language": "en", "next": english})
    assert response["Location"] == english
    assert _html_lang(_page(client, english, accept_language="es")) == "en"


def test_the_browser_language_counts_on_the_first_visit_only():
    visitor = Client()
    response = visitor.get("/learn/?page=1", headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response["Location"] == "/es/learn/?page=1"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    # English first in the browser: English.
    assert _html_lang(_page(Client(), "/learn/", accept_language="en-GB,es;q=0.5")) == "en"
    # Once English is chosen, a Spanish browser no longer moves them.
    chose_english = Client()
    chose_english.cookies[COOKIE] = "en"
    assert _html_lang(_page(chose_english, "/learn/", accept_language="es")) == "en"
    # A Spanish address is Spanish whatever the browser or cookie says.
    assert _html_lang(_page(chose_english, "/es/learn/", accept_language="en")) == "es"


def test_only_page_visits_are_redirected():
    visitor = Client()
    assert visitor.get("/healthz", headers={"accept-language": "es"}).status_code == 200
    response = visitor.get("/learn/", headers={"accept-language": "es", "hx-request": "true"})
    assert response.status_code == 200


def test_hreflang_links_point_at_each_version(client):
    lesson = make_article()
    path = lesson.get_absolute_url()
    for url in (path, f"/es{path}"):
        page = _page(client, url)
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{path}">' in page
        assert f'<link rel="alternate" hreflang="es" href="http://testserver/es{path}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{path}">' in page


def test_the_api_answers_in_the_browsers_language(client):
    response = client.get("/api/v1/modules/no-such-module/", headers={"accept-language": "es"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No se encontró nada en esta dirección."
    assert response["Content-Language"] == "es"
    english = client.get("/api/v1/modules/no-such-module/")
    assert english.json()["error"]["message"] == "Nothing was found at this address."


def test_the_page_cache_keeps_each_language_apart(django_assert_num_queries):
    lesson = make_article(title="Fibre and the gut")
    english, spanish = lesson.get_absolute_url(), "/es" + lesson.get_absolute_url()
    assert _html_lang(_page(Client(), english)) == "en"  # stored
    assert _html_lang(_page(Client(), spanish)) == "es"  # made, not the English one
    with django_assert_num_queries(0):
        assert ">Learn</a>" in _page(Client(), english)
        assert ">Aprender</a>" in _page(Client(), spanish)
    # A stored English page is not answered to a Spanish browser: it goes to the Spanish one.
    response = Client().get(english, headers={"accept-language": "es"})
    assert response.status_code == 302 and response["Location"] == spanish


def test_the_page_cache_key_holds_the_language(rf):
    request = rf.get("/learn/")
    assert pagecache._key(request, 1, "en") != pagecache._key(request, 1, "es")


def test_a_missing_page_is_in_the_readers_language_without_hreflang(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert _html_lang(page) == "es" and "No encontramos esa página" in page
    assert "hreflang" not in page


def test_pages_behind_an_unnamed_pattern_have_versions_too():
    # The rate-limited signup shadows the named one with a pattern that cannot be reversed.
    response = Client().get("/accounts/signup/", headers={"accept-language": "es"})
    assert response.status_code == 302 and response["Location"] == "/es/accounts/signup/"
    page = _page(Client(), "/es/accounts/signup/")
    assert 'name="next" value="/accounts/signup/"' in page
