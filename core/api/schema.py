"""OpenAPI helpers: the documented error responses every endpoint shares.

Use `error_responses(400, 404)` in `extend_schema(responses=...)`: 401 (a bad token) and 429
(too many requests) are always added, because any endpoint can answer them. The token errors
every operation shares (an expired token; a read-only token on a write) are added to the whole
schema by `document_token_errors` (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from core.api.serializers import ErrorSerializer, RejectUnknownFieldsMixin

OK = "Found."

_ERRORS = {
    400: (
        "The request has a value that cannot be right (see `details`).",
        "invalid",
        "Some of the data sent is not valid. See details.",
        {"evidence_level": ["Select a valid choice. proven is not one of the available choices."]},
    ),
    401: (
        "The API token sent is not valid (unknown, revoked, expired, or badly formed).",
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
    413: (
        "The request body is larger than the server accepts.",
        "request_too_large",
        "The request body is too large.",
        None,
    ),
    415: (
        "The request body is not JSON (send Content-Type: application/json).",
        "unsupported_media_type",
        "Send the request body as JSON, with the header Content-Type: application/json.",
        None,
    ),
    429: (
        "Too many requests. Wait for the seconds in the Retry-After header.",
        "throttled",
        "Too many requests. Please wait 12 seconds and try again.",
        {"retry_after_seconds": 12},
    ),
}


def _example(status, code, message, details=None):
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return OpenApiExample(code, value={"error": body}, status_codes=[str(status)])


def error_response(status, examples=None, description=None):
    """One documented error status; `examples` are (code, message[, details]) tuples that
    replace the generic example, `description` the generic description."""
    generic_description, code, message, details = _ERRORS[status]
    cases = examples or [(code, message, details)]
    return OpenApiResponse(
        ErrorSerializer,
        description=description or generic_description,
        examples=[_example(status, *case) for case in cases],
    )


def error_responses(*statuses, examples=None, descriptions=None):
    """Documented error responses for `statuses`, plus 401 and 429.

    `examples` and `descriptions` ({status: …}) tell an endpoint's own story, such as the
    codes its 409 can have; a status named there is documented even if not in `statuses`.
    """
    examples, descriptions = examples or {}, descriptions or {}
    return {
        status: error_response(status, examples.get(status), descriptions.get(status))
        for status in sorted({*statuses, *examples, 401, 429})
    }


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


# Raised by the token authentication (accounts/api_auth.py) on any operation.
TOKEN_EXPIRED = ("token_expired", "This token has expired. Make a new one on your account page.")
TOKEN_READ_ONLY = (
    "token_read_only",
    "This API token can only read. To change data, make a token that can read and write on "
    "your account page.",
)
_WRITE_METHODS = {"post", "put", "patch", "delete"}


def _add_example(operation, status, description, code, message):
    """Add one error example to an operation's response `status`, creating it if needed."""
    response = operation["responses"].setdefault(
        str(status),
        {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    )
    examples = response["content"]["application/json"].setdefault("examples", {})
    name = "".join(part.capitalize() for part in code.split("_"))
    examples[name] = {"value": {"error": {"code": code, "message": message}}, "summary": code}


def document_token_errors(result, generator, request, public):
    """drf-spectacular hook: every operation can answer `token_expired` (401), and every
    write can answer `token_read_only` (403), without each view having to say so."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _add_example(operation, 401, _ERRORS[401][0], *TOKEN_EXPIRED)
            if method in _WRITE_METHODS:
                _add_example(
                    operation,
                    403,
                    "Signed in, but not allowed to do this (or the token can only read).",
                    *TOKEN_READ_ONLY,
                )
    return result


class RejectUnknownFieldsSchema(OpenApiSerializerExtension):
    """A body that refuses unknown fields says so: `additionalProperties: false`, so the
    400 for a field the API does not accept is what the schema promises."""

    target_class = RejectUnknownFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema
