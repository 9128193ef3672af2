"""Educators' endpoints: my groups, a group's members, its assignments, an assignment's results.

Who sees what follows the site (quizzes/group_views.py, assignment_views.py): only an
educator (the Educators role) sees the groups they run. Anyone else, a member of the group or
an editor included, gets 404 on a group or assignment, never 403, so a guessed id confirms
nothing; the list of "my groups" is simply empty for them. Querysets hold only the asker's
groups, and the object check (EducatorRunsGroup) is the second line of defence. Creating an
assignment goes through groups.services.assignment_create, results through
groups.stats.assignment_results: the same rules and figures as the pages.
"""

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.permissions import IsEducator, is_educator
from core.api.schema import error_responses
from groups import gain_stats, stats
from groups import services as group_services
from groups.api.gain_serializers import gain_data
from groups.api.serializers import (
    AssignmentIn,
    AssignmentSerializer,
    GroupDetailSerializer,
    GroupSerializer,
    ResultsSerializer,
)
from groups.models import Assignment, LearnerGroup, Membership
from quizzes.api import examples
from quizzes.api.attempts import WRITE_THROTTLES


class EducatorRunsGroup(IsEducator):
    """Anyone signed in may ask; a group (or an assignment's group) must be run by the asker,
    who must hold the Educators role. Otherwise 404, as on the site."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        group = obj if isinstance(obj, LearnerGroup) else obj.group
        if is_educator(request.user) and super().has_object_permission(request, view, group):
            return True
        raise NotFound()


def _with_member_count(groups):
    return groups.annotate(member_count=Count("memberships"))


def _id_parameter(description, example):
    return OpenApiParameter(
        "id",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(str(example), value=example)],
    )


GROUP_ID = _id_parameter("The group's id.", examples.GROUP_ID)
_NOT_YOURS = (
    "Nothing here for you: no such group or assignment, or not one you run as an educator "
    "(members and editors get the same answer)."
)
_EDUCATOR_PERMISSIONS = [IsAuthenticated, EducatorRunsGroup]


@extend_schema(
    tags=["groups"],
    summary="List my groups",
    description=(
        "The groups you run as an educator, by name, with their join codes and member "
        "counts. Empty for people without the Educators role."
    ),
    responses={
        200: OpenApiResponse(GroupSerializer(many=True), description="Found."),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("My groups", value=examples.GROUP, response_only=True)],
)
class GroupList(generics.ListAPIView):
    """GET groups/."""

    permission_classes = _EDUCATOR_PERMISSIONS
    serializer_class = GroupSerializer
    queryset = LearnerGroup.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self):
        return _with_member_count(group_services.owned_groups(self.request.user)).order_by(
            "name", "pk"
        )


@extend_schema(
    tags=["groups"],
    summary="Get a group and its members",
    parameters=[GROUP_ID],
    description="One group you run, with its members by name and when they joined.",
    responses={
        200: OpenApiResponse(GroupDetailSerializer, description="Found."),
        **error_responses(404, descriptions={404: _NOT_YOURS}),
    },
    examples=[OpenApiExample("A group", value=examples.GROUP_DETAIL, response_only=True)],
)
class GroupDetail(generics.RetrieveAPIView):
    """GET groups/{id}/."""

    permission_classes = _EDUCATOR_PERMISSIONS
    serializer_class = GroupDetailSerializer
    queryset = LearnerGroup.objects.none()
    lookup_url_kwarg = "id"

    def get_queryset(self):
        members = Membership.objects.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username", "pk"
        )
        return _with_member_count(group_services.owned_groups(self.request.user)).prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="member_list")
        )


class GroupAssignments(generics.ListAPIView):
    """GET and POST groups/{id}/assignments/."""

    permission_classes = _EDUCATOR_PERMISSIONS
    throttle_classes = WRITE_THROTTLES  # counts the POSTs only
    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()

    def group(self) -> LearnerGroup:
        group = get_object_or_404(
            group_services.owned_groups(self.request.user), pk=self.kwargs["id"]
        )
        self.check_object_permissions(self.request, group)
        return group

    def get_queryset(self):
        return (
            self.group()
            .assignments.select_related("quiz", "pre_quiz")
            .annotate(
                submitted_count=Count(
                    "attempts__user",
                    filter=Q(attempts__submitted_at__isnull=False),
                    distinct=True,
                )
            )
            .order_by("-created_at", "-pk")
        )

    @extend_schema(
        tags=["groups"],
        summary="List a group's assignments",
        parameters=[GROUP_ID],
        description=(
            "The assignments of a group you run, newest first, with how many learners have "
            "submitted each."
        ),
        responses={
            200: OpenApiResponse(AssignmentSerializer(many=True), description="Found."),
            **error_responses(400, 404, descriptions={404: _NOT_YOURS}),
        },
        examples=[OpenApiExample("Assignments", value=examples.ASSIGNMENT, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["groups"],
        summary="Assign a quiz to a group",
        parameters=[GROUP_ID],
        description=(
            "Assigns a published quiz to a group you run, with optional opening and due "
            "dates, an attempt limit and instructions for learners. The same checks as the "
            "site's form: a published quiz, the due date after the opening date, at least "
            "one attempt. Counts toward the write rate (`api-write`)."
        ),
        request=AssignmentIn,
        examples=[
            OpenApiExample("A new assignment", value=examples.NEW_ASSIGNMENT, request_only=True),
            OpenApiExample("Created", value=examples.ASSIGNMENT, response_only=True),
        ],
        responses={
            201: OpenApiResponse(AssignmentSerializer, description="Created."),
            **error_responses(
                400,
                404,
                examples={
                    400: [
                        (
                            "invalid",
                            "Some of the data sent is not valid. See details.",
                            {"due_at": ["The due date must be after the opening date."]},
                        )
                    ],
                    403: [
                        (
                            "csrf_failed",
                            "The CSRF check did not pass. Send the X-CSRFToken header with "
                            "session requests.",
                        )
                    ],
                    413: None,
                    415: None,
                },
                descriptions={404: _NOT_YOURS},
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        group = self.group()
        body = AssignmentIn(data=request.data)
        # A date sent without an offset is read in the group's zone, as on the site's form.
        with timezone.override(group.zone_name):
            body.is_valid(raise_exception=True)
        try:
            assignment = group_services.assignment_create(
                group=group, educator=request.user, **body.validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(_field_errors(error)) from None
        assignment.submitted_count = 0
        data = AssignmentSerializer(assignment, context=self.get_serializer_context()).data
        return Response(data, status=201)


def _field_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


@extend_schema(
    tags=["groups"],
    summary="Get an assignment's results",
    parameters=[_id_parameter("The assignment's id.", examples.ASSIGNMENT_ID)],
    description=(
        "The results dashboard of an assignment in a group you run: each member's status, "
        "counted score (the quiz's highest or latest attempt), attempts, due date, "
        "adjustments and pauses; the status counts; and, once at least "
        f"{stats.MIN_LEARNERS_FOR_STATS} learners have submitted, the group statistics "
        "(completion, mean, median, pass share, score histogram, and per question: percent "
        "right, discrimination and the most chosen wrong answer with its misconception). "
        "With fewer, `statistics` is null and `statistics_note` says why: so few results "
        "say little and could point at one person's answers. For a before-and-after "
        "assignment, `gain` gives each member's before and after scores and, under the same "
        "rule, the group's mean and normalised gain; otherwise it is null."
    ),
    examples=[
        OpenApiExample("Results", value=examples.RESULTS, response_only=True),
        OpenApiExample("A small group", value=examples.RESULTS_SMALL_GROUP, response_only=True),
    ],
    responses={
        200: OpenApiResponse(ResultsSerializer, description="Found."),
        **error_responses(404, descriptions={404: _NOT_YOURS}),
    },
)
class AssignmentResults(generics.GenericAPIView):
    """GET assignments/{id}/results/."""

    permission_classes = _EDUCATOR_PERMISSIONS
    serializer_class = ResultsSerializer
    queryset = Assignment.objects.none()

    def get(self, request, id):  # noqa: A002 (the path's name)
        assignment = group_services.assignment_for_educator(request.user, id)
        if assignment is None:
            raise NotFound()
        self.check_object_permissions(request, assignment)
        results = stats.assignment_results(assignment=assignment)
        data = results_data(assignment, results)
        return Response(ResultsSerializer(data, context={"request": request}).data)


def results_data(assignment, results: stats.AssignmentResults) -> dict:
    """The dashboard's figures as the API shows them; group statistics only for 5 or more."""
    statistics = None
    note = None
    if results.enough_for_stats:
        statistics = {
            "completion_rate": results.completion_rate,
            "mean": results.mean,
            "median": results.median,
            "pass_share": results.pass_share,
            "histogram": results.histogram,
            "languages": results.languages,
            "questions": [asdict(question) for question in results.questions],
        }
    else:
        note = _(
            "Group statistics appear once at least %(n)d learners have submitted: with fewer, "
            "they say little and could point at one person's answers."
        ) % {"n": stats.MIN_LEARNERS_FOR_STATS}
    return {
        "assignment": {
            "id": assignment.pk,
            "group": {"id": assignment.group_id, "name": assignment.group.name},
            "quiz": assignment.quiz,
            "opens_at": assignment.opens_at,
            "due_at": assignment.due_at,
            "max_attempts": assignment.max_attempts,
        },
        "member_count": results.member_count,
        "submitted_count": results.submitted_count,
        "min_learners_for_statistics": stats.MIN_LEARNERS_FOR_STATS,
        "statistics": statistics,
        "statistics_note": note,
        "status_counts": {str(status): count for status, count in results.status_counts.items()},
        "learners": [asdict(row) for row in results.learners],
        "gain": gain_data(
            assignment, gain_stats.gain_results(assignment=assignment, results=results)
        ),
    }
