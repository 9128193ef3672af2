"""Serializers for educators' endpoints: groups, members, assignments and results.

Results describe groups.stats.AssignmentResults, which the dashboard and CSV use too: the
same figures, under the same small-group rule.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import OutputSerializer, RejectUnknownFieldsMixin, StrictIntegerField
from core.people import shown_name
from groups.api.gain_serializers import GainSerializer
from groups.models import Assignment, LearnerGroup, Membership
from groups.results_rules import ReviewReason
from groups.services import AssignmentStatus, format_join_code
from quizzes.api.attempt_serializers import QuizRefSerializer
from quizzes.api.common import DataSerializer
from quizzes.models import Quiz


def _absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class GroupSerializer(OutputSerializer):
    """A group the educator runs."""

    join_code = serializers.SerializerMethodField(help_text="As shown and read aloud: KQ4M-7XPT.")
    join_url = serializers.SerializerMethodField(
        help_text="A link that fills the code in on the site's join page."
    )
    member_count = serializers.IntegerField()
    time_zone = serializers.CharField(
        source="zone_name", help_text="The IANA time zone its due dates are set in."
    )
    url = serializers.SerializerMethodField(help_text="The group's page on the site.")

    class Meta:
        model = LearnerGroup
        fields = [
            "id",
            "name",
            "description",
            "join_code",
            "join_url",
            "is_open",
            "member_count",
            "time_zone",
            "created_at",
            "url",
        ]

    def get_join_code(self, group) -> str:
        return format_join_code(group.join_code)

    @extend_schema_field(OpenApiTypes.URI)
    def get_join_url(self, group):
        return _absolute(self, f"{reverse('groups:group-join')}?code={group.join_code}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, group):
        return _absolute(self, reverse("groups:group-detail", args=[group.pk]))


class MemberSerializer(OutputSerializer):
    """A member of the group."""

    id = serializers.IntegerField(source="user_id", help_text="The member's account id.")
    name = serializers.SerializerMethodField(help_text="Full name, or the username if none.")
    username = serializers.CharField(source="user.username")

    class Meta:
        model = Membership
        fields = ["id", "name", "username", "joined_at"]

    def get_name(self, membership) -> str:
        return shown_name(membership.user)


class GroupDetailSerializer(GroupSerializer):
    """A group the educator runs, with its members."""

    members = MemberSerializer(many=True, source="member_list", help_text="By name.")

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "members"]


class AssignmentSerializer(OutputSerializer):
    """A quiz assigned to a group."""

    group = serializers.IntegerField(source="group_id")
    quiz = QuizRefSerializer()
    pre_quiz = QuizRefSerializer(
        allow_null=True, help_text="Before and after: the before test's quiz; else null."
    )
    submitted_count = serializers.IntegerField(help_text="Learners who have submitted.")
    results_url = serializers.SerializerMethodField(help_text="Its results, in this API.")
    url = serializers.SerializerMethodField(help_text="Its results dashboard on the site.")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "group",
            "quiz",
            "opens_at",
            "due_at",
            "max_attempts",
            "instructions",
            "pre_quiz",
            "created_at",
            "submitted_count",
            "results_url",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_results_url(self, assignment):
        return _absolute(self, reverse("api-v1:assignment-results", args=[assignment.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, assignment):
        return _absolute(
            self, reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])
        )


# A slug, as text; an empty one is refused like a missing one (DRF reads "" as null for
# related fields), and the schema says so (minLength), so "" is not documented as valid.
@extend_schema_field({"type": "string", "minLength": 1})
class PublishedQuizField(serializers.SlugRelatedField):
    """A published quiz, by slug; looked up at request time (publishing follows the clock)."""

    default_error_messages = {
        "does_not_exist": _("No published quiz has this slug."),
        "invalid": _("Send the quiz's slug as text."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        return Quiz.objects.published()

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AssignmentIn(RejectUnknownFieldsMixin, serializers.Serializer):
    """A new assignment. Unknown fields are refused."""

    quiz = PublishedQuizField(help_text="The slug of a published quiz.")
    opens_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=(
            "Optional: learners can start from then. ISO 8601; without an offset, in the "
            "group's time zone (`time_zone`)."
        ),
    )
    due_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=(
            "Optional, after `opens_at`. Late work is still accepted (shown as overdue). "
            "ISO 8601; without an offset, in the group's time zone (`time_zone`)."
        ),
    )
    max_attempts = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=32767,
        error_messages={"min_value": _("Allow at least 1 attempt, or leave it empty.")},
        help_text="Optional: empty means as many as the quiz allows.",
    )
    instructions = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Optional: a short note."
    )
    pre_quiz = PublishedQuizField(
        required=False,
        allow_null=True,
        help_text="Optional: before and after. The slug of the before test's quiz (the same "
        "quiz or a parallel one); learners take it before reading, then the quiz.",
    )


# --- results -------------------------------------------------------------------------------


class GroupRefSerializer(DataSerializer):
    """The group an assignment belongs to."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class AssignmentRefSerializer(DataSerializer):
    """The assignment the results are for."""

    id = serializers.IntegerField()
    group = GroupRefSerializer()
    quiz = QuizRefSerializer()
    opens_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    max_attempts = serializers.IntegerField(allow_null=True)


