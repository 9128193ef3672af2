"""API exceptions beyond DRF's own, each with a stable error code (core/api/errors.py)."""

from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status


class Conflict(exceptions.APIException):
    """The request clashes with the current state (for example: an attempt already submitted)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This clashes with the current state of the resource.")
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


class BadRequest(exceptions.APIException):
    """A request Django refuses to read: more query or form fields, or files, than it allows."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The request could not be understood.")
    default_code = "bad_request"


class CsrfFailed(exceptions.PermissionDenied):
    default_detail = gettext_lazy(
        "The CSRF check did not pass. Send the X-CSRFToken header with session requests."
    )
    default_code = "csrf_failed"


class ApiError(exceptions.APIException):
    """An error whose status, code and details are chosen where it is raised.

    For passing on a service's refusal with the service's own code, such as a quiz rule
    (quizzes.exceptions.QuizError: `invalid_choice`, `attempt_submitted`, …).
    """

    def __init__(self, message, *, status_code, code, details=None):
        super().__init__(message, code)
        self.status_code = status_code
        self.error_code = code
        self.details = details


class NothingNamed(ApiError):
    """Well-formed values that name nothing (an unknown slug or id): a 404 with the field errors.

    The schema cannot list which slugs exist, so such a value is valid as far as it says; the
    answer is the one for an unknown address, with `details` naming the value.
    """

    def __init__(self, details):
        super().__init__(
            gettext_lazy("Nothing was found for a value sent. See details."),
            status_code=status.HTTP_404_NOT_FOUND,
            code="not_found",
            details=details,
        )
