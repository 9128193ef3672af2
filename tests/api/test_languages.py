"""The content API in the reader's language: `?lang=es` or `Accept-Language: es`.

Items come in Spanish where a published translation exists, otherwise in English, each
saying its `language` and whether it fell back; an unknown `?lang=` is a 400 in the API's
error format; each language has its own cached list and ETag.
"""

import pytest
from django.test import Client

from tests.api.queries import list_queries
from tests.factories import make_article, make_faq, make_module, make_quiz
from tests.quizzes.translating import make_translation as make_quiz_translation
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

API = "/api/v1"
SPANISH = {"Accept-Language": "es"}


@pytest.fixture
def content():
    module = make_module(title="The gut", summary="About the gut.")
    spanish_module = make_translation(module, title="El intestino", summary="Sobre el intestino.")
    translated = make_article(module=module, position=1, title="Gut microbes")
    spanish = make_translation(translated, title="Microbios del intestino", summary="Resumen.")
    english_only = make_article(module=module, position=2, title="Kefir basics")
    draft_source = make_article(module=module, position=3, title="Sleep")
    make_translation(draft_source, publish=False, title="Sueño (borrador)")
    faq = make_faq(question="Can probiotics cure MS?")
    faq.related_articles.set([translated, english_only])
    make_translation(faq, question="¿Curan la EM los probióticos?", answer="No.")
    return {
        "module": module,
        "spanish_module": spanish_module,
        "translated": translated,
        "spanish": spanish,
        "english_only": english_only,
        "draft_source": draft_source,
    }


def _by_slug(response):
    assert response.status_code == 200, response.content
    return {item["slug"]: item for item in response.json()["results"]}


def test_lessons_come_in_spanish_where_translated_and_say_so(client, content):
    lessons = _by_slug(client.get(f"{API}/articles/", {"lang": "es"}))

    translated = lessons[content["translated"].slug]
    assert translated["title"] == "Microbios del intestino"
    assert (translated["language"], translated["language_fallback"]) == ("es", False)
    assert translated["module"]["title"] == "El intestino"
    module_slug = content["module"].slug
    assert translated["url"] == (
        f"http://testserver/es/learn/{module_slug}/{content['translated'].slug}/"
    )
    english = lessons[content["english_only"].slug]
    assert (english["title"], english["language"], english["language_fallback"]) == (
        "Kefir basics",
        "en",
        True,
    )
    draft = lessons[content["draft_source"].slug]
    assert (draft["title"], draft["language_fallback"]) == ("Sleep", True)  # draft unseen
    assert len(lessons) == 3  # one item per lesson, never both versions


def test_accept_language_asks_for_spanish_and_english_stays_the_default(content):
    spanish = Client().get(f"{API}/articles/", headers=SPANISH)
    english = Client().get(f"{API}/articles/")

    assert spanish["Content-Language"] == "es"
    assert english["Content-Language"] == "en"
    for response in (spanish, english):
        assert "Accept-Language" in response["Vary"]
    titles = {item["title"] for item in _by_slug(spanish).values()}
    assert "Microbios del intestino" in titles
    english_items = _by_slug(english).values()
    assert {item["language"] for item in english_items} == {"en"}
    assert not any(item["language_fallback"] for item in english_items)
    # ?lang= wins over the header.
    asked = _by_slug(Client().get(f"{API}/articles/", {"lang": "en"}, headers=SPANISH))
    assert "Gut microbes" in {item["title"] for item in asked.values()}


def test_module_detail_and_list_localize_the_module_and_its_lessons(client, content):
    slug = content["module"].slug
    detail = client.get(f"{API}/modules/{slug}/", {"lang": "es"}).json()
    listed = _by_slug(client.get(f"{API}/modules/", {"lang": "es"}))[slug]

    assert (detail["title"], detail["language"], detail["language_fallback"]) == (
        "El intestino",
        "es",
        False,
    )
    assert [lesson["title"] for lesson in detail["lessons"]] == [
        "Microbios del intestino",
        "Kefir basics",
        "Sleep",
    ]
    assert detail["url"] == f"http://testserver/es/learn/{slug}/"
    assert (listed["title"], listed["lesson_count"]) == ("El intestino", 3)


def test_lesson_detail_in_spanish_and_in_english(client, content):
    slug = content["translated"].slug
    spanish = client.get(f"{API}/articles/{slug}/", {"lang": "es"})
    english = client.get(f"{API}/articles/{slug}/")

    assert spanish.status_code == english.status_code == 200
    assert (spanish.json()["title"], spanish.json()["language"]) == (
        "Microbios del intestino",
        "es",
    )
    assert spanish.json()["module"]["title"] == "El intestino"
    assert spanish.json()["references"]  # the translation cites the same sources
    assert (english.json()["title"], english.json()["language"]) == ("Gut microbes", "en")


def test_faqs_come_in_spanish_with_their_related_lessons(client, content):
    faqs = list(_by_slug(client.get(f"{API}/faqs/", {"lang": "es"})).values())

    assert [faq["question"] for faq in faqs] == ["¿Curan la EM los probióticos?"]
    assert faqs[0]["answer"] == "No."
    assert sorted(lesson["title"] for lesson in faqs[0]["related_lessons"]) == [
        "Kefir basics",
        "Microbios del intestino",
    ]


@pytest.mark.parametrize("lang", ["xx", "ES", "", "es-mx", "en;drop"])
@pytest.mark.parametrize(
    "path", ["articles/", "modules/", "faqs/", "articles/{slug}/", "quizzes/", "modules/{module}/"]
)
def test_an_unknown_language_is_a_clear_400(client, content, lang, path):
    slugs = {"slug": content["translated"].slug, "module": content["module"].slug}
    response = client.get(f"{API}/" + path.format(**slugs), {"lang": lang})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "not a language of this site" in error["details"]["lang"][0]
    assert "en, es" in error["details"]["lang"][0]


