"""What the quiz-taking and group endpoints share: turning a service's refusal into an API
error, and the data-only serializer base.
"""

from rest_framework import serializers, status

from core.api.exceptions import ApiError
from core.api.serializers import ReadOnlyFieldsMixin
from quizzes.exceptions import QuizError

# The status for each QuizError code (quizzes/exceptions.py). Input that names the wrong
# thing is the client's mistake (400); an attempt that is over, locked or not open yet
# clashes with the current state (409); an attempt or quiz that is not the asker's is 404.
REFUSAL_STATUS = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "wrong_question": status.HTTP_400_BAD_REQUEST,
    "invalid_choice": status.HTTP_400_BAD_REQUEST,
    "no_choice": status.HTTP_400_BAD_REQUEST,
    "too_many_choices": status.HTTP_400_BAD_REQUEST,
    "no_confidence": status.HTTP_400_BAD_REQUEST,
    "invalid_confidence": status.HTTP_400_BAD_REQUEST,
    "attempt_submitted": status.HTTP_409_CONFLICT,
    "answer_locked": status.HTTP_409_CONFLICT,
    "time_over": status.HTTP_409_CONFLICT,
    "not_open": status.HTTP_409_CONFLICT,
    "no_attempts_left": status.HTTP_409_CONFLICT,
    # The review queue's refusals (review.services), in the same format.
    "not_due": status.HTTP_409_CONFLICT,
    # Before-and-after assignments (the groups app's refusals, by code).
    "pre_test_first": status.HTTP_409_CONFLICT,
    "pre_test_done": status.HTTP_409_CONFLICT,
    "pre_test_waived": status.HTTP_409_CONFLICT,
    "wrong_step": status.HTTP_409_CONFLICT,
}

# Which body field a 400 is about, so `details` points at it as a field error would.
_REFUSAL_FIELD = {
    "wrong_question": "question",
    "invalid_choice": "choices",
    "no_choice": "choices",
    "too_many_choices": "choices",
    "no_confidence": "confidence",
    "invalid_confidence": "confidence",
}


def refusal(error: QuizError) -> ApiError:
    """The API error for a quiz service's refusal: its code, its message, a fitting status."""
    message = str(error.message)
    field = _REFUSAL_FIELD.get(error.code)
    return ApiError(
        message,
        status_code=REFUSAL_STATUS.get(error.code, status.HTTP_400_BAD_REQUEST),
        code=error.code,
        details={field: [message]} if field else None,
    )


# Describes (and renders) an answer built as a dict from several models; every field
# read-only and present, as in core.api.serializers.OutputSerializer.
class DataSerializer(ReadOnlyFieldsMixin, serializers.Serializer):
    pass


def absolute(request, path):
    """`path` as a full address on this site, or None for no path."""
    return request.build_absolute_uri(path) if path else None
