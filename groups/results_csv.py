"""An assignment's results as CSV for spreadsheets: two files, one table each.

`results.csv` holds the learners (its address is kept for those who bookmarked it), and
`results.csv?table=questions` the questions, under the same small-group rule as the
dashboard. Every file is UTF-8 with a byte-order mark: without it Excel reads the file as
the local code page and mangles accented names; other programs ignore the mark. Numbers we
computed have one decimal everywhere; times are ISO 8601 with their offset.
"""

import csv
import functools
import io
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from groups import gain_stats, services, stats
from groups.views import owned_assignment_or_404

# Spreadsheet programs run a cell starting with these as a formula (CSV injection).
_FORMULA_STARTS = frozenset("=+-@\t\r")
TABLES = ("learners", "questions", "gain")


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    Only text is escaped: numbers we computed (a negative discrimination index) stay numbers,
    with one decimal (and never "-0.0").
    """
    if isinstance(value, str):
        return "'" + value if value[:1] in _FORMULA_STARTS else value
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 1) + 0.0
    if isinstance(value, int):  # booleans are turned into words before they get here
        return value
    return csv_cell(str(value))


def iso_time(value, zone=None) -> str:
    """ISO 8601 with the offset, in the site's time zone: 2026-03-04T18:20:00+01:00.

    A caller writing many cells passes the current zone, looked up once.
    """
    return timezone.localtime(value, zone).isoformat(timespec="seconds") if value else ""


@login_required
@require_GET
def assignment_results_csv(request, group_pk, pk):
    """The learners table (or, with ?table=questions, the questions table) as a CSV file."""
    assignment = owned_assignment_or_404(request, group_pk, pk)
    table = request.GET.get("table", "learners")
    if table not in TABLES or (table == "gain" and not assignment.is_before_after):
        return HttpResponseBadRequest(
            _(
                "Unknown table. Choose “learners”, “questions” or, for a before-and-after "
                "assignment, “gain”."
            ),
            content_type="text/plain",
        )
    results = stats.assignment_results(assignment=assignment)
    gain = gain_stats.gain_results(assignment=assignment, results=results)
    name = slugify(f"{assignment.group.name}-{assignment.quiz.title}")[:80] or "results"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{table}.csv"'
    # The rows go to a buffer written to the response once: each write to a response
    # encodes on its own, thousands of times for a large group.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    row = _csv_row_writer(buffer)
    if table == "learners":
        _write_learner_rows(row, results, gain)
    elif table == "gain":
        _write_gain_rows(row, gain)
    else:
        _write_question_rows(row, results)
    response.write(buffer.getvalue())
    return response


def _csv_row_writer(buffer):
    """A function writing one row of cells to the CSV, each made safe for spreadsheets."""
    writer = csv.writer(buffer)

    def row(*cells):
        writer.writerow([csv_cell(cell) for cell in cells])

    return row


def _write_learner_rows(row, results, gain=None):
    # A before-and-after assignment adds its columns at the end (groups/gain_stats.py).
    gain_columns = (
        [_("Before test (%)"), _("After test (%)"), _("Gain (points)"), _("Before test skipped")]
        if gain
        else []
    )
    gains = {g.user_id: g for g in gain.learners} if gain else {}
    row(
        _("Learner"),
        _("Username"),
        _("Status"),
        _("Counted score (%)"),
        _("Reached pass mark"),
        _("Attempts used"),
        _("Attempts allowed"),
        _("Submitted"),
        _("Language"),
        _("Last activity"),
        _("Due"),
        _("Accommodations"),
        _("Days on hold"),
        _("Holds"),
        *gain_columns,
    )
    # Words looked up once, not once per learner.
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    labels = {status: str(label) for status, label in services.AssignmentStatus.choices}
    unlimited = _("unlimited")
    zone = timezone.get_current_timezone()
    # Most learners share a due date: it is put in words once.
    due_time = functools.cache(lambda due_at: iso_time(due_at, zone))
    for learner in results.learners:
        row(
            learner.name,
            learner.username,
            labels[learner.status],
            learner.score,
            yes_no[learner.reached_pass_mark],
            learner.attempts_used,
            unlimited if learner.attempts_allowed is None else learner.attempts_allowed,
            iso_time(learner.submitted_at, zone),
            learner.language,
            iso_time(learner.last_activity, zone),
            due_time(learner.due_at),
            "; ".join(learner.accommodations),
            learner.days_on_hold,
            # ISO 8601 intervals; ".." is an interval still open (a pause not yet ended).
            "; ".join(
                f"{iso_time(h['started_at'], zone)}/{iso_time(h['ended_at'], zone) or '..'}"
                for h in learner.holds
            ),
            *_gain_cells(gains.get(learner.user_id), yes_no),
        )


def _gain_cells(gain_row, yes_no) -> list:
    if gain_row is None:
        return []
    return [gain_row.pre, gain_row.post, gain_row.gain, yes_no[gain_row.waived]]


def _write_gain_rows(row, gain):
    """The group's before-and-after figures, then the share right per objective."""
    row(_("Figure"), _("Before"), _("After"), _("Value"))
    if not gain.enough_for_stats:
        row(
            _(
                "Hidden: fewer than %(n)d learners have taken both tests. Statistics of so few "
                "people say little and could point at one person's answers."
            )
            % {"n": stats.MIN_LEARNERS_FOR_STATS}
        )
        return
    row(_("Learners who took both tests"), None, None, gain.paired)
    row(_("Mean score (%)"), gain.mean_pre, gain.mean_post, None)
    row(_("Mean gain (points)"), None, None, gain.mean_gain)
    row(_("Normalised gain"), None, None, gain.normalised_gain)
    row(_("Improved"), None, None, gain.improved)
    row(_("Stayed the same"), None, None, gain.stayed)
    row(_("Dropped"), None, None, gain.dropped)
    for objective in gain.objectives:
        row(
            _("Right answers (%%): %(objective)s") % {"objective": objective.text},
            objective.pre_share,
            objective.post_share,
            None,
        )


def _write_question_rows(row, results):
    row(
        _("Question number"),
        _("Question"),
        _("Correct (%)"),
        _("What it suggests"),
        _("Needs review"),
        _("Discrimination index"),
        _("Most chosen wrong answer"),
        _("Misconception"),
        _("Learners who chose it"),
        _("Learning objectives"),
        _("Confidently wrong (learners)"),
        _("Confidently wrong (%)"),
        _("Misconceptions held confidently"),
    )
    if not results.enough_for_stats:
        row(
            _(
                "Hidden: fewer than %(n)d learners have submitted. Statistics of so few people "
                "say little and could point at one person's answers."
            )
            % {"n": stats.MIN_LEARNERS_FOR_STATS}
        )
        return
    yes_no = {True: _("yes"), False: _("no")}
    codes = defaultdict(list)  # question id: its objectives' codes, in the objectives' order
    for objective in results.objectives:
        for question_id in objective.question_ids:
            codes[question_id].append(objective.code)
    for question in results.questions:
        row(
            question.position,
            question.prompt,
            question.facility,
            str(question.advice),
            yes_no[question.needs_review],
            question.discrimination,
            question.wrong_choice,
            question.misconception,
            question.wrong_count,
            "; ".join(codes[question.question_id]),
            question.confidently_wrong,
            question.confidently_wrong_share,
            "; ".join(f"{m['label']} ({m['learners']})" for m in question.confident_misconceptions),
        )
