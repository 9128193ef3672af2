"""The educator's view of an assignment's results: the dashboard (sortable, filterable by
status) and one learner's answers to it.

Both are for the educator who runs the group only (groups.rules.assignment_for_educator);
anyone else, and any learner not in the group, gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.people import shown_name
from groups import gain_stats, services, stats
from groups.models import Membership
from groups.results_rules import EASY_FROM, REVIEW_BELOW
from groups.rules import attempt_percent, counted_attempt
from groups.views import owned_assignment_or_404
from quizzes.models import Attempt, Question, Response

LEARNERS_PER_PAGE = 50

# ?sort= values the learners table accepts (a leading "-" sorts descending); anything else
# keeps the default order, by name.
SORT_KEYS = {
    "name": lambda row: (row.name.casefold(), row.username),
    "score": lambda row: row.score,
    "submitted": lambda row: row.submitted_at,
}


def sorted_learners(rows: list, sort: str) -> tuple[list, str]:
    """The rows in the order `sort` asks for, and the sort actually applied ("" if unknown).

    Learners without a value (no score yet) come last in either direction.
    """
    key_name = sort.removeprefix("-")
    if key_name not in SORT_KEYS or sort.startswith("--"):
        return rows, ""
    key = SORT_KEYS[key_name]
    known = sorted((row for row in rows if key(row) is not None), key=key)
    if sort.startswith("-"):
        known.reverse()
    return known + [row for row in rows if key(row) is None], sort


def _sort_columns(current: str) -> dict:
    """For each sortable column: the ?sort= its header links to and its aria-sort value."""
    columns = {}
    for name in SORT_KEYS:
        if current == name:
            columns[name] = {"param": f"-{name}", "aria_sort": "ascending"}
        elif current == f"-{name}":
            columns[name] = {"param": name, "aria_sort": "descending"}
        else:
            columns[name] = {"param": name, "aria_sort": ""}
    return columns


def _row_words(rows) -> list[tuple]:
    """The page's learner rows, each with the words that change from row to row put in here:
    a translation looked up once beats one template tag per row (as _step_list in
    quizzes/views/attempts.py). Values are escaped and the translation kept as it is, as
    {% blocktranslate %} does."""
    labels = {status: str(label) for status, label in services.AssignmentStatus.choices}
    of_allowed, for_name = _("of %(n)s"), _("for %(name)s")
    return [
        (
            row,
            {
                "status": labels[row.status],
                "of_allowed": mark_safe(  # noqa: S308 - the value is escaped
                    of_allowed % {"n": conditional_escape(localize(row.attempts_allowed))}
                ),
                "adjust_for": mark_safe(  # noqa: S308 - the value is escaped
                    for_name % {"name": conditional_escape(row.name)}
                ),
            },
        )
        for row in rows
    ]


def results_dashboard(request, assignment):
    """The results dashboard of an assignment (the caller has checked the educator runs it)."""
    results = stats.assignment_results(assignment=assignment)
    status_filter = request.GET.get("status", "")
    learners = results.learners
    if status_filter in services.AssignmentStatus.values:
        learners = [row for row in learners if row.status == status_filter]
    else:
        status_filter = ""
    learners, sort = sorted_learners(learners, request.GET.get("sort", ""))
    page = Paginator(learners, LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    gain = gain_stats.gain_results(assignment=assignment, results=results)
    gain_page = []
    if gain is not None:
        by_user = {row.user_id: row for row in gain.learners}
        gain_page = [by_user[row.user_id] for row in page.object_list]
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
        "gain": gain,
        "gain_page": gain_page,
        "page": page,
        "learner_rows": _row_words(page.object_list),
        "status_filter": status_filter,
        "sort": sort,
        "columns": _sort_columns(sort),
        "bars": bars,
        "statuses": [
            (status, label, results.status_counts[status])
            for status, label in services.AssignmentStatus.choices
        ],
        "min_learners": stats.MIN_LEARNERS_FOR_STATS,
        "review_below": REVIEW_BELOW,
        "easy_from": EASY_FROM,
    }
    return render(request, "groups/assignment_results.html", context)


def _answer_rows(attempt: dict, questions: list[dict], responses: list) -> list[dict]:
    """One row per question of the attempt, in the order the learner saw them.

    The time on a question is the time from the learner's previous answer (or the start) to
    this one: answers are stored with the time they were given, not how long was spent. An
    answer time outside the attempt (imported or repaired data) gives no time at all.
    """
    previous, end = attempt["started_at"], attempt["submitted_at"]
    seconds = {}
    for response in sorted(responses, key=lambda r: r.answered_at):
        if previous <= response.answered_at <= end:
            seconds[response.question_id] = round((response.answered_at - previous).total_seconds())
            previous = response.answered_at
    by_question = {response.question_id: response for response in responses}
    order = {pk: i for i, pk in enumerate(attempt["question_order"])}
    questions = sorted(questions, key=lambda q: (order.get(q["id"], len(order)), q["position"]))
    rows = []
    for number, question in enumerate(questions, start=1):
        response = by_question.get(question["id"])
        row = {"number": number, "prompt": question["prompt"], "response": response}
        if response is not None:
            snapshot = response.snapshot or {}
            chosen = set(snapshot.get("chosen", []))
            row["prompt"] = snapshot.get("prompt") or question["prompt"]
            row["chosen"] = [
                c["text"] for c in snapshot.get("choices", []) if c["id"] in chosen
            ] or [choice.text for choice in response.choices.all()]
            row["time"] = _duration(seconds.get(question["id"]))
        rows.append(row)
    return rows


def _duration(seconds: int | None) -> str:
    """A time on a question in words: "40 seconds", "about 3 minutes", "about 2 hours"."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    if seconds < 3600:
        minutes = round(seconds / 60)
        return ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
    hours = round(seconds / 3600)
    return ngettext("about %(n)d hour", "about %(n)d hours", hours) % {"n": hours}


@login_required
@require_GET
def learner_answers(request, group_pk, pk, user_id):
    """One learner's answers to an assignment: the attempt that counts, question by question."""
    assignment = owned_assignment_or_404(request, group_pk, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group_id=assignment.group_id, user_id=user_id
    )
    attempts = list(
        Attempt.objects.filter(
            assignment=assignment, user_id=user_id, pre_test__isnull=True
        ).values(
            "id",
            "number",
            "started_at",
            "submitted_at",
            "percent",
            "score",
            "max_score",
            "question_order",
        )
    )
    counted = counted_attempt(attempts, assignment.quiz.grading_method)
    rows = []
    if counted is not None:
        questions = list(
            Question.objects.filter(quiz_id=assignment.quiz_id).values("id", "position", "prompt")
        )
        responses = list(
            Response.objects.filter(attempt_id=counted["id"])
            .only("id", "question_id", "is_correct", "score", "snapshot", "answered_at")
            .prefetch_related("choices")
        )
        rows = _answer_rows(counted, questions, responses)
    context = {
        "assignment": assignment,
        "group": assignment.group,
        "quiz": assignment.quiz,
        "learner_name": shown_name(membership.user),
        "learner": membership.user,
        "counted": counted,
        "score": attempt_percent(counted) if counted else None,
        "attempts_used": len(attempts),
        "rows": rows,
    }
    return render(request, "groups/learner_answers.html", context)
