"""Which language a page is in, and its addresses in the other languages.

English pages keep their unprefixed addresses; every other language has its prefix (`/es/…`),
through `i18n_patterns(prefix_default_language=False)` in msportal/urls.py. `LanguageMiddleware`
takes the language from the address alone, as Django's LocaleMiddleware does with such patterns,
so an unprefixed address is always English; and it adds what LocaleMiddleware leaves out: a
visitor whose language cookie (set by the switcher, Django's `set_language`) or, when they never
chose, whose browser (`Accept-Language`) asks for another language is sent from an unprefixed
page to the same page in that language. Once they choose English with the switcher, the cookie
says so and their browser's preference no longer counts. The API and the admin have one address
for every language: they answer in the same preferred language (cookie, then `Accept-Language`).

A signed-in person's choice on the switcher is also kept on their account, for the emails we
send them: core names no app, so accounts registers how to store it (`register_language_saver`)
and `set_language` below calls it after Django's own view accepted the language.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.http import HttpResponseRedirect
from django.urls import is_valid_path, translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    activate,
    get_language,
    get_language_from_path,
    get_language_info,
    override,
)
from django.utils.translation import get_language_from_request as preferred_language
from django.views.i18n import set_language as django_set_language

# Only these stay outside i18n_patterns (msportal/urls.py): one address for every language.
UNPREFIXED = ("/api/", "/admin/", "/healthz", "/i18n/", "/static/")


def path_language(path):
    """get_language_from_path(path), remembered per first segment of the path.

    Django's answer depends on that segment only, and for a segment that is no language
    ("learn", "api", "healthz": nearly every request) it costs two exceptions each time."""
    if not path.startswith("/"):
        return get_language_from_path(path)
    return _segment_language(path[1:].partition("/")[0])


@functools.lru_cache(maxsize=512)
def _segment_language(segment):
    return get_language_from_path(f"/{segment}/")


def _forget_segment_languages(*, setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):  # tests change them
        _segment_language.cache_clear()


setting_changed.connect(_forget_segment_languages, dispatch_uid="core.languages.segments")


def address_in(full_path, code):
    """This page's address (path and query) in language `code`; itself when it has no version."""
    current = get_language_from_path(full_path) or settings.LANGUAGE_CODE
    if code == current or full_path.startswith(UNPREFIXED):
        return full_path
    translated = translate_url(full_path, code)
    if translated != full_path:
        return translated
    # A pattern without a name (the rate-limited signup) cannot be reversed: swap the prefix.
    bare = full_path if current == settings.LANGUAGE_CODE else full_path[len(current) + 1 :]
    candidate = bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
    with override(code):
        return candidate if is_valid_path(urlsplit(candidate).path) else full_path


def preferred_address(request):
    """Where a visit to an unprefixed page goes when the visitor's cookie or browser asks for
    another language; None when it stays here. The page cache asks too, before answering."""
    path = request.path_info
    if path.startswith(UNPREFIXED) or path_language(path) is not None:
        return None
    return _preferred_address_of_page(request)


def _preferred_address_of_page(request):
    """preferred_address for a page whose address has no language prefix (so it is English)."""
    if request.method not in ("GET", "HEAD") or request.META.get("HTTP_HX_REQUEST"):
        return None
    code = preferred_language(request)
    if code == settings.LANGUAGE_CODE:  # the page is already in it
        return None
    full_path = request.get_full_path()
    target = address_in(full_path, code)
    return None if target == full_path else target


class LanguageMiddleware:
    """Activate each request's language; send a visitor who prefers another language from an
    unprefixed page to its version.

    In place of Django's LocaleMiddleware, with the same outcome for msportal's URL conf (and
    for one without i18n_patterns, as in some tests): the language, request.LANGUAGE_CODE,
    `Content-Language` and `Vary`. One layer that reads the address's language once, where
    LocaleMiddleware and a second middleware read it four times a request and LocaleMiddleware
    also weighed the cookie and `Accept-Language` for pages whose language is the address's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
        if prefixed_default:
            raise ImproperlyConfigured(
                "core.languages.LanguageMiddleware expects English pages without a prefix: "
                "i18n_patterns(..., prefix_default_language=False)."
            )
        from_path = path_language(path)
        page = not path.startswith(UNPREFIXED)
        if i18n_patterns_used and page:
            language = from_path or settings.LANGUAGE_CODE
        else:  # the API, the admin, /healthz: one address, the visitor's language
            language = preferred_language(request)
        activate(language)
        request.LANGUAGE_CODE = get_language()

        target = _preferred_address_of_page(request) if page and from_path is None else None
        if target is not None:
            response = HttpResponseRedirect(target)
        else:
            response = self.get_response(request)
        if page and from_path is None:
            # Who gets this English page depends on the language cookie and the browser.
            _vary(response, ("Accept-Language", "Cookie"))
        elif not (i18n_patterns_used and from_path):
            _vary(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", get_language())
        return response


def _vary(response, names):
    """patch_vary_headers, which parses and rejoins the header, written directly when the
    response has no Vary yet (most answers at this depth)."""
    if "Vary" in response.headers:
        patch_vary_headers(response, names)
    else:
        response.headers["Vary"] = ", ".join(names)


def language_versions(request):
    """This page in every language: code, local name, path, absolute address, and is it this one.

    The addresses are made while this page's language is active, so the switcher can post each
    as `next` already translated (Django's set_language runs in English, the language of its
    own unprefixed address, where a prefixed address does not resolve).
    """
    current = get_language()
    full_path = request.get_full_path()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "path": (path := address_in(full_path, code)),
            "url": request.build_absolute_uri(path),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def _store_nowhere(user, code) -> None:
    return None


# Keeps a signed-in person's chosen language; accounts registers the real one (its apps.py).
_language_saver = _store_nowhere


def register_language_saver(saver):
    """Let the accounts app say how to keep an account's language: saver(user, code)."""
    global _language_saver
    _language_saver = saver


def set_language(request):
    """The switcher's target: Django's `set_language` (the cookie and the redirect), and for a
    signed-in person the same choice kept on their account. Django sets the cookie only for a
    POST, but for any language it has a catalog for ("fr" too), so only the site's languages
    are kept: anything else stores nothing."""
    response = django_set_language(request)
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    chosen = cookie.value if cookie is not None else None
    if chosen in dict(settings.LANGUAGES) and request.user.is_authenticated:
        _language_saver(request.user, chosen)
    return response
