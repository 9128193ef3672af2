"""Taking a quiz through the API: start (or resume), read, answer, submit; my attempts.

The views call quizzes.services, as the pages in quizzes/views/ do, and pass its refusals on
with their codes (quizzes.api.common.refusal). Who owns an attempt is the service's check
(`attempt_for_owner`): an account, or else the anonymous visitor id in the session, exactly as
on the site; anyone else gets 404. Anonymous writes need the CSRF token, as the site's forms
do (CsrfForAnonymousWrites); signed-in session writes get DRF's own CSRF check; token requests
need neither.
"""

from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.permissions import CsrfForAnonymousWrites
from core.api.schema import error_responses, slug_parameter
from core.api.throttles import DEFAULT_THROTTLES, WriteThrottle
from core.visitors import learner
from quizzes import services
from quizzes.api import examples
from quizzes.api.attempt_data import attempt_data, response_data
from quizzes.api.attempt_serializers import (
    AnswerIn,
    AnswerResultSerializer,
    AttemptSerializer,
    AttemptSummarySerializer,
    StartIn,
    SubmitIn,
)
from quizzes.api.common import refusal
from quizzes.exceptions import QuizError, QuizNotFound
from quizzes.models import Attempt, Quiz


def _render_attempt(request, attempt, status=200, headers=None):
    data = AttemptSerializer(attempt_data(request, attempt), context={"request": request}).data
    return Response(data, status=status, headers=headers)


def owned_attempt(request, attempt_id) -> Attempt:
    """The asker's attempt (account or session visitor), else a 404 like the site's."""
    try:
        return services.attempt_for_owner(attempt_id=attempt_id, **learner(request))
    except QuizError as error:
        raise refusal(error) from None


# --- documentation helpers -----------------------------------------------------------------

ATTEMPT_ID_PARAMETER = OpenApiParameter(
    "id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The attempt's id (from starting it, or from `me/attempts/`).",
    examples=[OpenApiExample("An attempt", value=examples.ATTEMPT_ID)],
)
_ATTEMPT_EXAMPLES = [
    OpenApiExample("In progress", value=examples.ATTEMPT, response_only=True),
    OpenApiExample("Submitted", value=examples.SUBMITTED_ATTEMPT, response_only=True),
]
_CSRF_403 = (
    "csrf_failed",
    "The CSRF check did not pass. Send the X-CSRFToken header with session requests.",
)
_NOT_FOUND_ATTEMPT = ("not_found", "We could not find that quiz attempt.")
_SUBMITTED = (
    "attempt_submitted",
    "This attempt is already submitted, so its answers cannot change.",
)
_WRITE_ERRORS = {
    403: [_CSRF_403],
    413: None,
    415: None,
}
WRITE_THROTTLES = [*DEFAULT_THROTTLES, WriteThrottle]


# --- views ---------------------------------------------------------------------------------


