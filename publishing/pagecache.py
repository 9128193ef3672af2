"""Whole-page cache for visitors without a session: the public reading pages from the cache.

Most people read without an account and without a session. Their home, module, lesson, FAQ,
search and quiz intro pages are the same for everyone with the same language and display
settings, so `@public_page` keeps the rendered page in Django's cache (Redis in production,
shared by every app server) for PUBLIC_PAGE_CACHE_SECONDS.

What is never cached, and never served from the cache:
- anything but GET, and htmx requests (their fragments are cheap and vary by header);
- a request with a session cookie (signed in, or an anonymous visitor with progress or a
  quiz attempt) or with pending messages: such pages are personal;
- a response that is not a 200, asks not to be cached (an editor's preview), sets a cookie
  or writes the session.

The page's CSRF tokens belong to the visitor who filled the cache: they are stored as a
placeholder and each visitor gets tokens for their own CSRF cookie.

Saving or deleting any model in CONTENT_MODELS (each app registers its models with `register`)
moves the cache to a new generation, so every cached page is stale at once. A stored page is
also never served after the next scheduled publish or expiry time of any content.
"""

import contextvars
import datetime
import functools
import hashlib
import logging
import re
import secrets

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_path

from core import cachebatch, display
from core.languages import UNPREFIXED, preferred_address
from core.middleware import has_visitor_cookie
from publishing.models import Publishable

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page:generation"
NEXT_CHANGE_KEY = "public-page:next-change"
# What a masked CSRF token looks like (django.middleware.csrf: 64 letters and digits).
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_PLACEHOLDER = "\x00csrf-token\x00"
# The response headers a cached page keeps; security headers are added on every request.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "ETag", "Last-Modified")

# Models whose rows appear on public pages, and the models of the same apps that do not
# (personal work, groups, feedback, editors' records). Each app registers its own models in
# its AppConfig.ready with `register`; a test checks that every model of the registering apps,
# apart from django-simple-history's copies, is in one list or the other.
CONTENT_MODELS: list[str] = []
OTHER_MODELS: list[str] = []


def register(*, content=(), other=()):
    """Say which models show on public pages (`content`, "app.Model" labels) and which do not.

    Saving or deleting a content model (or changing one of its many-to-many relations) makes
    every cached public page stale at once. Called from an app's `ready()`; calling it again
    with the same labels changes nothing.
    """
    for label in content:
        if label not in CONTENT_MODELS:
            CONTENT_MODELS.append(label)
            _connect(label)
    for label in other:
        if label not in OTHER_MODELS:
            OTHER_MODELS.append(label)


# The generation read once per request (PublicPageCacheMiddleware opens the scope): a
# signed-in lesson asks for it for each shared fragment, and each ask was a cache round trip.
# An edit in this process (invalidate) forgets it; an edit elsewhere shows on the next request.
_request_generation = contextvars.ContextVar("public_page_generation", default=None)


def generation():
    """The current generation of public pages (a number that grows with every content edit).

    Inside a request it is read from the cache once and remembered until the request ends.
    """
    memo = _request_generation.get()
    if memo:
        return memo[0]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    if memo is not None:
        memo.append(value)
    return value


def prefetch(request):
    """Read this request's small cache entries (core.cachebatch: the header's review count
    and group flag) and the generation in one round trip; the generation is then the
    request's (as `generation()` would have read it)."""
    found = cachebatch.prefetch(request, [GENERATION_KEY])
    memo = _request_generation.get()
    if found[GENERATION_KEY] is not None and memo is not None and not memo:
        memo.append(found[GENERATION_KEY])


def _first_generation():
    """Where a new count starts (the cache was emptied): anywhere, so that a process that
    keeps parts under an old generation (publishing.fragments.ProcessMemo) never meets the
    same number again for other content."""
    return secrets.randbelow(2**40) + 1


def _forget_generation():
    memo = _request_generation.get()
    if memo is not None:
        memo.clear()


def _scheduled_after(now):
    """The first publish or expiry time after `now` of any content, or None (one query)."""
    times = []
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        if issubclass(model, Publishable):
            for field in ("publish_at", "expires_at"):
                times.append(
                    model.objects.filter(**{f"{field}__gt": now})
                    .annotate(when=F(field))
                    .values_list("when", flat=True)
                    .order_by()
                )
    if not times:
        return None
    first = times[0].union(*times[1:], all=True).order_by("when")[:1]
    return next(iter(first), None)


def next_content_change(generation_, now):
    """The first scheduled publish or expiry after `now`, or None: what public pages (and
    anything else built from published content, like search's spelling vocabulary) show
    stays right until then, unless an edit moves the generation first.

    Worked out once per generation (and again once it has passed).
    """
    stored = cache.get(NEXT_CHANGE_KEY)
    if stored is not None and stored[0] == generation_ and (stored[1] is None or stored[1] > now):
        return stored[1]
    change = _scheduled_after(now)
    cache.set(NEXT_CHANGE_KEY, (generation_, change), timeout=None)
    return change


def valid_until(generation_, now, seconds):
    """When pages (or fragments) stored now for `seconds` stop being right: then, or at the
    next scheduled publish or expiry, whichever comes first."""
    limit = now + datetime.timedelta(seconds=seconds)
    change = next_content_change(generation_, now)
    return limit if change is None else min(limit, change)


def invalidate(**kwargs):
    """Signal receiver: content changed, so no cached public page may be served any more."""
    _forget_generation()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: nothing cached under a generation to replace
            cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    except Exception:  # the cache is down: the edit is saved; pages age out within the cache time
        logger.warning("Could not refresh the public page cache.", exc_info=True)


def _connect(label):
    model = apps.get_model(label)
    uid = f"public-page-invalidate-{label}"
    post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-delete")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"{uid}-{field.name}")


def _cacheable_request(request):
    # The same test that core.middleware.PrivatePagesMiddleware uses to mark pages personal.
    return (
        request.method == "GET"
        and not request.headers.get("HX-Request")
        and not has_visitor_cookie(request)
        and "Authorization" not in request.headers  # an API client with a token
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    )


# Paths this process has answered with @public_page: PublicPageCacheMiddleware looks only
# these up early (other requests cost no cache round trip). Emptied when it grows too big.
KNOWN_PATHS: set[str] = set()
_KNOWN_PATHS_LIMIT = 10_000


def _remember_path(request):
    if len(KNOWN_PATHS) >= _KNOWN_PATHS_LIMIT:
        KNOWN_PATHS.clear()
    KNOWN_PATHS.add(request.path)


# The display classes of a visitor without display settings (most of them), made once.
_DEFAULT_DISPLAY_CLASSES = display.classes_for(display.DEFAULTS)


def _key(request, generation_, language):
    display_values = display.parse_cookie(request.COOKIES.get(display.COOKIE_NAME))
    parts = [
        str(generation_),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        language,
        display.classes_for(display.DEFAULTS | display_values)
        if display_values
        else _DEFAULT_DISPLAY_CLASSES,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:{digest}"


def _cacheable_response(request, response):
    control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("no-cache", "no-store", "private"))
        and not (session is not None and session.modified)
    )


def _tokenless(request, content):
    """The page with this visitor's CSRF tokens replaced by a placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group(0)
        return _PLACEHOLDER if constant_time_compare(_unmask_cipher_token(token), secret) else token

    return _TOKEN.sub(replace, content)


def lookup(request, language):
    """(key, the stored page as a response or None); raises when the cache is down."""
    generation_ = generation()
    key = _key(request, generation_, language)
    stored = cache.get(key)
    if stored is None or timezone.now() >= stored[0]:
        return (generation_, key), None
    _valid, headers, content = stored
    if (response := _not_modified(request, headers)) is None:
        if _PLACEHOLDER in content:
            content = content.replace(_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, headers=headers)
    response.public_page = True  # core.middleware.PrivatePagesMiddleware: shared caches may keep it
    return (generation_, key), response


def _not_modified(request, headers):
    """A 304 with the page's validators when the client has this very page already
    (If-None-Match, If-Modified-Since), else None. `headers`: a stored page's, or a response."""
    unchanged = get_conditional_response(
        request,
        etag=headers.get("ETag"),
        last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
    )
    if unchanged is not None:
        for name in ("ETag", "Last-Modified", "Vary", "Content-Language"):
            if name in headers:
                unchanged[name] = headers[name]
    return unchanged


