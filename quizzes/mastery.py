"""Mastery per learning objective and learner: the one place that decides it.

The rule, from the learner's latest answers to the questions tagged with an objective, across
all their submitted attempts (any quiz, newest answer first; answers in an attempt still in
progress are left out because they may still change):

- **not tried**: no answer yet;
- **secure**: at least 3 of the last 4 answers are right, and none of those right answers was
  given as "Guessing" (a lucky guess is not knowledge);
- **getting there**: at least one of the last 4 answers is right, but not secure yet;
- **not yet**: none of the last 4 answers is right.

Confidence never changes a grade; it only decides whether right answers count towards
"secure". "My progress", the result page and the educator's dashboard call this module.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from quizzes.attempt_models import Confidence, Response
from quizzes.models import Question

RECENT_ANSWERS = 4  # how many of the latest answers count
SECURE_RIGHT = 3  # right (and not guessed) answers among them to be secure


class Mastery(models.TextChoices):
    SECURE = "secure", _("secure")
    GETTING_THERE = "getting-there", _("getting there")
    NOT_YET = "not-yet", _("not yet")
    NOT_TRIED = "not-tried", _("not tried")


def mastery_level(answers: Sequence[tuple[bool, str]]) -> Mastery:
    """The level from (is_correct, confidence) answers, newest first (see the module rule)."""
    recent = list(answers)[:RECENT_ANSWERS]
    right = [confidence for is_correct, confidence in recent if is_correct]
    return level_from_counts(
        answered=len(recent),
        right=len(right),
        guessed_right=right.count(Confidence.GUESSING),
    )


def level_from_counts(*, answered: int, right: int, guessed_right: int) -> Mastery:
    """The level from counts over the latest (at most 4) answers: the rule itself."""
    if not answered:
        return Mastery.NOT_TRIED
    if right >= SECURE_RIGHT and not guessed_right:
        return Mastery.SECURE
    return Mastery.GETTING_THERE if right else Mastery.NOT_YET


def objective_answers(*, user, objective_ids: Iterable[int]) -> dict[int, list[tuple[bool, str]]]:
    """Each objective's latest answers by `user`, newest first: one query, at most 4 kept each."""
    answers = defaultdict(list)
    if user is None or not user.is_authenticated:
        return answers
    rows = (
        Response.objects.filter(
            attempt__user=user,
            attempt__submitted_at__isnull=False,
            question__objectives__in=list(objective_ids),
        )
        .order_by("-answered_at", "-pk")
        .values_list("question__objectives", "is_correct", "confidence")
    )
    for objective_id, is_correct, confidence in rows.iterator():
        if len(answers[objective_id]) < RECENT_ANSWERS:
            answers[objective_id].append((is_correct, confidence))
    return answers


def objective_mastery(*, user, objectives: Iterable) -> dict[int, Mastery]:
    """{objective id: Mastery} for these objectives and this learner (anonymous: not tried)."""
    objectives = list(objectives)
    answers = objective_answers(user=user, objective_ids=[o.pk for o in objectives])
    return {objective.pk: mastery_level(answers.get(objective.pk, [])) for objective in objectives}


def attempt_objective_results(*, attempt, user=None) -> list[dict]:
    """Per objective of an attempt's questions: how many of them were right in this attempt,
    and (for a signed-in learner) the mastery across all their attempts. Two queries at most."""
    right_here = Response.objects.filter(attempt=attempt, question_id=OuterRef("question_id"))
    tags = (
        Question.objectives.through.objects.filter(question_id__in=attempt.question_order)
        .select_related("learningobjective")
        .annotate(is_correct=Subquery(right_here.values("is_correct")[:1]))
        .order_by("learningobjective__position", "learningobjective_id")
    )
    rows = {}
    for tag in tags:
        row = rows.setdefault(
            tag.learningobjective_id, {"objective": tag.learningobjective, "right": 0, "total": 0}
        )
        row["total"] += 1
        row["right"] += bool(tag.is_correct)
    levels = {}
    if rows and user is not None and user.is_authenticated:
        levels = objective_mastery(user=user, objectives=[r["objective"] for r in rows.values()])
    for objective_id, row in rows.items():
        row["level"] = levels.get(objective_id)
    return list(rows.values())


def learners_mastery(*, user_ids: Iterable[int], objectives: Iterable) -> dict[int, Counter]:
    """{objective id: Counter of Mastery levels} over these learners: one query, the same rule.

    For a group's dashboard; a learner with no answer to an objective counts as not tried. The
    database keeps each learner's latest 4 answers per objective (a window function) and counts
    them, so one row per learner and objective comes back, not every answer.
    """
    objectives, user_ids = list(objectives), list(user_ids)
    levels = {o.pk: Counter({Mastery.NOT_TRIED: len(user_ids)}) for o in objectives}
    if not objectives or not user_ids:
        return levels
    latest = (
        Response.objects.filter(
            attempt__user_id__in=user_ids,
            attempt__submitted_at__isnull=False,
            question__objectives__in=[o.pk for o in objectives],
        )
        .annotate(
            learner=F("attempt__user_id"),
            objective=F("question__objectives"),
            newest=Window(
                RowNumber(),
                partition_by=[F("attempt__user_id"), F("question__objectives")],
                order_by=[F("answered_at").desc(), F("pk").desc()],
            ),
        )
        .values("learner", "objective", "is_correct", "confidence", "newest")
    )
    inner, params = latest.query.sql_with_params()
    counts = (
        "SELECT latest.learner, latest.objective, COUNT(*),"
        " SUM(CASE WHEN latest.is_correct THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN latest.is_correct AND latest.confidence = %s THEN 1 ELSE 0 END)"
    )
    grouped = " GROUP BY latest.learner, latest.objective"
    # `inner` is the ORM's own SQL with placeholders; every value is a parameter.
    sql = f"{counts} FROM ({inner}) latest WHERE latest.newest <= %s{grouped}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (Confidence.GUESSING, *params, RECENT_ANSWERS))
        for _user_id, objective_id, answered, right, guessed_right in cursor.fetchall():
            level = level_from_counts(
                answered=answered, right=right or 0, guessed_right=guessed_right or 0
            )
            levels[objective_id][level] += 1
            levels[objective_id][Mastery.NOT_TRIED] -= 1
    return levels
