"""The figures of a before-and-after assignment: per learner the before and after scores and
the gain; for the group the mean gain, the normalised gain and how many improved, stayed or
dropped, overall and per learning objective, under the small-group rule.

Built on the learner rows of groups.stats (the after score is the counted score), plus a
fixed handful of queries whatever the size of the group. The dashboard, the CSV and the API
show these.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from groups.models import Assignment, PreTest
from groups.result_rows import AssignmentResults
from groups.results_rules import enough_learners_for_stats
from groups.rules import attempt_percent
from quizzes.models import Question, Response

OBJECTIVES_CACHE_SECONDS = 600


@dataclass
class LearnerGain:
    user_id: int
    name: str
    pre: float | None  # the before test's score, 0-100 (None: not taken)
    post: float | None  # the counted score, 0-100
    waived: bool = False

    @property
    def gain(self) -> float | None:
        """After minus before, in points (None unless both were taken)."""
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre

    @property
    def normalised(self) -> float | None:
        """(post - pre) / (100 - pre): the share of what there was to learn that was
        learned; None for a learner who had full marks before (nothing left to gain)."""
        if self.gain is None or self.pre >= 100:
            return None
        return self.gain / (100 - self.pre)


@dataclass
class ObjectiveGain:
    objective_id: int
    text: str
    pre_share: float | None  # percent of answers right in the before tests
    post_share: float | None  # percent right in the counted after tests


@dataclass
class GainResults:
    learners: list[LearnerGain]
    paired: int  # learners with both a before and an after score
    enough_for_stats: bool
    mean_pre: float | None = None
    mean_post: float | None = None
    mean_gain: float | None = None
    normalised_gain: float | None = None
    improved: int = 0
    stayed: int = 0
    dropped: int = 0
    objectives: list[ObjectiveGain] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The result in plain words (figures follow it on the page)."""
        if not self.enough_for_stats or self.mean_gain is None:
            return ""
        points = round(self.mean_gain)
        if self.improved * 2 > self.paired and points > 0:
            return _("Most learners knew more after: average gain %(n)d points.") % {"n": points}
        if points < 0:
            return _("On average learners scored lower after: %(n)d points.") % {"n": points}
        return _(
            "%(improved)d of %(paired)d learners knew more after: average change %(n)d points."
        ) % {
            "improved": self.improved,
            "paired": self.paired,
            "n": points,
        }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _direction(gain: float) -> str:
    """improved / stayed / dropped, by whole points (a rounding difference is no change)."""
    points = round(gain)
    return "improved" if points > 0 else "dropped" if points < 0 else "stayed"


def gain_results(*, assignment: Assignment, results: AssignmentResults) -> GainResults | None:
    """The before-and-after figures, or None for a plain assignment.

    `results` are groups.stats.assignment_results: its learner rows (current members only)
    give the after scores, its question rows the share right after, per objective.
    """
    if not assignment.is_before_after:
        return None
    learners = results.learners
    members = {row.user_id for row in learners}
    pre, waived, pre_attempts = {}, set(), []
    for row in PreTest.objects.filter(assignment=assignment, user_id__in=members).values(
        "user_id",
        "waived_at",
        "attempt_id",
        "attempt__submitted_at",
        "attempt__percent",
        "attempt__score",
        "attempt__max_score",
    ):
        if row["waived_at"] is not None:
            waived.add(row["user_id"])
        if row["attempt__submitted_at"] is not None:
            pre[row["user_id"]] = attempt_percent(
                {k.removeprefix("attempt__"): v for k, v in row.items()}
            )
            pre_attempts.append(row["attempt_id"])
    rows = [
        LearnerGain(
            user_id=row.user_id,
            name=row.name,
            pre=pre.get(row.user_id),
            post=row.score,
            waived=row.user_id in waived,
        )
        for row in learners
    ]
    paired = [row for row in rows if row.gain is not None]
    questions = results.questions
    results = GainResults(
        learners=rows, paired=len(paired), enough_for_stats=enough_learners_for_stats(len(paired))
    )
    if not results.enough_for_stats:
        return results
    results.mean_pre = _mean([row.pre for row in paired])
    results.mean_post = _mean([row.post for row in paired])
    results.mean_gain = _mean([row.gain for row in paired])
    results.normalised_gain = _mean([r.normalised for r in paired if r.normalised is not None])
    for row in paired:
        direction = _direction(row.gain)
        setattr(results, direction, getattr(results, direction) + 1)
    results.objectives = _cached_objective_gains(assignment, pre_attempts, questions)
    return results


def _tallies(responses) -> dict:
    """Per question: (right answers, answers)."""
    rows = responses.values("question_id").annotate(
        total=Count("id"), right=Count("id", filter=Q(is_correct=True))
    )
    return {row["question_id"]: (row["right"], row["total"]) for row in rows}


def _share(tallies: dict, questions: list) -> float | None:
    right = sum(tallies.get(q, (0, 0))[0] for q in questions)
    total = sum(tallies.get(q, (0, 0))[1] for q in questions)
    return 100 * right / total if total else None


def _cached_objective_gains(assignment, pre_attempts: list, questions: list) -> list:
    """_objective_gains; the before tests' tallies cached under a fingerprint of those
    attempts (as the question statistics in groups.stats, which give the after side):
    submitted answers never change, and a new before test changes the fingerprint."""
    digest = hashlib.sha256(",".join(sorted(map(str, pre_attempts))).encode()).hexdigest()
    key = f"groups:gain-before-tallies:{assignment.pk}:{digest}"
    return _objective_gains(assignment, questions, key, pre_attempts)


def _objective_gains(
    assignment: Assignment, questions: list, key: str, pre_attempts: list
) -> list[ObjectiveGain]:
    """Share right per objective: before, over the members' before tests (answers counted
    per question, summed over the objective's questions); after, the mean share right of
    its questions over the counted attempts (the dashboard's question rows)."""
    links = Question.objectives.through.objects.filter(
        question__quiz_id__in={assignment.quiz_id, assignment.pre_quiz_id}
    ).values_list("question_id", "learningobjective_id", "learningobjective__text")
    objectives = {}
    for question_id, objective_id, text in links.order_by(
        "learningobjective__position", "learningobjective_id"
    ):
        objectives.setdefault((objective_id, text), []).append(question_id)
    if not objectives:
        return []
    tagged = {q for ids in objectives.values() for q in ids}
    before = cache.get(key)
    if before is None:
        # The members' submitted before tests, by id (gain_results found them): the answers
        # are then read through their attempt's index, not by scanning every answer.
        before = _tallies(
            Response.objects.filter(attempt_id__in=pre_attempts, question_id__in=tagged)
        )
        cache.set(key, before, OBJECTIVES_CACHE_SECONDS)
    facility = {row.question_id: row.facility for row in questions}
    rows = []
    for (objective_id, text), ids in objectives.items():
        after = [facility[q] for q in ids if q in facility]
        rows.append(
            ObjectiveGain(
                objective_id=objective_id,
                text=text,
                pre_share=_share(before, ids),
                post_share=sum(after) / len(after) if after else None,
            )
        )
    return rows
