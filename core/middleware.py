"""Project middleware: request ids and log lines, extra security headers, database outages and
oversized requests under DEBUG (one layer, `RequestMiddleware`), personal pages kept out of
shared caches (`PrivatePagesMiddleware`), and two of Django's doing less per request
(`ContentSecurityPolicyMiddleware`, `MessageMiddleware`).

Each layer of middleware is paid for by every request, static files and cached pages included,
so the project's own are plain callables (no MiddlewareMixin), read request headers from
`request.META` (building `request.headers` costs more than the lookup), and leave the user
unloaded.
"""

import logging
import re
import secrets
import time

from django.conf import settings
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.handlers.exception import get_exception_response
from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.middleware import csp
from django.template.loader import render_to_string
from django.urls import get_resolver, get_urlconf
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.functional import SimpleLazyObject, empty

from core.logging import current_request_id

request_logger = logging.getLogger("msportal.request")
db_logger = logging.getLogger("msportal.db")

# What a load balancer or client may send as X-Request-ID; anything else gets a fresh id.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# URL parts that are secrets (password reset links); they never reach a log line.
_SECRET_URL_KWARGS = ("uidb64", "token")

# Browser features this site never uses. Listing them as () means no page, and no frame,
# can ask for them. Speech synthesis (read aloud) needs no permission, so it is not listed.
# interest-cohort (FLoC) is left out: browsers dropped it and Chrome logs an error for it;
# browsing-topics is what replaced it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)

RETRY_AFTER_SECONDS = 30


def _forget_request_id(**kwargs):
    current_request_id.set("")


request_finished.connect(_forget_request_id, dispatch_uid="msportal-forget-request-id")


