"""Results of one assignment: per-learner rows, a summary, and per-question statistics.

Everything comes from a fixed handful of `values()` and aggregate queries, whatever the size
of the group, and is put together in Python. Statistics over the group are only given when
at least MIN_LEARNERS_FOR_STATS learners have submitted: below that they say little and can
point at one person's answers.
"""

import hashlib
import statistics
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from groups.confidence_stats import (
    SURE_SQL,
    confidently_wrong_share,
    confidently_wrong_tally,
)
from groups.models import Accommodation, Assignment, Hold, Membership, PreTest
from groups.objective_stats import objective_rows
from groups.result_rows import AssignmentResults, LearnerRow, QuestionRow
from groups.results_rules import (
    MIN_LEARNERS_FOR_STATS,
    NEEDS_REVIEW,
    enough_learners_for_stats,
    question_review_reason,
)
from groups.rules import (
    AssignmentStatus,
    accommodation_summary,
    attempt_percent,
    attempts_allowed_for,
    counted_attempt,
    due_at_for,
    held_days,
    status_for,
    time_multiplier_for,
)
from quizzes.models import Attempt, Choice, GradingMethod, Question, Response, ResponseChoice

__all__ = [
    "MIN_LEARNERS_FOR_STATS",
    "AssignmentResults",
    "LearnerRow",
    "QuestionRow",
    "assignment_results",
    "histogram",
]

# The classic Kelley split: the top and bottom 27% by score.
DISCRIMINATION_SHARE = 0.27
QUESTION_STATS_CACHE_SECONDS = 600


