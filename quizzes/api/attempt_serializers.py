"""Serializers for taking a quiz: what the client sends, and what an attempt looks like.

The attempt answer is put together by quizzes.api.attempt_data (several models at once); these
classes describe it field by field and render it. Nothing that tells the right answer has a
place here except `feedback`, which attempt_data fills only for answered questions, and only
once the quiz says the learner may see it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import (
    MAX_ID,
    OutputSerializer,
    RejectUnknownFieldsMixin,
    StrictIntegerField,
)
from learn.api.serializers import PageURLField
from quizzes.api.common import DataSerializer
from quizzes.attempt_models import Confidence
from quizzes.models import Attempt, FeedbackTiming, QuestionKind, Quiz

ATTEMPT_STATUSES = [("in_progress", _("In progress")), ("submitted", _("Submitted"))]
ANSWER_STATUSES = [
    ("correct", _("Correct")),
    ("partly", _("Partly right")),
    ("not_quite", _("Not quite")),
]


# --- what the client sends -----------------------------------------------------------------


class StartIn(RejectUnknownFieldsMixin, serializers.Serializer):
    """Optional body of a start: an empty body, `{}`, or an assignment to start from."""

    assignment = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=(
            "Optional: start the quiz as this assignment of one of your groups (its id). "
            "Signed-in members only."
        ),
    )
    step = serializers.ChoiceField(
        choices=["before", "after"],
        required=False,
        allow_blank=True,
        help_text=(
            "Optional, with a before-and-after `assignment`: the before test (taken once, "
            "first) or the after test (open once the before test is submitted or waived). "
            "Empty: the step this quiz is for, else your next one."
        ),
    )


class AnswerIn(RejectUnknownFieldsMixin, serializers.Serializer):
    """An answer to one question of the attempt. Unknown fields are refused."""

    question = StrictIntegerField(
        min_value=1, max_value=MAX_ID, help_text="The id of one of this attempt's questions."
    )
    choices = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        help_text=(
            "The ids of the chosen choices of that question: exactly one for single-choice "
            "and true/false questions, one or more for multiple-answer ones, no repeats."
        ),
    )
    confidence = serializers.ChoiceField(
        choices=Confidence.choices,
        required=False,
        help_text=(
            "How sure the learner is: `sure`, `fairly` (fairly sure) or `guessing`. Required "
            "when the attempt's `ask_confidence` is true, ignored otherwise; never graded."
        ),
    )


class SubmitIn(RejectUnknownFieldsMixin, serializers.Serializer):
    """No fields: an empty body, or `{}`."""


# --- what the API answers ------------------------------------------------------------------


class QuizRefSerializer(OutputSerializer):
    """The quiz an attempt or assignment is about."""

    url = PageURLField(help_text="The quiz's page on the site.")

    class Meta:
        model = Quiz
        fields = ["slug", "title", "url"]


class ChoiceFeedbackSerializer(DataSerializer):
    """What the quiz says about one choice the learner picked."""

    choice = serializers.IntegerField(help_text="The id of a choice the learner picked.")
    text = serializers.CharField(help_text="What the quiz says about picking that choice.")


class FeedbackSerializer(DataSerializer):
    """How the learner did on one answered question, from what was stored when they answered."""

    status = serializers.ChoiceField(choices=ANSWER_STATUSES)
    is_correct = serializers.BooleanField(help_text="Exactly the right choices were picked.")
    score = serializers.FloatField(help_text="The share of the mark earned, 0 to 1.")
    explanation = serializers.CharField(help_text="Why the right answer is right.")
    correct_choice_ids = serializers.ListField(child=serializers.IntegerField())
    choice_feedback = ChoiceFeedbackSerializer(
        many=True, help_text="Feedback on the picked choices that have some."
    )
    lesson_url = serializers.URLField(
        allow_null=True, help_text="The lesson (and section) to read again, when it is public."
    )


class AttemptChoiceSerializer(DataSerializer):
    """A choice as the learner sees it: nothing about whether it is right."""

    id = serializers.IntegerField()
    text = serializers.CharField()


class AttemptQuestionSerializer(DataSerializer):
    """One question of the attempt, with feedback only once it is answered and allowed."""

    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Its place in this attempt, from 1.")
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    prompt = serializers.CharField()
    choices = AttemptChoiceSerializer(many=True, help_text="In the order this attempt shows.")
    answered = serializers.BooleanField()
    flagged = serializers.BooleanField(help_text="Marked on the site to come back to.")
    chosen = serializers.ListField(
        child=serializers.IntegerField(), help_text="The learner's choices; empty if unanswered."
    )
    confidence = serializers.CharField(
        allow_blank=True,
        help_text="How sure the learner said they were (`sure`, `fairly`, `guessing`); "
        "empty when not asked or not answered. Never part of the score.",
    )
    feedback = FeedbackSerializer(
        allow_null=True,
        help_text=(
            "Null until the question is answered, and for quizzes with feedback at the end "
            "until the attempt is submitted. Never given for unanswered questions."
        ),
    )


class AttemptSerializer(DataSerializer):
    """One attempt at a quiz: its questions in order, progress, time and (once submitted) grade."""

    id = serializers.UUIDField()
    quiz = QuizRefSerializer()
    number = serializers.IntegerField(help_text="1 for the learner's first attempt at the quiz.")
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        help_text="The language the attempt was started in. Its questions, choices and grade "
        "are the same in every language; only their words are shown in the asker's language "
        "when the quiz has a published translation.",
    )
    assignment = serializers.IntegerField(
        allow_null=True, help_text="The assignment this attempt is for, or null."
    )
    status = serializers.ChoiceField(choices=ATTEMPT_STATUSES)
    feedback_timing = serializers.ChoiceField(
        choices=FeedbackTiming.choices,
        help_text="`immediate`: feedback after each answer; `end`: after submitting.",
    )
    pass_percent = serializers.IntegerField()
    ask_confidence = serializers.BooleanField(
        help_text="Each answer must say how sure the learner is (`confidence`)."
    )
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True, help_text="Null without a time limit.")
    minutes_left = serializers.IntegerField(
        allow_null=True, help_text="Whole minutes to the deadline, rounded up; null: no limit."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    question_count = serializers.IntegerField()
    answered_count = serializers.IntegerField()
    score = serializers.FloatField(allow_null=True, help_text="Null until submitted.")
    max_score = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField(
        allow_null=True, help_text="Reached the pass mark; null until submitted."
    )
    url = serializers.URLField(
        help_text="The attempt (or, once submitted, its result) on the site."
    )
    questions = AttemptQuestionSerializer(many=True, help_text="In this attempt's order.")


class AnswerResultSerializer(DataSerializer):
    """A saved answer, with its feedback when the quiz gives feedback after each question."""

    question = serializers.IntegerField()
    chosen = serializers.ListField(child=serializers.IntegerField())
    confidence = serializers.CharField(
        allow_blank=True,
        help_text="How sure the learner said they were (`sure`, `fairly`, `guessing`); "
        "empty when not asked or not answered. Never part of the score.",
    )
    answered_at = serializers.DateTimeField()
    feedback = FeedbackSerializer(
        allow_null=True, help_text="For quizzes with feedback after each question; else null."
    )
    answered_count = serializers.IntegerField()
    question_count = serializers.IntegerField()


class AttemptSummarySerializer(OutputSerializer):
    """One attempt in the learner's list: no questions, no answers."""

    quiz = QuizRefSerializer()
    assignment = serializers.IntegerField(source="assignment_id", allow_null=True)
    status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = [
            "id",
            "quiz",
            "number",
            "language",
            "assignment",
            "status",
            "started_at",
            "deadline_at",
            "submitted_at",
            "score",
            "max_score",
            "percent",
            "passed",
            "url",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=ATTEMPT_STATUSES))
    def get_status(self, attempt):
        return "submitted" if attempt.is_submitted else "in_progress"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attempt):
        return self.context["request"].build_absolute_uri(attempt_page(attempt))


def attempt_page(attempt) -> str:
    """The attempt's page on the site: its result once submitted."""
    if attempt.is_submitted:
        return reverse("quizzes:attempt-result", args=[attempt.pk])
    return attempt.get_absolute_url()
