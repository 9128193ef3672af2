"""Results of one assignment: per-learner rows, a summary, and per-question statistics.

Everything comes from a fixed handful of `values()` and aggregate queries, whatever the size
of the group, and is put together in Python. Statistics over the group are only given when
at least MIN_LEARNERS_FOR_STATS learners have submitted: below that they say little and can
point at one person's answers.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from quizzes.group_services import (
    AssignmentStatus,
    accommodation_summary,
    attempts_allowed_for,
    due_at_for,
    held_days,
    status_for,
    time_multiplier_for,
)
from quizzes.models import (
    Accommodation,
    Assignment,
    Attempt,
    GradingMethod,
    Hold,
    Membership,
    Question,
    Response,
    ResponseChoice,
)

MIN_LEARNERS_FOR_STATS = 5
# The classic Kelley split: the top and bottom 27% by score.
DISCRIMINATION_SHARE = 0.27
REVIEW_BELOW = 20  # percent correct
REVIEW_ABOVE = 95


@dataclass
class LearnerRow:
    user_id: int
    name: str
    username: str
    status: AssignmentStatus
    score: float | None  # the counted score, 0-100
    reached_pass_mark: bool | None
    attempts_used: int
    attempts_allowed: int | None
    last_activity: object
    due_at: object
    accommodations: list[str]
    holds: list[dict]
    days_on_hold: int
    counted_attempt_id: object = None


@dataclass
class QuestionRow:
    question_id: int
    position: int
    prompt: str
    answered: int
    facility: float  # percent of learners whose counted attempt got it right
    discrimination: float | None
    wrong_choice: str = ""
    misconception: str = ""
    wrong_count: int = 0
    needs_review: bool = False


@dataclass
class AssignmentResults:
    learners: list[LearnerRow]
    member_count: int
    submitted_count: int
    enough_for_stats: bool
    completion_rate: float = 0.0
    mean: float | None = None
    median: float | None = None
    pass_share: float | None = None
    histogram: list[dict] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)


def _percent(attempt: dict) -> float:
    if attempt["percent"] is not None:
        return attempt["percent"]
    if attempt["max_score"]:
        return 100 * (attempt["score"] or 0) / attempt["max_score"]
    return 0.0


def counted_attempt(attempts: list[dict], grading_method: str) -> dict | None:
    """The submitted attempt that counts: the highest score, or the latest, as the quiz says."""
    submitted = [a for a in attempts if a["submitted_at"]]
    if not submitted:
        return None
    if grading_method == GradingMethod.LATEST:
        return max(submitted, key=lambda a: a["submitted_at"])
    # Highest score; on a tie the later attempt, so the timestamp shown is the recent one.
    return max(submitted, key=lambda a: (_percent(a), a["submitted_at"]))


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


def _learner_rows(assignment: Assignment, now) -> list[LearnerRow]:
    quiz = assignment.quiz
    members = list(
        Membership.objects.filter(group_id=assignment.group_id).values_list(
            "user_id", "user__username", "user__first_name", "user__last_name"
        )
    )
    attempts_by_user = defaultdict(list)
    for attempt in Attempt.objects.filter(assignment=assignment).values(
        "id", "user_id", "submitted_at", "percent", "score", "max_score", "last_activity_at"
    ):
        attempts_by_user[attempt["user_id"]].append(attempt)
    accommodations = {
        a["user_id"]: a
        for a in Accommodation.objects.filter(assignment=assignment).values(
            "user_id", "extra_attempts", "due_at", "extra_time"
        )
    }
    holds_by_user = defaultdict(list)
    for hold in Hold.objects.filter(assignment=assignment).values(
        "user_id", "started_at", "ended_at"
    ):
        holds_by_user[hold["user_id"]].append(hold)
    standing_time = {}
    if quiz.time_limit_minutes:
        from accounts.models import Profile

        standing_time = dict(
            Profile.objects.filter(user__memberships__group_id=assignment.group_id).values_list(
                "user_id", "extra_time"
            )
        )

    rows = []
    for user_id, username, first_name, last_name in members:
        attempts = attempts_by_user.get(user_id, [])
        accommodation = accommodations.get(user_id) or {}
        holds = sorted(holds_by_user.get(user_id, []), key=lambda h: h["started_at"])
        counted = counted_attempt(attempts, quiz.grading_method)
        score = _percent(counted) if counted else None
        due_at = due_at_for(
            base_due=assignment.due_at,
            accommodation_due=accommodation.get("due_at"),
            holds=holds,
            now=now,
        )
        notes = accommodation_summary(
            extra_attempts=accommodation.get("extra_attempts", 0),
            due_at=accommodation.get("due_at"),
            extra_time=accommodation.get("extra_time", ""),
        )
        if quiz.time_limit_minutes and not accommodation.get("extra_time"):
            # The learner's own standing setting is in force when the educator set none.
            own = standing_time.get(user_id, "")
            if time_multiplier_for(own) != 1:
                notes += accommodation_summary(extra_time=own)
        rows.append(
            LearnerRow(
                user_id=user_id,
                name=f"{first_name} {last_name}".strip() or username,
                username=username,
                status=status_for(
                    submitted=counted is not None,
                    in_progress=bool(attempts),
                    on_hold=any(h["ended_at"] is None for h in holds),
                    due_at=due_at,
                    now=now,
                ),
                score=score,
                reached_pass_mark=None if score is None else score >= quiz.pass_percent,
                attempts_used=len(attempts),
                attempts_allowed=attempts_allowed_for(
                    assignment_max=assignment.max_attempts,
                    quiz_max=quiz.max_attempts,
                    extra_attempts=accommodation.get("extra_attempts", 0),
                ),
                last_activity=max((a["last_activity_at"] for a in attempts), default=None),
                due_at=due_at,
                accommodations=notes,
                holds=[h | {"days": held_days([h], now)} for h in holds],
                days_on_hold=held_days(holds, now),
                counted_attempt_id=counted["id"] if counted else None,
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.username))
    return rows


def _question_rows(assignment: Assignment, learners: list[LearnerRow]) -> list[QuestionRow]:
    scored = sorted(
        (r for r in learners if r.counted_attempt_id), key=lambda r: (r.score, r.user_id)
    )
    counted_ids = [r.counted_attempt_id for r in scored]
    size = max(1, round(len(scored) * DISCRIMINATION_SHARE))
    lower = [r.counted_attempt_id for r in scored[:size]]
    upper = [r.counted_attempt_id for r in scored[-size:]]
    correct = Q(is_correct=True)
    tallies = {
        t["question_id"]: t
        for t in Response.objects.filter(attempt_id__in=counted_ids)
        .values("question_id")
        .annotate(
            answered=Count("id"),
            correct=Count("id", filter=correct),
            upper=Count("id", filter=correct & Q(attempt_id__in=upper)),
            lower=Count("id", filter=correct & Q(attempt_id__in=lower)),
        )
        .order_by()
    }
    wrong = {}
    for row in (
        ResponseChoice.objects.filter(
            response__attempt_id__in=counted_ids, choice__is_correct=False
        )
        .values("choice_id", "choice__question_id", "choice__text", "choice__misconception")
        .annotate(n=Count("id"))
        .order_by("-n", "choice__position", "choice_id")
    ):
        wrong.setdefault(row["choice__question_id"], row)

    rows = []
    for question in Question.objects.filter(quiz_id=assignment.quiz_id).values(
        "id", "position", "prompt"
    ):
        tally = tallies.get(question["id"], {})
        facility = 100 * tally.get("correct", 0) / len(scored) if scored else 0.0
        popular_wrong = wrong.get(question["id"], {})
        rows.append(
            QuestionRow(
                question_id=question["id"],
                position=question["position"],
                prompt=question["prompt"],
                answered=tally.get("answered", 0),
                facility=facility,
                discrimination=(tally.get("upper", 0) - tally.get("lower", 0)) / size,
                wrong_choice=popular_wrong.get("choice__text", ""),
                misconception=popular_wrong.get("choice__misconception", ""),
                wrong_count=popular_wrong.get("n", 0),
                needs_review=facility < REVIEW_BELOW or facility > REVIEW_ABOVE,
            )
        )
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
        enough_for_stats=len(scores) >= MIN_LEARNERS_FOR_STATS,
        status_counts=status_counts,
    )
    # The question tallies run even for a small group (and are then not shown), so the
    # dashboard makes the same queries whatever the group's size.
    questions = _question_rows(assignment, learners)
    if not results.enough_for_stats:
        return results
    results.completion_rate = 100 * len(scores) / len(learners)
    results.mean = statistics.fmean(scores)
    results.median = statistics.median(scores)
    results.pass_share = (
        100 * sum(1 for s in scores if s >= assignment.quiz.pass_percent) / len(scores)
    )
    results.histogram = histogram(scores)
    results.questions = questions
    return results