@extend_schema(
    tags=["attempts"],
    summary="Start or resume an attempt",
    parameters=[slug_parameter("The quiz's slug.", examples.QUIZ_SLUG)],
    description=(
        "Starts an attempt at a published quiz for the signed-in learner, or for the "
        "anonymous visitor of this session (send the session cookie and the CSRF token, as "
        "the site's own forms do). An unfinished attempt at the same quiz is resumed instead "
        "(200); a new one is 201, with its address in `Location`. With `assignment`, the "
        "attempt is for that assignment of one of your groups: its opening date and attempt "
        "limit apply. For a before-and-after assignment, `step` chooses the before test "
        "(taken once, first) or the after test (open once the before test is submitted or "
        "waived: else 409 `pre_test_first`). Counts toward the write rate (`api-write`)."
    ),
    request=StartIn,
    examples=[
        OpenApiExample("From an assignment", value=examples.START, request_only=True),
        *_ATTEMPT_EXAMPLES,
    ],
    responses={
        201: OpenApiResponse(AttemptSerializer, description="A new attempt."),
        200: OpenApiResponse(AttemptSerializer, description="The unfinished attempt, resumed."),
        **error_responses(
            400,
            404,
            examples={
                **_WRITE_ERRORS,
                401: [
                    ("not_authenticated", "Sign in to start a quiz from an assignment."),
                    ("invalid_token", "This API token is not valid. It may have been revoked."),
                ],
                404: [
                    ("not_found", "Nothing was found at this address."),
                    ("not_found", "We could not find that assignment among yours."),
                ],
                409: [
                    ("no_attempts_left", "You have used all the attempts this quiz allows."),
                    ("not_open", "This assignment opens later. Your educator has set the date."),
                    (
                        "pre_test_first",
                        "Take the before test first. The after test opens once you have "
                        "submitted it.",
                    ),
                    ("pre_test_done", "You have already taken the before test. It is taken once."),
                    ("wrong_step", "This assignment has no before test."),
                ],
            },
        ),
    },
)
class AttemptStart(generics.GenericAPIView):
    """POST quizzes/{slug}/attempts/."""

    permission_classes = [CsrfForAnonymousWrites]
    throttle_classes = WRITE_THROTTLES
    serializer_class = StartIn

    def post(self, request, slug):
        quiz = get_object_or_404(Quiz.objects.published().sources(), slug=slug)
        body = StartIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attempt, is_new = self.start(request, quiz, body.validated_data.get("assignment"))
        except QuizError as error:
            raise refusal(error) from None
        location = reverse("api-v1:attempt-detail", args=[attempt.pk])
        return _render_attempt(
            request,
            attempt,
            status=201 if is_new else 200,
            headers={"Location": request.build_absolute_uri(location)},
        )

    def start(self, request, quiz, assignment_id):
        """Start or resume; returns (attempt, is_new) or raises a QuizError.

        Assignments belong to the groups app, which builds on this one: its subclass of this
        view (groups.api.views.AssignmentAttemptStart) is the one served, and handles an
        `assignment`. Here no assignment is known, so any id is refused as unknown.
        """
        if assignment_id is not None:
            raise QuizNotFound(_("We could not find that assignment among yours."))
        return services.attempt_start_or_resume(quiz=quiz, **learner(request, create=True))


@extend_schema(
    tags=["attempts"],
    summary="Get an attempt",
    parameters=[ATTEMPT_ID_PARAMETER],
    description=(
        "One of your attempts: its questions and choices in the order you see them, which "
        "you answered or flagged, and the time left. `feedback` (whether you were right, the "
        "right choices, the explanation, feedback on your choices and the lesson to read "
        "again) is there only for questions you answered: right away when the quiz gives "
        "feedback after each question, after submitting when it gives feedback at the end. "
        "It is never given for a question you did not answer. An attempt whose time ran out "
        "is submitted when you ask for it. Someone else's attempt is a 404."
    ),
    examples=_ATTEMPT_EXAMPLES,
    responses={
        200: OpenApiResponse(AttemptSerializer, description="Found."),
        **error_responses(404, examples={404: [_NOT_FOUND_ATTEMPT]}),
    },
)
class AttemptDetail(generics.GenericAPIView):
    """GET attempts/{id}/."""

    permission_classes = [AllowAny]
    serializer_class = AttemptSerializer

    def get(self, request, id):  # noqa: A002 (the path's name)
        attempt = owned_attempt(request, id)
        services.attempt_expire(attempt=attempt)
        return _render_attempt(request, attempt)


