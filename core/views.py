"""Project-wide views: health check, error pages and the login lockout page.

Errors under /api/ answer in the API's JSON error format (core/api/errors.py), whether
DRF raised them or Django did (an unknown /api/ address, an unhandled exception); every other
path keeps the HTML pages.
"""

import sys

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.api.errors import is_api_path, json_error
from core.api.exceptions import BadRequest
from core.login_limits import cooloff_seconds, wait_minutes
from core.middleware import database_unavailable_response, is_database_unavailable


@never_cache
@require_GET
def healthz(request):
    """Liveness plus a round trip to the database; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception):
    """400 from Django itself: a request body over the size limit, a bad Host header."""
    if is_api_path(request.path):
        return json_error(400, BadRequest.default_code, BadRequest.default_detail)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api_path(request.path):
        return json_error(404, "not_found", _("Nothing was found at this address."))
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, or the 503 page when the error was the database being unreachable.

    Django calls this while it handles the exception, so sys.exception() is that error. This is
    how database errors raised in middleware (loading a session, checking a lockout) still get
    the friendly 503 page: Django turns those into a response before our middleware sees them.
    """
    if is_database_unavailable(sys.exception()):
        return database_unavailable_response()
    # An API client gets the JSON error format, not an HTML page.
    if request is not None and is_api_path(request.path):
        return json_error(
            500, "server_error", _("Something went wrong on our side. Please try again later.")
        )
    # Rendered without a request context: the database may be the reason we are here.
    return render(None, "500.html", status=500)


def lockout(request, original_response=None, credentials=None):
    """The page shown after too many wrong passwords (django-axes' AXES_LOCKOUT_CALLABLE).

    The wait is the cool-off, or the account's shorter slowdown when that is what refused the
    login (core.auth_backends.LockoutBackend sets it on the request).
    """
    seconds = getattr(request, "login_wait_seconds", None) or cooloff_seconds()
    context = {"minutes": wait_minutes(seconds)}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
