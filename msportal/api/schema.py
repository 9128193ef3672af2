"""OpenAPI helpers: the documented error responses every endpoint shares.

Use `error_responses(400, 404)` in `extend_schema(responses=...)`: 401 (a bad token) and 429
(too many requests) are always added, because any endpoint can answer them.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from msportal.api.serializers import ErrorSerializer

OK = "Found."

_ERRORS = {
    400: (
        "The request has a value that cannot be right (see `details`).",
        "invalid",
        "Some of the data sent is not valid. See details.",
        {"evidence_level": ["Select a valid choice. proven is not one of the available choices."]},
    ),
    401: (
        "The API token sent is not valid (unknown, revoked, or badly formed).",
        "invalid_token",
        "This API token is not valid. It may have been revoked.",
        None,
    ),
    403: (
        "Signed in, but not allowed to do this.",
        "permission_denied",
        "You do not have permission to perform this action.",
        None,
    ),
    404: (
        "Nothing here: an unknown or unpublished item, or a page number past the end.",
        "not_found",
        "Nothing was found at this address.",
        None,
    ),
    409: (
        "The request clashes with the current state of the resource.",
        "conflict",
        "This clashes with the current state of the resource.",
        None,
    ),
    429: (
        "Too many requests. Wait for the seconds in the Retry-After header.",
        "throttled",
        "Too many requests. Please wait 12 seconds and try again.",
        {"retry_after_seconds": 12},
    ),
}


def error_response(status):
    description, code, message, details = _ERRORS[status]
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(code, value={"error": body}, status_codes=[str(status)])],
    )


def error_responses(*statuses):
    """Documented error responses for `statuses`, plus 401 and 429."""
    return {status: error_response(status) for status in sorted({*statuses, 401, 429})}


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def slug_parameter(description, example):
    """The `{slug}` path parameter of a detail endpoint, with an example value."""
    return OpenApiParameter(
        "slug",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        required=True,
        description=description,
        pattern=SLUG_PATTERN,
        examples=[OpenApiExample(example, value=example)],
    )
