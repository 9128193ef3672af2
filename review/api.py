"""The review queue through the API: the due cards, and answering one.

The views call review.services, as the pages do, and pass refusals on in the attempts' error
format (quizzes.api.common.refusal): another person's card is 404 `not_found`, a card that
is not due (answered already, learned or retired) is 409 `not_due`, bad choices or confidence
are 400. Ownership is the account, or else the anonymous visitor id of the session.
"""

from django.middleware.csrf import get_token
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.permissions import CsrfForAnonymousWrites
from core.api.schema import error_responses
from core.api.serializers import MAX_ID, RejectUnknownFieldsMixin, StrictIntegerField
from core.visitors import learner
from quizzes.api.attempt_data import feedback_data
from quizzes.api.attempt_serializers import AttemptChoiceSerializer, FeedbackSerializer
from quizzes.api.attempts import WRITE_THROTTLES
from quizzes.api.common import DataSerializer, refusal
from quizzes.attempt_models import Confidence
from quizzes.exceptions import QuizError
from quizzes.models import QuestionKind
from review import queue_count, services
from review.models import Move, ReviewCard

# The card id in the documented examples (the API fuzz test swaps it for a real card).
CARD_ID_EXAMPLE = 12
CARD_EXAMPLE = {
    "id": CARD_ID_EXAMPLE,
    "quiz": "Probiotics: what the evidence says",
    "kind": "single",
    "prompt": "Which kind of study can show that a probiotic causes a change?",
    "choices": [
        {"id": 31, "text": "A randomised controlled trial"},
        {"id": 32, "text": "A study in mice"},
    ],
    "box": 1,
    "due_at": "2026-05-04T09:30:00+01:00",
}
ANSWER_EXAMPLE = {
    "card": CARD_ID_EXAMPLE,
    "chosen": [31],
    "confidence": "sure",
    "move": "up",
    "box": 2,
    "due_at": "2026-05-07T09:31:00+01:00",
    "feedback": {
        "status": "correct",
        "is_correct": True,
        "score": 1.0,
        "explanation": "Only a randomised trial in people can show cause and effect.",
        "correct_choice_ids": [31],
        "choice_feedback": [],
        "lesson_url": None,
    },
}


class ReviewAnswerIn(RejectUnknownFieldsMixin, serializers.Serializer):
    """A practice answer to one card. Unknown fields are refused."""

    choices = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        help_text="The ids of the chosen choices of the card's question, no repeats.",
    )
    confidence = serializers.ChoiceField(
        choices=Confidence.choices, help_text="How sure the learner is of this answer."
    )


class ReviewCardSerializer(DataSerializer):
    """A due card: its question as it is now, its choices in the card's order, no answers."""

    id = serializers.IntegerField()
    quiz = serializers.CharField(help_text="The title of the quiz the question comes from.")
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    prompt = serializers.CharField()
    choices = AttemptChoiceSerializer(many=True)
    box = serializers.IntegerField(help_text="The Leitner box, 1 to 4 (5 is learned).")
    due_at = serializers.DateTimeField()


class ReviewAnswerOut(DataSerializer):
    """A graded practice answer and where it moved the card. Quiz results never change."""

    card = serializers.IntegerField()
    chosen = serializers.ListField(child=serializers.IntegerField())
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    move = serializers.ChoiceField(choices=Move.choices)
    box = serializers.IntegerField(help_text="The card's box now, 1 to 5 (5: learned).")
    due_at = serializers.DateTimeField(help_text="When the card comes back.")
    feedback = FeedbackSerializer()


def card_data(card) -> dict:
    return {
        "id": card.pk,
        "quiz": card.question.quiz.title,
        "kind": card.question.kind,
        "prompt": card.question.prompt,
        "choices": [{"id": c.pk, "text": c.text} for c in services.card_choices(card)],
        "box": card.box,
        "due_at": card.due_at,
    }