def histogram(scores: list[float]) -> list[dict]:
    """Ten bins of 10 points: 0-9, 10-19, ... 90-100 (100 falls in the last bin)."""
    counts = [0] * 10
    for score in scores:
        counts[min(int(score // 10), 9)] += 1
    top = max(counts) or 1
    return [
        {
            "low": i * 10,
            "high": 100 if i == 9 else i * 10 + 9,
            "count": count,
            "share": count / top,
        }
        for i, count in enumerate(counts)
    ]


def _assignment_data(assignment: Assignment) -> dict:
    """Everything the learner rows need, in one query per table (never one per learner)."""
    attempts_by_user = defaultdict(list)
    # Before tests (groups/gain.py) are not the result; gain_stats reads them.
    for attempt in Attempt.objects.filter(assignment=assignment, pre_test__isnull=True).values(
        "id",
        "user_id",
        "submitted_at",
        "percent",
        "score",
        "max_score",
        "last_activity_at",
        "language",
    ):
        attempts_by_user[attempt["user_id"]].append(attempt)
    holds_by_user = defaultdict(list)
    for hold in (
        Hold.objects.filter(assignment=assignment)
        .order_by("started_at")
        .values("user_id", "started_at", "ended_at")
    ):
        holds_by_user[hold["user_id"]].append(hold)
    standing_time = {}
    if assignment.quiz.time_limit_minutes:
        # The learners' own standing extra time, kept on their profiles by the accounts app
        # (which builds on this one): read through the user's `profile` relation.
        standing_time = dict(
            Membership.objects.filter(group_id=assignment.group_id).values_list(
                "user_id", "user__profile__extra_time"
            )
        )
    return {
        "members": list(
            Membership.objects.filter(group_id=assignment.group_id).values_list(
                "user_id", "user__username", "user__first_name", "user__last_name"
            )
        ),
        "attempts": attempts_by_user,
        "accommodations": {
            a["user_id"]: a
            for a in Accommodation.objects.filter(assignment=assignment).values(
                "user_id", "extra_attempts", "due_at", "extra_time"
            )
        },
        "holds": holds_by_user,
        "standing_time": standing_time,
    }


def _accommodation_notes(accommodation: dict, standing: str) -> list[str]:
    """What the educator set for this learner, and their own standing extra time when the
    educator set none (a factor of 1 says nothing)."""
    notes = (
        accommodation_summary(
            extra_attempts=accommodation["extra_attempts"],
            due_at=accommodation["due_at"],
            extra_time=accommodation["extra_time"],
        )
        if accommodation
        else []
    )
    if standing and not accommodation.get("extra_time") and time_multiplier_for(standing) != 1:
        notes += accommodation_summary(extra_time=standing)
    return notes


def _learner_rows(assignment: Assignment, now) -> list[LearnerRow]:
    quiz = assignment.quiz
    data = _assignment_data(assignment)
    attempts_by_user, holds_by_user = data["attempts"], data["holds"]
    accommodations, standing_time = data["accommodations"], data["standing_time"]
    zone = assignment.group.zone_name if holds_by_user else None
    # Most learners have no pause and no adjustment, so they share a due date and a number of
    # attempts allowed: the rules are asked once per distinct input, not once per learner.
    unpaused_due = {}  # the educator's later date (or None): the due date without pauses
    allowed = {}  # extra attempts: attempts allowed
    rows = []
    for user_id, username, first_name, last_name in data["members"]:
        attempts = attempts_by_user.get(user_id, [])
        accommodation = accommodations.get(user_id) or {}
        holds = holds_by_user.get(user_id, [])
        counted = counted_attempt(attempts, quiz.grading_method)
        score = attempt_percent(counted) if counted else None
        later_due = accommodation.get("due_at")
        if holds:
            due_at = due_at_for(
                base_due=assignment.due_at,
                accommodation_due=later_due,
                holds=holds,
                now=now,
                zone=zone,
            )
        elif later_due in unpaused_due:
            due_at = unpaused_due[later_due]
        else:
            due_at = unpaused_due[later_due] = due_at_for(
                base_due=assignment.due_at, accommodation_due=later_due, holds=[], now=now
            )
        extra_attempts = accommodation.get("extra_attempts", 0)
        if extra_attempts not in allowed:
            allowed[extra_attempts] = attempts_allowed_for(
                assignment_max=assignment.max_attempts,
                quiz_max=quiz.max_attempts,
                extra_attempts=extra_attempts,
            )
        standing = standing_time.get(user_id) or ""
        rows.append(
            LearnerRow(
                user_id=user_id,
                name=f"{first_name} {last_name}".strip() or username,
                username=username,
                status=status_for(
                    submitted=counted is not None,
                    in_progress=bool(attempts),
                    on_hold=bool(holds) and any(h["ended_at"] is None for h in holds),
                    due_at=due_at,
                    now=now,
                ),
                score=score,
                reached_pass_mark=None if score is None else score >= quiz.pass_percent,
                attempts_used=len(attempts),
                attempts_allowed=allowed[extra_attempts],
                last_activity=max(a["last_activity_at"] for a in attempts) if attempts else None,
                due_at=due_at,
                accommodations=_accommodation_notes(accommodation, standing)
                if accommodation or standing
                else [],
                holds=[h | {"days": held_days([h], now)} for h in holds] if holds else [],
                days_on_hold=held_days(holds, now),
                counted_attempt_id=counted["id"] if counted else None,
                submitted_at=counted["submitted_at"] if counted else None,
                language=counted["language"] if counted else "",
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.username))
    return rows


def _tables(**models):
    quote = connection.ops.quote_name
    return {name: quote(model._meta.db_table) for name, model in models.items()}


# The counted attempt of every current member, ranked by counted score, worked out in the
# database so that no long list of attempt ids travels to it. It follows rules.counted_attempt()
# and the Python sort in _question_rows: highest (ties: later) or latest, then score order
# with the user id breaking ties. Window functions and FILTER work on PostgreSQL and SQLite.
_RANKED_SQL = """
WITH counted AS (
    SELECT id, user_id, pct FROM (
        SELECT a.id, a.user_id,
            COALESCE(a.percent, 100.0 * a.score / NULLIF(a.max_score, 0), 0) AS pct,
            ROW_NUMBER() OVER (PARTITION BY a.user_id ORDER BY {order}) AS rn
        FROM {attempt} a
        JOIN {membership} m ON m.user_id = a.user_id AND m.group_id = %s
        WHERE a.assignment_id = %s AND a.submitted_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM {pretest} p WHERE p.attempt_id = a.id)
    ) numbered WHERE rn = 1
), ranked AS (
    SELECT id, ROW_NUMBER() OVER (ORDER BY pct, user_id) AS pos FROM counted
)
"""
_ORDER = {
    GradingMethod.HIGHEST: "COALESCE(a.percent, 100.0 * a.score / NULLIF(a.max_score, 0), 0) "
    "DESC, a.submitted_at DESC",
    GradingMethod.LATEST: "a.submitted_at DESC",
}
# Right answers: one row per question, with how many in the upper and lower groups got it,
# and (last) how many answered it wrongly while sure or fairly sure.
_RIGHT_SQL = """
SELECT r.question_id, 1, NULL, COUNT(*) FILTER (WHERE r.is_correct),
    COUNT(*) FILTER (WHERE r.is_correct AND k.pos > %s),
    COUNT(*) FILTER (WHERE r.is_correct AND k.pos <= %s),
    COUNT(*) FILTER (WHERE NOT r.is_correct AND r.confidence IN {sure})
FROM {response} r JOIN ranked k ON k.id = r.attempt_id
GROUP BY r.question_id
"""
# Wrong answers: one row per question and choice picked, to find the popular wrong answer
# (and, last, how many picked it while sure or fairly sure).
# (Two branches rather than one outer join: the database never looks up the choices of
# right answers.)
_WRONG_SQL = """
SELECT r.question_id, 0, rc.choice_id, COUNT(*), 0, 0,
    COUNT(*) FILTER (WHERE r.confidence IN {sure})
FROM {response} r
JOIN ranked k ON k.id = r.attempt_id
JOIN {response_choice} rc ON rc.response_id = r.id
WHERE NOT r.is_correct
GROUP BY r.question_id, rc.choice_id
"""


def _tally(ranked: str, names: dict, params: list, upper_from: int, size: int) -> list:
    """Run the two branches: as one UNION ALL on PostgreSQL (faster there), as two
    statements elsewhere (SQLite plans the compound query many times slower)."""
    right, wrong = (
        _RIGHT_SQL.format(**names, sure=SURE_SQL),
        _WRONG_SQL.format(**names, sure=SURE_SQL),
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{ranked}{right} UNION ALL {wrong}", [*params, upper_from, size])
            return cursor.fetchall()
        cursor.execute(ranked + right, [*params, upper_from, size])
        rows = cursor.fetchall()
        cursor.execute(ranked + wrong, params)
        return rows + cursor.fetchall()


def _question_rows(assignment: Assignment, learners: list[LearnerRow]) -> list[QuestionRow]:
    """Per question: facility, discrimination and the most chosen wrong answer.

    One aggregate query over the members' counted attempts, plus the questions and their
    wrong choices; the upper and lower groups are the top and bottom 27% by counted score.
    """
    scored = sum(1 for r in learners if r.counted_attempt_id)
    size = max(1, round(scored * DISCRIMINATION_SHARE))
    names = _tables(
        attempt=Attempt,
        membership=Membership,
        pretest=PreTest,
        response=Response,
        response_choice=ResponseChoice,
        choice=Choice,
    )
    ranked = _RANKED_SQL.format(order=_ORDER[assignment.quiz.grading_method], **names)
    base = [assignment.group_id, assignment.pk]
    tally_rows = _tally(ranked, names, base, scored - size, size)
    wrong_choices = {
        c["id"]: c
        for c in Choice.objects.filter(
            question__quiz_id=assignment.quiz_id, is_correct=False
        ).values("id", "text", "misconception", "position")
    }
    tallies = defaultdict(lambda: [0, 0, 0])  # question: right, right in upper, right in lower
    wrong = {}
    confident = confidently_wrong_tally(tally_rows, wrong_choices)
    for question_id, is_correct, choice_id, n, upper, lower, _sure in tally_rows:
        if is_correct:
            tallies[question_id] = [n, upper, lower]
        elif choice_id in wrong_choices:
            choice = wrong_choices[choice_id]
            # Most chosen first; on a tie, the choice shown first.
            best = wrong.get(question_id)
            if best is None or (-n, choice["position"], choice_id) < (
                -best[1],
                best[0]["position"],
                best[0]["id"],
            ):
                wrong[question_id] = (choice, n)

    rows = []
    for question in Question.objects.filter(quiz_id=assignment.quiz_id).values(
        "id", "position", "prompt"
    ):
        correct, upper, lower = tallies[question["id"]]
        facility = 100 * correct / scored if scored else 0.0
        choice, wrong_count = wrong.get(question["id"], ({}, 0))
        discrimination = (upper - lower) / size
        reason = question_review_reason(
            learners=scored, facility=facility, discrimination=discrimination
        )
        rows.append(
            QuestionRow(
                question_id=question["id"],
                position=question["position"],
                prompt=question["prompt"],
                facility=facility,
                discrimination=discrimination,
                wrong_choice=choice.get("text", ""),
                misconception=choice.get("misconception", ""),
                wrong_count=wrong_count,
                needs_review=reason in NEEDS_REVIEW,
                review_reason=reason.value,
                **_confidence_fields(confident.get(question["id"]), scored),
            )
        )
    return rows


def _confidence_fields(entry: dict | None, learners: int) -> dict:
    """A question's "sure but wrong" figures for its QuestionRow (groups/confidence_stats.py)."""
    count = entry["count"] if entry else 0
    return {
        "confidently_wrong": count,
        "confidently_wrong_share": confidently_wrong_share(count, learners),
        "confident_misconceptions": entry["misconceptions"] if entry else [],
    }


def _cached_question_rows(assignment: Assignment, learners: list[LearnerRow]):
    """_question_rows, cached under a fingerprint of the counted attempts.

    A submitted attempt's answers never change, so the same counted attempts give the same
    statistics; any new submission (or a member leaving) changes the fingerprint. The short
    lifetime picks up an editor's change to a choice's text or misconception label.
    """
    # The ids' numbers: putting 2,000 UUIDs in their text form took longer than the rest.
    counted = sorted(r.counted_attempt_id.int for r in learners if r.counted_attempt_id)
    digest = hashlib.sha256(
        "|".join([assignment.quiz.grading_method, *map(str, counted)]).encode()
    ).hexdigest()
    key = f"groups:question-stats:{assignment.pk}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = _question_rows(assignment, learners)
        cache.set(key, rows, QUESTION_STATS_CACHE_SECONDS)
    return rows


def assignment_results(*, assignment: Assignment, now=None) -> AssignmentResults:
    """Everything the results dashboard and the CSV export show, in a fixed number of queries.

    `assignment` should come with its quiz loaded (select_related) to save a query.
    """
    now = now or timezone.now()
    learners = _learner_rows(assignment, now)
    scores = [r.score for r in learners if r.score is not None]
    status_counts = dict.fromkeys(AssignmentStatus, 0)
    for row in learners:
        status_counts[row.status] += 1
    results = AssignmentResults(
        learners=learners,
        member_count=len(learners),
        submitted_count=len(scores),
        enough_for_stats=enough_learners_for_stats(len(scores)),
        status_counts=status_counts,
    )
    # The question tallies run even for a small group (and are then not shown), so the
    # dashboard makes the same queries whatever the group's size (on a cache miss).
    questions = _cached_question_rows(assignment, learners)
    objectives = objective_rows(assignment=assignment, learners=learners, questions=questions)
    if not results.enough_for_stats:
        return results
    results.completion_rate = 100 * len(scores) / len(learners)
    results.mean = statistics.fmean(scores)
    results.median = statistics.median(scores)
    results.pass_share = (
        100 * sum(1 for s in scores if s >= assignment.quiz.pass_percent) / len(scores)
    )
    results.histogram = histogram(scores)
    # Which language the counted attempts were taken in (the grade is the same in each).
    results.languages = {
        code: sum(1 for r in learners if r.score is not None and r.language == code)
        for code, _name in settings.LANGUAGES
    }
    results.questions = questions
    results.objectives = objectives
    return results