def public_page(view):
    """Serve this GET view from the whole-page cache to visitors without a session."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return _serve(request, lambda: view(request, *args, **kwargs), early=True)

    return wrapper


class PublicListMixin:
    """For the API's content lists (DRF list views): the same cache, after authentication,
    permissions and rate limits have run, so it is never answered early (the middleware) and
    an anonymous client over its rate still gets 429."""

    def get(self, request, *args, **kwargs):
        def make():
            # Rendered here, so that it can be stored; DRF's own finalize and render again
            # are no-ops on it.
            response = self.finalize_response(request, self.list(request, *args, **kwargs))
            return response.render()

        return _serve(request._request, make, early=False)


def _serve(request, make, *, early):
    """The stored page for this request, or make() (then stored when it may be)."""
    if not _cacheable_request(request):
        return make()
    now = timezone.now()
    language = getattr(request, "LANGUAGE_CODE", "")
    try:
        (generation_, key), stored = lookup(request, language)
    except Exception:  # the cache is down: make the page as if it were off
        logger.warning("Public page cache unavailable.", exc_info=True)
        return make()
    if early and language == request_language(request):  # the middleware picks the same key
        _remember_path(request)
    if stored is not None:
        return stored
    response = make()
    if _cacheable_response(request, response):
        _store(request, response, key, generation_, now)
        # Made again (the stored copy expired, or another process's cache holds it): the
        # ETag is the page's digest, so a client holding the same page still gets its 304.
        if (unchanged := _not_modified(request, response)) is not None:
            unchanged.public_page = getattr(response, "public_page", False)
            return unchanged
    return response


def _store(request, response, key, generation_, now):
    content = _tokenless(request, response.content.decode(response.charset))
    digest = hashlib.sha256(content.encode()).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    response["Last-Modified"] = http_date(now.timestamp())
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    try:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        cache.set(key, (valid_until(generation_, now, seconds), headers, content), seconds)
    except Exception:
        logger.warning("Could not store a public page.", exc_info=True)
    else:
        response.public_page = True


def request_language(request):
    """The language core.languages.LanguageMiddleware will choose for this page, before it runs."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    language_from_path = translation.get_language_from_path(request.path_info)
    if not language_from_path and i18n_patterns_used and not prefixed_default_language:
        language = settings.LANGUAGE_CODE
    return language


class PublicPageCacheMiddleware:
    """Answer a stored public page before sessions, language, CSRF and authentication run.

    Only for paths this process already served with @public_page, and only for the requests
    the decorator would answer from the cache (GET, no session cookie, not htmx). CSRF's own
    hooks still run on the answer: the visitor's token is read from their cookie, and a new
    one sets the cookie as it would further in. Anything else goes on down the chain, where
    the decorator makes or serves the page as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        # Made once, when the server loads its middleware: the URL conf does not change.
        self.i18n_patterns_used, _prefixed = is_language_prefix_patterns_used(settings.ROOT_URLCONF)

    def __call__(self, request):
        # A visitor whose language is not this page's is sent to their version further in.
        stays = request.path in KNOWN_PATHS and preferred_address(request) is None
        if stays and _cacheable_request(request):
            self.csrf.process_request(request)  # the visitor's CSRF secret, for get_token
            language = request_language(request)
            try:
                _key_parts, response = lookup(request, language)
            except Exception:  # the cache is down: the decorator says so further in
                response = None
            if response is not None:
                return self._as_further_in(request, response, language)
        token = _request_generation.set([])  # generation() is read once for this request
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(token)

    def _as_further_in(self, request, response, language):
        """The headers the skipped middleware would add: CSRF's cookie (and Vary: Cookie),
        LanguageMiddleware's Content-Language and Vary, CommonMiddleware's Content-Length."""
        response = self.csrf.process_response(request, response)
        if not self.i18n_patterns_used:
            patch_vary_headers(response, ("Accept-Language",))
        elif not request.path_info.startswith(UNPREFIXED) and not get_language_from_path(
            request.path_info
        ):  # core.languages.LanguageMiddleware's Vary on an unprefixed page
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        response.headers["Content-Length"] = str(len(response.content))
        return response
