"""Assignments: creating and changing them, the results dashboard and its CSV export,
per-learner accommodations, and the learner's own page (start, pause, resume).

As in group_views, the view decides who may see what: the educator who runs the group gets
the dashboard, a member gets their own assignment page, anyone else a 404.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import services, stats
from groups.forms import AccommodationForm, AssignmentForm
from groups.models import Accommodation, Assignment, Membership
from groups.views import display_name, owned_group_or_404
from quizzes.exceptions import QuizError

LEARNERS_PER_PAGE = 50


def _owned_assignment_or_404(request, group_pk, pk) -> Assignment:
    assignment = services.assignment_for_educator(request.user, pk, group_pk=group_pk)
    if assignment is None:
        raise Http404
    return assignment


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
    form = AssignmentForm(request.POST if request.method == "POST" else None)
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
    context = {"group": group, "form": form, "assignment": None}
    return render(request, "groups/assignment_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request, group_pk, pk):
    """Change an assignment's dates, attempt limit or instructions."""
    assignment = _owned_assignment_or_404(request, group_pk, pk)
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, instance=assignment, editing=True
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
    context = {"group": assignment.group, "form": form, "assignment": assignment}
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
            return _results_dashboard(request, assignment)
    item = _member_assignment_or_404(request, group_pk, pk)
    assignment = item["assignment"]
    context = {"item": item, "assignment": assignment, "group": assignment.group}
    if assignment.quiz.time_limit_minutes:
        multiplier = services.assignment_time_multiplier(
            assignment=assignment, user=request.user, accommodation=item["accommodation_obj"]
        )
        context["time_limit"] = assignment.quiz.time_limit_minutes
        context["my_time_limit"] = (
            None if multiplier is None else round(assignment.quiz.time_limit_minutes * multiplier)
        )
    return render(request, "groups/assignment_learner.html", context)


def _results_dashboard(request, assignment):
    results = stats.assignment_results(assignment=assignment)
    status_filter = request.GET.get("status", "")
    learners = results.learners
    if status_filter in services.AssignmentStatus.values:
        learners = [row for row in learners if row.status == status_filter]
    else:
        status_filter = ""
    page = Paginator(learners, LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    # Bar geometry for the inline SVG; presentation attributes, since the CSP bans style="".
    bars = []
    for i, bin_ in enumerate(results.histogram):
        height = round(bin_["share"] * 160)
        x = 30 + i * 48
        bars.append(bin_ | {"x": x, "y": 200 - height, "height": height, "mid": x + 19})
    context = {
        "assignment": assignment,
        "group": assignment.group,
        "quiz": assignment.quiz,
        "results": results,
        "page": page,
        "status_filter": status_filter,
        "bars": bars,
        "statuses": [
            (status, label, results.status_counts[status])
            for status, label in services.AssignmentStatus.choices
        ],
        "min_learners": stats.MIN_LEARNERS_FOR_STATS,
        "review_below": stats.REVIEW_BELOW,
        "review_above": stats.REVIEW_ABOVE,
    }
    return render(request, "groups/assignment_results.html", context)


# Spreadsheet programs run a cell starting with these as a formula (CSV injection).
_FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    Only text is escaped: numbers we computed (a negative discrimination index) stay numbers.
    """
    if isinstance(value, str):
        return "'" + value if value[:1] in _FORMULA_STARTS else value
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, int):  # booleans are turned into words before they get here
        return value
    return csv_cell(str(value))


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@login_required
@require_GET
def assignment_results_csv(request, group_pk, pk):
    """The dashboard's two tables as CSV: learners, a blank line, then questions.

    UTF-8 with a byte-order mark: without it Excel reads the file as the local code page
    and mangles accented names; other programs ignore the mark.
    """
    assignment = _owned_assignment_or_404(request, group_pk, pk)
    results = stats.assignment_results(assignment=assignment)
    filename = slugify(f"{assignment.group.name}-{assignment.quiz.title}")[:80] or "results"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-results.csv"'
    response.write("\ufeff")
    row = _csv_row_writer(response)
    _write_learner_rows(row, results)
    row()
    _write_question_rows(row, results)
    return response


def _csv_row_writer(response):
    """A function writing one row of cells to the CSV, each made safe for spreadsheets."""
    writer = csv.writer(response)

    def row(*cells):
        writer.writerow([csv_cell(cell) for cell in cells])

    return row


def _write_learner_rows(row, results):
    row(
        _("Learner"),
        _("Username"),
        _("Status"),
        _("Counted score (%)"),
        _("Reached pass mark"),
        _("Attempts used"),
        _("Attempts allowed"),
        _("Last activity"),
        _("Due"),
        _("Accommodations"),
        _("Days on hold"),
        _("Holds"),
    )
    # Words looked up once, not once per learner.
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    labels = {status: str(label) for status, label in services.AssignmentStatus.choices}
    unlimited, now_word = _("unlimited"), _("now")
    for learner in results.learners:
        row(
            learner.name,
            learner.username,
            labels[learner.status],
            learner.score,
            yes_no[learner.reached_pass_mark],
            learner.attempts_used,
            unlimited if learner.attempts_allowed is None else learner.attempts_allowed,
            _when(learner.last_activity),
            _when(learner.due_at),
            "; ".join(learner.accommodations),
            learner.days_on_hold,
            "; ".join(
                f"{_when(h['started_at'])} – {_when(h['ended_at']) or now_word}"
                for h in learner.holds
            ),
        )


def _write_question_rows(row, results):
    if not results.enough_for_stats:
        row(_("Questions"))
        row(
            _(
                "Hidden: fewer than %(n)d learners have submitted. Statistics of so few people "
                "say little and could point at one person's answers."
            )
            % {"n": stats.MIN_LEARNERS_FOR_STATS}
        )
        return
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    row(
        _("Question number"),
        _("Question"),
        _("Correct (%)"),
        _("Discrimination index"),
        _("Most chosen wrong answer"),
        _("Misconception"),
        _("Learners who chose it"),
        _("Needs review"),
    )
    for question in results.questions:
        row(
            question.position,
            question.prompt,
            question.facility,
            question.discrimination,
            question.wrong_choice,
            question.misconception,
            question.wrong_count,
            yes_no[question.needs_review],
        )


@login_required
@require_http_methods(["GET", "POST"])
def accommodation_edit(request, group_pk, pk, user_id):
    """Set one learner's extra attempts, later due date or extra time on an assignment."""
    assignment = _owned_assignment_or_404(request, group_pk, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group_id=group_pk, user_id=user_id
    )
    learner = membership.user
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
                request, _("Saved the changes for %(name)s.") % {"name": display_name(learner)}
            )
            return redirect("groups:assignment-detail", group_pk=group_pk, pk=pk)
    context = {
        "assignment": assignment,
        "group": assignment.group,
        "learner": learner,
        "learner_name": display_name(learner),
        "form": form,
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
    if item["in_progress"] is not None:
        return redirect(item["in_progress"].get_absolute_url())
    if not item["is_open"]:
        messages.info(
            request,
            _("This assignment opens on %(date)s.")
            % {"date": date_format(timezone.localtime(assignment.opens_at), "j F Y, H:i")},
        )
        return back
    if item["attempts_left"] == 0:
        messages.info(request, _("You have used all the attempts for this assignment."))
        return back
    try:
        attempt = services.assignment_attempt_start(
            quiz=assignment.quiz, user=request.user, assignment=assignment
        )
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