def test_the_400_is_in_spanish_for_a_spanish_client(client):
    response = client.get(f"{API}/articles/", {"lang": "xx"}, headers=SPANISH)

    assert response.status_code == 400
    assert "no es un idioma de este sitio" in response.json()["error"]["details"]["lang"][0]


def test_each_language_has_its_own_cached_list_and_etag(content, django_assert_num_queries):
    english = Client().get(f"{API}/articles/")
    spanish = Client().get(f"{API}/articles/", headers=SPANISH)
    by_param = Client().get(f"{API}/articles/", {"lang": "es"})

    assert "Microbios del intestino" not in english.content.decode()
    assert "Microbios del intestino" in spanish.content.decode()
    assert spanish["ETag"] != english["ETag"]
    assert spanish["Content-Language"] == "es"
    with django_assert_num_queries(0):  # both from the cache now
        again_english = Client().get(f"{API}/articles/")
        again_spanish = Client().get(f"{API}/articles/", headers=SPANISH)
        not_modified = Client().get(
            f"{API}/articles/", headers={**SPANISH, "If-None-Match": spanish["ETag"]}
        )
        stale_etag = Client().get(
            f"{API}/articles/", headers={**SPANISH, "If-None-Match": english["ETag"]}
        )
    assert again_english.content == english.content
    assert again_spanish.content == spanish.content
    assert again_spanish["Content-Language"] == "es"
    assert not_modified.status_code == 304
    assert stale_etag.status_code == 200
    assert "Microbios del intestino" in by_param.content.decode()


@pytest.mark.parametrize(
    "path", ["articles/", "modules/", "faqs/", "modules/{module}/", "quizzes/"]
)
def test_spanish_query_counts_do_not_grow(client, path):
    counts = []
    for n in (1, 12):
        module = make_module()
        make_translation(module, title=f"Módulo {n}")
        for i in range(n):
            lesson = make_article(module=module)
            make_translation(lesson, title=f"Lección {n}-{i}")
            make_article(module=module)  # English only
            faq = make_faq()
            faq.related_articles.set([lesson])
            make_translation(faq, question=f"¿Pregunta {n}-{i}?")
            make_quiz_translation(make_quiz(module=module, questions=1))
        url = f"{API}/" + path.format(module=module.slug)
        counts.append(list_queries(client, url, lang="es"))
    assert counts[0] == counts[1], counts


def test_the_schema_documents_lang_and_the_language_fields(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    paths = ["articles/", "articles/{slug}/", "modules/", "modules/{slug}/", "faqs/"]
    for path in [*paths, "quizzes/", "quizzes/{slug}/"]:
        operation = schema["paths"][f"{API}/{path}"]["get"]
        lang = next(p for p in operation["parameters"] if p["name"] == "lang")
        assert (lang["in"], lang["schema"]["enum"]) == ("query", ["en", "es"])
        assert "400" in operation["responses"]
    for component in ("Article", "ArticleDetail", "Module", "ModuleDetail", "FAQ"):
        properties = schema["components"]["schemas"][component]["properties"]
        assert properties["language_fallback"]["type"] == "boolean"
        assert properties["language"]["type"] == "string"
    quiz = schema["components"]["schemas"]["QuizDetail"]["properties"]
    assert quiz["language"]["type"] == "string"
    assert "language_fallback" not in quiz  # no true/false field in a quiz answer
    references = schema["paths"][f"{API}/references/"]["get"]["parameters"]
    assert "lang" not in [parameter["name"] for parameter in references]


def test_quizzes_come_in_spanish_with_the_sources_slugs_and_ids(client):
    translated = make_quiz(questions=1)
    make_quiz_translation(translated)
    english_only = make_quiz(questions=1)
    question = translated.questions.get()

    listed = {q["slug"]: q for q in client.get(f"{API}/quizzes/", {"lang": "es"}).json()["results"]}
    detail = client.get(f"{API}/quizzes/{translated.slug}/", {"lang": "es"})
    english = client.get(f"{API}/quizzes/{translated.slug}/", {"lang": "en"}, headers=SPANISH)

    assert set(listed) == {translated.slug, english_only.slug}  # sources' slugs, once each
    assert (listed[translated.slug]["title"], listed[translated.slug]["language"]) == (
        f"[es] {translated.title}",
        "es",
    )
    assert (listed[english_only.slug]["title"], listed[english_only.slug]["language"]) == (
        english_only.title,
        "en",
    )
    assert detail["Content-Language"] == "es"
    body = detail.json()
    assert (body["language"], body["questions"][0]["id"]) == ("es", question.pk)
    assert body["questions"][0]["prompt"] == f"[es] {question.prompt}"
    assert (english.json()["title"], english.json()["language"]) == (translated.title, "en")
    bad = client.get(f"{API}/quizzes/", {"lang": "fr"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "invalid")


def test_quizzes_name_their_module_in_the_language_asked_for(client, content):
    module = content["module"]  # translated: "El intestino"
    on_translated = make_quiz(module=module, questions=1)
    on_english_only = make_quiz(module=make_module(title="Sleep"), questions=1)
    for lang, expected in (("es", "El intestino"), ("en", "The gut")):
        listed = _by_slug(client.get(f"{API}/quizzes/", {"lang": lang}))
        detail = client.get(f"{API}/quizzes/{on_translated.slug}/", {"lang": lang}).json()
        assert listed[on_translated.slug]["module"] == {"slug": module.slug, "title": expected}
        assert detail["module"] == {"slug": module.slug, "title": expected}
        assert listed[on_english_only.slug]["module"]["title"] == "Sleep"