@extend_schema(
    tags=["review"],
    summary="List my due review cards",
    description=(
        "The questions due for practice now, longest due first: ones you missed or guessed "
        "in a quiz. Signed in: your account's; without an account: this session's. Empty "
        "when you turned reviews off. Sets the `csrftoken` cookie an anonymous client sends "
        "back as `X-CSRFToken` to answer."
    ),
    responses={
        200: OpenApiResponse(ReviewCardSerializer(many=True), description="Found."),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("A due card", value=CARD_EXAMPLE, response_only=True)],
)
class MyReviewCards(generics.ListAPIView):
    """GET me/review/."""

    permission_classes = [AllowAny]
    serializer_class = ReviewCardSerializer

    def get_queryset(self):
        owner = learner(self.request)
        if not queue_count.reviews_enabled(owner["user"]):
            return ReviewCard.objects.none()
        return (
            ReviewCard.objects.owned_by(**owner)
            .due()
            .select_related("question__quiz")
            .prefetch_related(services.question_choices())
            .order_by("due_at", "pk")
        )

    def list(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            get_token(request)
        page = self.paginate_queryset(self.get_queryset())
        data = ReviewCardSerializer([card_data(card) for card in page], many=True).data
        return self.get_paginated_response(data)


_NOT_FOUND = ("not_found", "We could not find that question in your review queue.")


@extend_schema(
    tags=["review"],
    summary="Answer a review card",
    parameters=[
        OpenApiParameter(
            "card_id",
            OpenApiTypes.INT,
            OpenApiParameter.PATH,
            description="The card's id (from `me/review/`).",
            examples=[OpenApiExample("A card", value=CARD_ID_EXAMPLE)],
        )
    ],
    description=(
        "Answers a due card with `choices` and `confidence` (sure, fairly, guessing), graded "
        "on the server. Right and sure or fairly sure: the card moves up a box; right but "
        "guessing: it stays; wrong: back to box 1, due in a day. Practice never changes a "
        "quiz or assignment result. Counts toward the write rate (`api-write`)."
    ),
    request=ReviewAnswerIn,
    examples=[
        OpenApiExample(
            "An answer", value={"choices": [31], "confidence": "sure"}, request_only=True
        ),
        OpenApiExample("Graded", value=ANSWER_EXAMPLE, response_only=True),
    ],
    responses={
        200: OpenApiResponse(ReviewAnswerOut, description="Graded; the card moved."),
        **error_responses(
            400,
            404,
            409,
            examples={
                403: [("csrf_failed", "The CSRF check did not pass.")],
                413: None,
                415: None,
                400: [
                    (
                        "invalid_choice",
                        "That answer is not one of the choices for this question.",
                        {"choices": ["That answer is not one of the choices for this question."]},
                    )
                ],
                404: [_NOT_FOUND],
                409: [("not_due", str(services.CardNotDue.default_message))],
            },
        ),
    },
)
class ReviewCardAnswer(generics.GenericAPIView):
    """POST me/review/{card_id}/answer/."""

    permission_classes = [CsrfForAnonymousWrites]
    throttle_classes = WRITE_THROTTLES
    serializer_class = ReviewAnswerIn

    def post(self, request, card_id):
        try:
            card = services.card_for_owner(card_id=card_id, **learner(request))
        except QuizError as error:
            raise refusal(error) from None
        body = ReviewAnswerIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            answer = services.card_answer(
                card=card,
                choice_ids=body.validated_data["choices"],
                confidence=body.validated_data["confidence"],
            )
        except QuizError as error:
            raise refusal(error) from None
        data = {
            "card": card.pk,
            "chosen": answer.chosen,
            "confidence": answer.confidence,
            "move": answer.move,
            "box": card.box,
            "due_at": card.due_at,
            "feedback": feedback_data(request, answer, card.question),
        }
        return Response(ReviewAnswerOut(data).data, status=200)