def _logged_path(request):
    """The path without the query string, with reset-link secrets replaced by their names."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in _SECRET_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), f"<{name}>")
    return path


def _user_kind(request):
    """ "authenticated" or "anonymous", without spending a query on a log line.

    The user is looked up lazily; when nothing in the request needed it, a request with no
    session cookie is certainly anonymous, and one with a cookie is "unknown".
    """
    user = getattr(request, "user", None)
    wrapped = empty if user is None else vars(user).get("_wrapped", user)
    if wrapped is empty:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return "unknown"
        return "anonymous"
    return "authenticated" if wrapped.is_authenticated else "anonymous"


class RequestMiddleware:
    """Every request's own layer: its id and log line, two security headers, and the 503 page.

    - An id (X-Request-ID, kept when a load balancer sent a sane one) on the request, the
      response and every log line written while serving it; then one JSON line about the
      request. The line holds no personal data: no user id or name, no address, no cookies and
      no query string (search terms and join codes travel there).
    - Headers Django does not set itself: Permissions-Policy and Cross-Origin-Resource-Policy.
    - While the database is down, the friendly 503 page, and recovery by itself: errors raised
      by a view reach process_exception. Errors raised by middleware further in (sessions,
      authentication, lockouts) are turned into responses by Django before they get here, so
      core.views.server_error makes the same choice for those.
    - Under DEBUG, an oversized request gets the site's own 400 (handler400), not a 500:
      without DEBUG Django already calls handler400 (core.views.bad_request: the HTML page, or
      the API's JSON error under /api/), and Django's technical page would read the same
      oversized data again and fail. The same django.security log line is written.

    One layer rather than four: each layer costs every request a call and a frame, static
    files and cached pages included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
        request.request_id = request_id
        # Bound until request_finished, not just until we return: Django logs 4xx and 5xx
        # responses after the middleware chain, and those lines should carry the id too.
        current_request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            try:
                response = self.get_response(request)
            except (OperationalError, InterfaceError) as exc:
                # Only reached when Django lets exceptions through (DEBUG_PROPAGATE_EXCEPTIONS).
                log_database_unavailable(exc)
                response = database_unavailable_response()
            status = response.status_code
            headers = response.headers
            headers["X-Request-ID"] = request_id
            headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
            headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
            return response
        finally:
            _log_request(request, request_id, status, started)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            log_database_unavailable(exception)
            return database_unavailable_response()
        if settings.DEBUG and isinstance(exception, _OVERSIZED_REQUEST):
            security_logger = logging.getLogger(f"django.security.{type(exception).__name__}")
            security_logger.error(str(exception), extra={"status_code": 400, "request": request})
            return get_exception_response(request, get_resolver(get_urlconf()), 400, exception)
        return None


def _log_request(request, request_id, status, started):
    """The request's JSON line (core.logging.JsonFormatter writes `json_fields` as they are)."""
    level = logging.WARNING if status >= 500 else logging.INFO
    if not request_logger.isEnabledFor(level):
        return
    path = _logged_path(request)
    fields = {
        "request_id": request_id,
        "method": request.method,
        "path": path,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user": _user_kind(request),
    }
    # makeRecord and handle, as Logger.log would call them, without its search of the stack
    # for the calling line: no log format here writes it, and every request would pay for it.
    record = request_logger.makeRecord(
        request_logger.name, level, __file__, 0, "%s %s %s", (request.method, path, status),
        None, "RequestMiddleware", {"json_fields": fields},
    )  # fmt: skip
    request_logger.handle(record)


def has_visitor_cookie(request):
    """True when the request carries a session or pending messages: what it gets is personal.

    A visitor without either sees what every such visitor sees (the public page cache serves
    exactly those requests); with a session, even an anonymous one owns attempts and progress.
    """
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _is_personal(request, response):
    if has_visitor_cookie(request) or "HTTP_AUTHORIZATION" in request.META:
        return True
    if settings.SESSION_COOKIE_NAME in response.cookies:  # a session was just started
        return True
    # DRF puts the token's user here after authenticating, and login() the new user. Still the
    # lazy session user, it is anonymous: there is no session cookie, so no session to read.
    user = getattr(request, "user", None)
    if user is None or vars(user).get("_wrapped", user) is empty:
        return False
    return user.is_authenticated


class PrivatePagesMiddleware:
    """Mark every answer that depends on who is asking `Cache-Control: private, no-store`.

    One place instead of a decorator on each view, so a new personal page cannot forget it. It
    sits outside the session middleware (it sees the session cookie a response sets) and inside
    WhiteNoise, so static files never reach it. Pages for visitors without a session are left
    alone, except that a page from the public page cache says how long a shared cache may keep
    it (`public, max-age=0, s-maxage`; docs/deploy.md). A response that says `public` is left
    as it is; stricter directives already set (no-cache, must-revalidate, max-age=0) are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", ""):
            return response
        if _is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif getattr(response, "public_page", False) and not response.cookies:
            _allow_shared_caches(response)
        return response


def _allow_shared_caches(response):
    """A page from the public page cache, to a visitor without a session, setting no cookie:
    a shared cache (CDN, reverse proxy) may keep it for PUBLIC_PAGE_SHARED_CACHE_SECONDS.
    Browsers (max-age=0) ask again each time, so signing in never shows a stored copy; Vary:
    Cookie keeps a signed-in visitor's request from matching it."""
    seconds = settings.PUBLIC_PAGE_SHARED_CACHE_SECONDS
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        patch_vary_headers(response, ("Cookie",))


# Request data over Django's limits. Django answers these with the 400 page, except under
# DEBUG, where its technical page reads the same oversized data again and fails with a 500.
_OVERSIZED_REQUEST = (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)


def is_database_unavailable(exc):
    """True for errors that mean "the database cannot answer now" rather than a bug.

    Django turns the driver's connection, timeout and lock errors into these two classes.
    """
    return isinstance(exc, (OperationalError, InterfaceError))


def log_database_unavailable(exc):
    # One line, no traceback: during an outage every request ends here.
    db_logger.warning("Database unavailable: %s: %s", type(exc).__name__, str(exc).strip()[:300])


def database_unavailable_response():
    """The friendly 503 page. It is standalone: rendering it never touches the database."""
    _discard_broken_connections()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _discard_broken_connections():
    """Close connections the error left unusable, so the next request opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close_if_unusable_or_obsolete()
        except Exception:  # a broken connection may fail even to close
            db_logger.debug("Could not close a broken database connection", exc_info=True)


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the settings' policies written out once, not per response.

    build_policy turns a policy dict into the header's text, about a quarter of what every
    request spent in this layer. The text only changes with the dict, or with a nonce used
    during the request, so the settings' policies (SECURE_CSP, SECURE_CSP_REPORT_ONLY) are kept
    as text beside the dict they came from; a view's own policy (@csp_override,
    response._csp_config) and a used nonce are built per response as Django does.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._written = {}  # header -> (the settings' dict, its text)

    def process_response(self, request, response):
        nonce = csp.get_nonce(request)
        for header, attribute, setting in _CSP_HEADERS:
            config = getattr(response, attribute, _NOT_SET)
            if config is _NOT_SET:
                config = getattr(settings, setting)
            # An empty policy adds no header; one a view set already is kept.
            if not config or header in response:
                continue
            response.headers[header] = self._text(header, config, nonce)
        return response

    def _text(self, header, config, nonce):
        if nonce or config is not getattr(settings, _CSP_SETTING[header]):
            return build_policy(config, nonce)
        written = self._written.get(header)
        if written is None or written[0] is not config:
            written = self._written[header] = (config, build_policy(config))
        return written[1]


_NOT_SET = object()
_CSP_HEADERS = (
    (str(CSP.HEADER_ENFORCE), "_csp_config", "SECURE_CSP"),
    (str(CSP.HEADER_REPORT_ONLY), "_csp_ro_config", "SECURE_CSP_REPORT_ONLY"),
)
_CSP_SETTING = {header: setting for header, _attribute, setting in _CSP_HEADERS}


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's messages middleware, with the storage made when something first asks for it.

    Django makes the storage (a cookie storage with its signer, and a session storage) for
    every request and has it look for changes at the end. Most requests (the API, /healthz,
    htmx swaps without messages) never read or add a message, so the storage is a lazy object
    here: made on first use (adding a message, the template's `messages`), and left out at the
    end when nothing used it, where Django's update would have found nothing to store.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        storage = getattr(request, "_messages", None)
        if isinstance(storage, SimpleLazyObject) and vars(storage)["_wrapped"] is empty:
            return response
        return super().process_response(request, response)
