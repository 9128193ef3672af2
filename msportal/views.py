"""Project-wide views: health check and error pages.

Errors under /api/ answer in the API's JSON error format (msportal/api/errors.py), whether
DRF raised them or Django did (an unknown /api/ address, an unhandled exception); every other
path keeps the HTML pages.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from msportal.api.errors import is_api_path, json_error


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
        return json_error(400, "bad_request", _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api_path(request.path):
        return json_error(404, "not_found", _("Nothing was found at this address."))
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this without the exception; the request is all we have to tell API from page.
    if request is not None and is_api_path(request.path):
        return json_error(
            500, "server_error", _("Something went wrong on our side. Please try again later.")
        )
    # Rendered without a request context: the database may be the reason we are here.
    return render(None, "500.html", status=500)
