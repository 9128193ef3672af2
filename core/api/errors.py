"""One error format for every API response that is not a success.

    {"error": {"code": "not_found", "message": "…", "details": {…}}}

`code` is a stable, machine-readable word; `message` is a plain sentence for people (it is
translated); `details` appears only when there is more to say, such as field errors.
DRF exceptions go through `exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]); Django's
own 404 and 500 for paths under /api/ go through `json_error` (core/views.py).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.exceptions import ApiError, BadRequest, NothingNamed, RequestTooLarge

API_PREFIX = "/api/"

# The code of a field error for a well-formed value that names nothing (DRF's related fields
# use it; learn.filters does too). A validation error made only of these is a 404.
NAMES_NOTHING = "does_not_exist"


# Stable codes for DRF's exceptions; a subclass with its own default_code keeps that code.
_CODES = {
    exceptions.ParseError: "malformed_json",
    exceptions.ValidationError: "invalid",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}

# Plainer words than DRF's defaults. Used only for DRF's own classes: a subclass or an
# exception raised with a specific message says what it says.
_MESSAGES = {
    "malformed_json": gettext_lazy("The request body is not valid JSON."),
    "invalid": gettext_lazy("Some of the data sent is not valid. See details."),
    "not_found": gettext_lazy("Nothing was found at this address."),
    "not_acceptable": gettext_lazy("This API only answers in JSON (application/json)."),
    "unsupported_media_type": gettext_lazy(
        "Send the request body as JSON, with the header Content-Type: application/json."
    ),
}


def error_body(code, message, details=None):
    """The error document; `details` is left out when empty."""
    body = {"code": code, "message": str(message)}
    if details:
        body["details"] = details
    return {"error": body}


def _code_for(exc):
    if isinstance(exc, ApiError):
        return exc.error_code
    for exc_class in type(exc).__mro__:
        if exc_class in _CODES:
            return _CODES[exc_class]
        if "default_code" in vars(exc_class):
            return exc_class.default_code
    return "error"


def _message_for(exc, code):
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError):
        return detail[0] if isinstance(detail, list) and detail else _MESSAGES["invalid"]
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            return _("Too many requests. Please wait a little and try again.")
        return _("Too many requests. Please wait %(seconds)d seconds and try again.") % {
            "seconds": _wait_seconds(exc)
        }
    if type(exc) in _CODES and code in _MESSAGES:
        return _MESSAGES[code]
    return detail


def _details_for(exc):
    if isinstance(exc, ApiError):
        return exc.details
    if isinstance(exc, exceptions.ValidationError):
        return exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        return {"retry_after_seconds": _wait_seconds(exc)}
    if type(exc) is exceptions.ParseError and exc.detail != exceptions.ParseError.default_detail:
        return {"reason": str(exc.detail)}
    return None


def _wait_seconds(exc):
    return max(1, int(exc.wait + 0.999))


def exception_handler(exc, context):
    """DRF's handler (status, WWW-Authenticate, Retry-After, rollback), in our format."""
    if isinstance(exc, Http404):
        # get_object_or_404's message names the model; the generic message is enough.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, exceptions.ValidationError) and _names_nothing(exc):
        exc = NothingNamed(exc.detail)
    elif isinstance(exc, RequestDataTooBig):
        # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, met when DRF reads the body to parse it.
        exc = RequestTooLarge()
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        # Django's DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES, met when DRF first reads the query
        # string. Answered here, or under DEBUG DRF fails while preparing its debug page.
        exc = BadRequest()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Not an API exception: Django's 500 handler answers (see json_error).
    code = _code_for(exc)
    response.data = error_body(code, _message_for(exc, code), _details_for(exc))
    return response


def _names_nothing(exc):
    codes = exc.get_codes()
    return (
        isinstance(codes, dict)
        and bool(codes)
        and all(
            isinstance(field_codes, list)
            and field_codes
            and all(code == NAMES_NOTHING for code in field_codes)
            for field_codes in codes.values()
        )
    )


def json_error(status_code, code, message, details=None):
    """A plain Django JSON response in the error format, for Django's own error handlers."""
    return JsonResponse(error_body(code, message, details), status=status_code)


def is_api_path(path):
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)
