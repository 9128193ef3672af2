"""Assignments: creating and changing them, per-learner accommodations, and the learner's own
page (start, pause, resume). The results dashboard and its CSV are in results_views and
results_csv.

As in group_views, the view decides who may see what: the educator who runs the group gets
the dashboard, a member gets their own assignment page, anyone else a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import timezones
from core.people import shown_name
from groups import gain, services
from groups.forms import AccommodationForm, AssignmentForm
from groups.models import Accommodation, Membership
from groups.results_views import results_dashboard
from groups.views import group_zone_label, owned_assignment_or_404, owned_group_or_404
from quizzes.exceptions import QuizError

LEARNERS_PER_PAGE = 50


def _member_assignment_or_404(request, group_pk, pk) -> dict:
    """The learner's item for an assignment of a group they belong to (see learner_assignments)."""
    items = services.learner_assignments(user=request.user, group_id=group_pk, assignment_id=pk)
    if not items:
        raise Http404
    return items[0]


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, group_pk):
    """New assignment: a published quiz, optional dates, attempts and instructions."""
    group = owned_group_or_404(request, group_pk)
    # Dates are typed, read and shown in the group's zone, whoever the educator is.
    with timezone.override(group.zone_name):
        return _assignment_create(request, group)


def _assignment_create(request, group):
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, zone_label=group_zone_label(group)
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                group=group, educator=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assignment added."))
            return redirect("groups:assignment-detail", group_pk=group.pk, pk=assignment.pk)
    status = 400 if form.errors else 200
    context = {"group": group, "form": form, "assignment": None, "zone": group_zone_label(group)}
    return render(request, "groups/assignment_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request, group_pk, pk):
    """Change an assignment's dates, attempt limit or instructions."""
    assignment = owned_assignment_or_404(request, group_pk, pk)
    with timezone.override(assignment.group.zone_name):
        return _assignment_edit(request, assignment)


def _assignment_edit(request, assignment):
    group_pk, pk = assignment.group_id, assignment.pk
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        instance=assignment,
        editing=True,
        zone_label=group_zone_label(assignment.group),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(
                assignment=assignment, educator=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assignment updated."))
            return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)
    context = {
        "group": assignment.group,
        "form": form,
        "assignment": assignment,
        "zone": group_zone_label(assignment.group),
    }
    return render(
        request, "groups/assignment_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def assignment_detail(request, group_pk, pk):
    """The educator's results dashboard, or the learner's own assignment page."""
    if services.is_educator(request.user):
        assignment = services.assignment_for_educator(request.user, pk, group_pk=group_pk)
        if assignment is not None:
            return results_dashboard(request, assignment)
    item = _member_assignment_or_404(request, group_pk, pk)
    assignment = item["assignment"]
    context = {"item": item, "assignment": assignment, "group": assignment.group}
    if assignment.is_before_after:
        context["pre"] = gain.pre_state(assignment=assignment, user=request.user)
    if assignment.quiz.time_limit_minutes:
        multiplier = services.assignment_time_multiplier(
            assignment=assignment, user=request.user, accommodation=item["accommodation_obj"]
        )
        context["time_limit"] = assignment.quiz.time_limit_minutes
        context["my_time_limit"] = (
            None if multiplier is None else round(assignment.quiz.time_limit_minutes * multiplier)
        )
    return render(request, "groups/assignment_learner.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def accommodation_edit(request, group_pk, pk, user_id):
    """Set one learner's extra attempts, later due date or extra time on an assignment."""
    assignment = owned_assignment_or_404(request, group_pk, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group_id=group_pk, user_id=user_id
    )
    # A later due date is typed in the group's zone, like the assignment's own.
    with timezone.override(assignment.group.zone_name):
        return _accommodation_edit(request, assignment, membership.user)


def _accommodation_edit(request, assignment, learner):
    group_pk, pk = assignment.group_id, assignment.pk
    instance = Accommodation.objects.filter(assignment=assignment, user=learner).first()
    form = AccommodationForm(
        request.POST if request.method == "POST" else None,
        instance=instance or Accommodation(assignment=assignment, user=learner),
    )
    if assignment.due_at is None:
        del form.fields["due_at"]  # nothing to move
    if request.method == "POST" and form.is_valid():
        try:
            services.accommodation_set(
                assignment=assignment, educator=request.user, user=learner, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved the changes for %(name)s.") % {"name": shown_name(learner)}
            )
            return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)
    context = {
        "assignment": assignment,
        "group": assignment.group,
        "learner": learner,
        "learner_name": shown_name(learner),
        "form": form,
        "zone": group_zone_label(assignment.group),
    }
    return render(
        request, "groups/accommodation_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def assignment_start(request, group_pk, pk):
    """Start (or carry on) the learner's attempt at an assignment, within its rules."""
    item = _member_assignment_or_404(request, group_pk, pk)
    assignment = item["assignment"]
    back = redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)
    step = request.POST.get("step", "")  # before and after (groups/gain.py); else empty
    if item["in_progress"] is not None and step != gain.Step.BEFORE:
        return redirect(item["in_progress"].get_absolute_url())
    if not item["is_open"]:
        messages.info(
            request,
            _("This assignment opens on %(date)s.") % {"date": timezones.when(assignment.opens_at)},
        )
        return back
    if item["attempts_left"] == 0 and step != gain.Step.BEFORE:
        messages.info(request, _("You have used all the attempts for this assignment."))
        return back
    try:
        attempt, _created = gain.start_step(assignment=assignment, user=request.user, asked=step)
    except QuizError as error:
        # For example, the quiz was archived after it was assigned.
        messages.error(request, str(error))
        return back
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return back
    return redirect(attempt.get_absolute_url())


@login_required
@require_POST
def assignment_pause(request, group_pk, pk):
    """Put the assignment on hold: nothing is overdue until the learner resumes."""
    item = _member_assignment_or_404(request, group_pk, pk)
    try:
        services.hold_start(assignment=item["assignment"], user=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Paused. Take the time you need. Your due date moves on by the days you pause."),
        )
    return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)


@login_required
@require_POST
def assignment_resume(request, group_pk, pk):
    """End the hold; the due date has moved on by the paused days."""
    item = _member_assignment_or_404(request, group_pk, pk)
    try:
        services.hold_end(assignment=item["assignment"], user=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("Welcome back. Your assignment is active again."))
    return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)


@login_required
@require_POST
def pre_test_waive(request, group_pk, pk, user_id):
    """The educator lets one learner skip the before test of a before-and-after assignment."""
    assignment = owned_assignment_or_404(request, group_pk, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group_id=group_pk, user_id=user_id
    )
    try:
        gain.waive(assignment=assignment, educator=request.user, user=membership.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s can skip the before test.") % {"name": shown_name(membership.user)},
        )
    return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)
