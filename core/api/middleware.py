"""Django's DEBUG 404 page, answered as JSON under /api/.

Without DEBUG, handler404 (core.views.page_not_found) already answers an unknown /api/ address
in the API's error format. With DEBUG, Django answers with its HTML "technical" 404 page
instead, so a client (or a schema checker) run against a development server would see a
different answer from production for a path outside the URL patterns, such as an attempt id
that is not a UUID.

Without DEBUG it takes itself out of the chain when the server loads its middleware
(MiddlewareNotUsed), so production requests do not pass through a layer that does nothing.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.utils.translation import gettext as _

from core.api.errors import is_api_path, json_error


class ApiNotFoundMiddleware:
    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and is_api_path(request.path)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return json_error(404, "not_found", _("Nothing was found at this address."))
        return response