@extend_schema(
    tags=["attempts"],
    summary="Answer a question",
    parameters=[ATTEMPT_ID_PARAMETER],
    description=(
        "Answers one question of the attempt, graded on the server. `choices` are ids of "
        "that question's choices: one for single-choice and true/false questions, one or "
        "more for multiple-answer ones, no repeats. With feedback at the end an answer can "
        "be changed until you submit; with feedback after each question it is final, and "
        "the answer comes with its `feedback`. Counts toward the write rate (`api-write`)."
    ),
    request=AnswerIn,
    examples=[
        OpenApiExample("An answer", value=examples.ANSWER, request_only=True),
        OpenApiExample("Answered", value=examples.RESPONSE, response_only=True),
    ],
    responses={
        200: OpenApiResponse(AnswerResultSerializer, description="The answer is saved."),
        **error_responses(
            400,
            404,
            409,
            examples={
                **_WRITE_ERRORS,
                400: [
                    (
                        "invalid_choice",
                        "That answer is not one of the choices for this question.",
                        {"choices": ["That answer is not one of the choices for this question."]},
                    ),
                    (
                        "wrong_question",
                        "That question is not part of this quiz attempt.",
                        {"question": ["That question is not part of this quiz attempt."]},
                    ),
                    (
                        "invalid",
                        "Some of the data sent is not valid. See details.",
                        {"choices": {"0": ["A whole number is required."]}},
                    ),
                ],
                404: [_NOT_FOUND_ATTEMPT],
                409: [
                    _SUBMITTED,
                    (
                        "answer_locked",
                        "You have already answered this question and seen the answer, so it "
                        "cannot be changed.",
                    ),
                    (
                        "time_over",
                        "The time for this quiz is over. We kept the answers you gave and "
                        "submitted them.",
                    ),
                ],
            },
            descriptions={
                409: "The attempt is submitted or its time is over, or the answer is final.",
            },
        ),
    },
)
class AttemptAnswer(generics.GenericAPIView):
    """POST attempts/{id}/responses/."""

    permission_classes = [CsrfForAnonymousWrites]
    throttle_classes = WRITE_THROTTLES
    serializer_class = AnswerIn

    def post(self, request, id):  # noqa: A002
        attempt = owned_attempt(request, id)
        body = AnswerIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            response = services.attempt_answer(
                attempt=attempt,
                question_id=body.validated_data["question"],
                choice_ids=body.validated_data["choices"],
                confidence=body.validated_data.get("confidence"),
            )
        except QuizError as error:
            raise refusal(error) from None
        return Response(
            AnswerResultSerializer(response_data(request, attempt, response)).data, status=200
        )


@extend_schema(
    tags=["attempts"],
    summary="Submit an attempt",
    parameters=[ATTEMPT_ID_PARAMETER],
    description=(
        "Grades and closes the attempt (unanswered questions score 0) and returns it with "
        "its score and feedback. Safe to repeat: submitting again, from a second tab or a "
        "retry, returns the same grade without grading again. The body is empty or `{}`. "
        "Counts toward the write rate (`api-write`)."
    ),
    request=SubmitIn,
    examples=[OpenApiExample("Submitted", value=examples.SUBMITTED_ATTEMPT, response_only=True)],
    responses={
        200: OpenApiResponse(AttemptSerializer, description="The graded attempt."),
        **error_responses(400, 404, examples={**_WRITE_ERRORS, 404: [_NOT_FOUND_ATTEMPT]}),
    },
)
class AttemptSubmit(generics.GenericAPIView):
    """POST attempts/{id}/submit/."""

    permission_classes = [CsrfForAnonymousWrites]
    throttle_classes = WRITE_THROTTLES
    serializer_class = SubmitIn

    def post(self, request, id):  # noqa: A002
        attempt = owned_attempt(request, id)
        SubmitIn(data=request.data).is_valid(raise_exception=True)
        graded = services.attempt_submit(attempt=attempt)
        return _render_attempt(request, graded)


@extend_schema(
    tags=["attempts"],
    summary="List my attempts",
    description=(
        "Your attempts at every quiz, newest first, without their questions (get one for "
        "those). Signed in: your account's attempts. Without an account: the attempts of "
        "this session, as the site shows them; this answer also sets the `csrftoken` "
        "cookie that an anonymous client sends back as `X-CSRFToken` to start and answer."
    ),
    responses={
        200: OpenApiResponse(AttemptSummarySerializer(many=True), description="Found."),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("My attempts", value=examples.MY_ATTEMPT, response_only=True)],
)
class MyAttempts(generics.ListAPIView):
    """GET me/attempts/."""

    permission_classes = [AllowAny]
    serializer_class = AttemptSummarySerializer

    def get_queryset(self):
        return (
            Attempt.objects.owned_by(**learner(self.request))
            .select_related("quiz")
            .only(*_SUMMARY_COLUMNS)
            .order_by("-started_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            get_token(request)  # the CSRF cookie, for the anonymous client's next write
        return super().list(request, *args, **kwargs)


_SUMMARY_COLUMNS = [
    "id",
    "quiz",
    "quiz__slug",
    "quiz__locale",  # its address (get_absolute_url) depends on it
    "quiz__title",
    "number",
    "language",
    "assignment_id",
    "started_at",
    "deadline_at",
    "submitted_at",
    "score",
    "max_score",
    "percent",
    "passed",
]
