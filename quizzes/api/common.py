"""What the quiz-taking and group endpoints share: turning a service's refusal into an API
error, and the data-only serializer base.
"""

from rest_framework import serializers, status

from core.api.exceptions import ApiError
from core.api.serializers import ReadOnlyFieldsMixin
from quizzes.exceptions import QuizConflict, QuizError, QuizNotFound


# The status for each kind of QuizError (quizzes/exceptions.py), whichever app raised it:
# another person's (or an unknown) quiz, attempt, assignment or card is 404; a request that
# clashes with the current state (an attempt over or locked, not open yet, a card not due, a
# before test to take first) is 409; input that names the wrong thing is the client's
# mistake (400).
def refusal_status(error: QuizError) -> int:
    if isinstance(error, QuizNotFound):
        return status.HTTP_404_NOT_FOUND
    if isinstance(error, QuizConflict):
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


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
        status_code=refusal_status(error),
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
