"""core.languages.LanguageMiddleware: the language, Content-Language and Vary of each address.

It stands in for Django's LocaleMiddleware plus the redirect to a visitor's preferred language,
so where no redirect is involved its answer must be LocaleMiddleware's, header for header.
"""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import path
from django.utils import translation

from core.languages import LanguageMiddleware, path_language

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _view(request):
    response = HttpResponse(translation.get_language())
    response["Vary"] = "Cookie"  # as a session or CSRF would have set it further in
    return response


urlpatterns = [path("page/", _view)]  # a URL conf without i18n_patterns, as some tests use


def _answer(middleware_class, request):
    response = middleware_class(_view)(request)
    vary = response.get("Vary")
    return response.content.decode(), request.LANGUAGE_CODE, vary, response["Content-Language"]


@pytest.mark.parametrize("path", ["/es/learn/", "/es/", "/healthz", "/api/v1/modules/"])
@pytest.mark.parametrize(
    "preference",
    [{}, {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}, {"HTTP_COOKIE": f"{COOKIE}=es"}],
    ids=["none", "browser-es", "cookie-es"],
)
def test_prefixed_pages_and_one_address_paths_answer_as_locale_middleware(rf, path, preference):
    expected = _answer(LocaleMiddleware, rf.get(path, **preference))
    if path.startswith(("/healthz", "/api/")):  # one address: the visitor's language
        language = "es" if preference else "en"
        expected = (language, language, expected[2], language)

    assert _answer(LanguageMiddleware, rf.get(path, **preference)) == expected


def test_an_english_page_varies_by_cookie_and_browser(rf):
    answer = _answer(LanguageMiddleware, rf.get("/learn/", HTTP_ACCEPT_LANGUAGE="en-GB"))

    assert answer == ("en", "en", "Cookie, Accept-Language", "en")


def test_a_visitor_preferring_spanish_is_sent_to_the_spanish_page(rf):
    response = LanguageMiddleware(_view)(rf.get("/learn/?page=2", HTTP_COOKIE=f"{COOKIE}=es"))

    assert response.status_code == 302
    assert response["Location"] == "/es/learn/?page=2"
    assert response["Vary"] == "Accept-Language, Cookie"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("method", ["post", "put"])
def test_only_reading_an_english_page_is_redirected(rf, method):
    request = getattr(rf, method)("/learn/", HTTP_COOKIE=f"{COOKIE}=es")

    assert _answer(LanguageMiddleware, request)[:2] == ("en", "en")


def test_an_htmx_request_is_not_redirected(rf):
    request = rf.get("/learn/", HTTP_COOKIE=f"{COOKIE}=es", HTTP_HX_REQUEST="true")

    assert LanguageMiddleware(_view)(request).status_code == 200


def test_without_i18n_patterns_the_language_is_the_visitors(rf, settings):
    settings.ROOT_URLCONF = __name__

    answer = _answer(LanguageMiddleware, rf.get("/page/", HTTP_ACCEPT_LANGUAGE="es"))

    assert answer == _answer(LocaleMiddleware, rf.get("/page/", HTTP_ACCEPT_LANGUAGE="es"))
    assert answer[0] == "es"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/es",
        "/es/",
        "/es/learn/x/",
        "/es-mx/learn/",
        "/ES/",
        "/es_ES/",
        "/es-mx.x/",
        "/healthz",
        "/learn/",
        "//es/",
        "/en/",
        "/api/v1/",
        "",
    ],
)
def test_the_remembered_path_language_is_djangos(path):
    assert path_language(path) == translation.get_language_from_path(path)
    assert path_language(path) == translation.get_language_from_path(path)  # remembered


def test_the_remembered_path_language_follows_changed_languages(settings):
    assert path_language("/fr/learn/") is None
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]

    assert path_language("/fr/learn/") == "fr"


@pytest.mark.parametrize(
    ("path", "vary"),
    [("/learn/", "Accept-Language, Cookie"), ("/healthz", "Accept-Language"), ("/es/learn/", None)],
)
def test_an_answer_without_vary_gets_the_languages(rf, path, vary):
    response = LanguageMiddleware(lambda request: HttpResponse())(rf.get(path))

    assert response.get("Vary") == vary