class HoldSerializer(DataSerializer):
    """A pause the learner took; the due date moves on by its days."""

    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True, help_text="Null while paused.")
    days = serializers.IntegerField()


class LearnerResultSerializer(DataSerializer):
    """One member's row on the dashboard."""

    id = serializers.IntegerField(source="user_id", help_text="The learner's account id.")
    name = serializers.CharField()
    username = serializers.CharField()
    status = serializers.ChoiceField(choices=AssignmentStatus.choices)
    score = serializers.FloatField(
        allow_null=True, help_text="The counted score in percent; null before a submission."
    )
    reached_pass_mark = serializers.BooleanField(allow_null=True)
    attempts_used = serializers.IntegerField()
    attempts_allowed = serializers.IntegerField(allow_null=True, help_text="Null: no limit.")
    last_activity = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text="When the counted attempt was submitted; null: none yet."
    )
    language = serializers.CharField(
        allow_blank=True,
        help_text="The language the counted attempt was taken in (`en`, `es`); empty: none yet.",
    )
    due_at = serializers.DateTimeField(
        allow_null=True, help_text="For this learner: a later date and paused days included."
    )
    accommodations = serializers.ListField(
        child=serializers.CharField(), help_text="The adjustments in force, in plain words."
    )
    days_on_hold = serializers.IntegerField()
    holds = HoldSerializer(many=True)


class HistogramBinSerializer(DataSerializer):
    """How many counted scores fall between `low` and `high` percent."""

    low = serializers.IntegerField()
    high = serializers.IntegerField()
    count = serializers.IntegerField()


class ConfidentMisconceptionSerializer(DataSerializer):
    """A misconception label and how many learners held it confidently."""

    label = serializers.CharField()
    learners = serializers.IntegerField()


class QuestionResultSerializer(DataSerializer):
    """How the group did on one question (counted attempts only)."""

    question_id = serializers.IntegerField()
    position = serializers.IntegerField()
    prompt = serializers.CharField()
    facility = serializers.FloatField(help_text="Percent of learners who got it right.")
    discrimination = serializers.FloatField(
        allow_null=True, help_text="Upper minus lower 27% right answers, over the group size."
    )
    wrong_choice = serializers.CharField(help_text="The most chosen wrong answer, or empty.")
    misconception = serializers.CharField(help_text="That answer's misconception label.")
    wrong_count = serializers.IntegerField()
    needs_review = serializers.BooleanField(
        help_text="True when `review_reason` is `hard` or `reversed`; never below "
        "`min_learners_for_statistics` learners."
    )
    review_reason = serializers.ChoiceField(
        choices=ReviewReason.choices,
        help_text="What the figures suggest: `hard` (fewer than 20% right), `reversed` "
        "(learners who did well overall got it wrong more often: negative discrimination), "
        "`easy` (95% or more right; not a reason to check), or empty.",
    )
    confidently_wrong = serializers.IntegerField(
        help_text="Learners whose counted answer was wrong while they said they were sure or "
        "fairly sure (0 when the quiz does not ask)."
    )
    confidently_wrong_share = serializers.FloatField(
        allow_null=True, help_text="`confidently_wrong` as a percent of the learners counted."
    )
    confident_misconceptions = ConfidentMisconceptionSerializer(
        many=True,
        help_text="Per misconception label of a wrong choice: how many learners picked it "
        "while sure or fairly sure, most first.",
    )


class StatisticsSerializer(DataSerializer):
    """Group statistics over the members' counted attempts."""

    completion_rate = serializers.FloatField(help_text="Percent of members who submitted.")
    mean = serializers.FloatField()
    median = serializers.FloatField()
    pass_share = serializers.FloatField(help_text="Percent of submitters at the pass mark.")
    histogram = HistogramBinSerializer(many=True, help_text="Ten bins of 10 points.")
    languages = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many counted attempts were taken in each language (`en`, `es`).",
    )
    questions = QuestionResultSerializer(many=True)


class StatusCountsSerializer(DataSerializer):
    """How many members have each status."""

    not_started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    submitted = serializers.IntegerField()
    overdue = serializers.IntegerField()
    on_hold = serializers.IntegerField()


class ResultsSerializer(DataSerializer):
    """An assignment's results: per learner, and for the group once 5 or more submitted."""

    assignment = AssignmentRefSerializer()
    member_count = serializers.IntegerField()
    submitted_count = serializers.IntegerField()
    min_learners_for_statistics = serializers.IntegerField()
    statistics = StatisticsSerializer(
        allow_null=True,
        help_text="Null while fewer than `min_learners_for_statistics` learners submitted.",
    )
    statistics_note = serializers.CharField(
        allow_null=True, help_text="Why `statistics` is null; null when it is given."
    )
    status_counts = StatusCountsSerializer()
    learners = LearnerResultSerializer(many=True, help_text="Every member, by name.")
    gain = GainSerializer(
        allow_null=True, help_text="Before and after figures; null for a plain assignment."
    )
