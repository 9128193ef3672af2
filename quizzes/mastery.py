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

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from quizzes.attempt_models import Confidence, ObjectiveTally, Response
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

    For a group's dashboard; a learner with no answer to an objective counts as not tried. It
    reads the kept tallies (ObjectiveTally, one row per learner and objective, written by
    `refresh_tallies`), so its cost follows the group's size, not how many answers were given.
    """
    objectives, user_ids = list(objectives), list(user_ids)
    levels = {o.pk: Counter({Mastery.NOT_TRIED: len(user_ids)}) for o in objectives}
    if not objectives or not user_ids:
        return levels
    tallies = ObjectiveTally.objects.filter(
        user_id__in=user_ids, objective_id__in=[o.pk for o in objectives]
    ).values_list("objective_id", "answered", "right", "guessed_right")
    for objective_id, answered, right, guessed_right in tallies:
        level = level_from_counts(answered=answered, right=right, guessed_right=guessed_right)
        levels[objective_id][level] += 1
        levels[objective_id][Mastery.NOT_TRIED] -= 1
    return levels


def refresh_tallies(*, user_ids: Iterable[int] | None = None, objective_ids=None) -> None:
    """Count the latest answers again for these learners and objectives (None: all of them).

    Three statements at most whatever the number of answers: the learners' rows are locked
    (when named), the old tallies go, and the database counts each learner's latest 4 answers
    per objective (a window function over their submitted attempts) straight into new ones.
    Called wherever those answers change: a submitted or claimed attempt, a question's
    objectives edited, an attempt deleted, the demo data.
    """
    user_ids = None if user_ids is None else list(user_ids)
    objective_ids = None if objective_ids is None else list(objective_ids)
    if user_ids == [] or objective_ids == []:
        return
    stale = ObjectiveTally.objects.all()
    answers = Response.objects.filter(attempt__submitted_at__isnull=False)
    if user_ids is not None:
        stale = stale.filter(user_id__in=user_ids)
        answers = answers.filter(attempt__user_id__in=user_ids)
    else:
        answers = answers.filter(attempt__user__isnull=False)
    if objective_ids is not None:
        stale = stale.filter(objective_id__in=objective_ids)
        answers = answers.filter(question__objectives__in=objective_ids)
    else:
        answers = answers.filter(question__objectives__isnull=False)
    if user_ids is not None:
        # One refresh per learner at a time (two quizzes submitted in two tabs): the second
        # waits here, then counts the first one's answers too.
        get_user_model().objects.select_for_update().filter(pk__in=user_ids).exists()
    stale.delete()
    latest = answers.annotate(
        learner=F("attempt__user_id"),
        objective=F("question__objectives"),
        newest=Window(
            RowNumber(),
            partition_by=[F("attempt__user_id"), F("question__objectives")],
            order_by=[F("answered_at").desc(), F("pk").desc()],
        ),
    ).values("learner", "objective", "is_correct", "confidence", "newest")
    inner, params = latest.query.sql_with_params()
    quote = connection.ops.quote_name
    names = [
        quote(ObjectiveTally._meta.get_field(name).column)
        for name in ("user", "objective", "answered", "right", "guessed_right")
    ]
    columns = ", ".join(names)
    # A refresh for every learner (an objective retagged) does not lock them: a row another
    # refresh wrote meanwhile is updated rather than refused.
    updates = ", ".join(f"{name} = excluded.{name}" for name in names[2:])
    # `inner` is the ORM's own SQL with placeholders; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(ObjectiveTally._meta.db_table)} ({columns})"  # noqa: S608
        " SELECT latest.learner, latest.objective, COUNT(*),"
        " SUM(CASE WHEN latest.is_correct THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN latest.is_correct AND latest.confidence = %s THEN 1 ELSE 0 END)"
        f" FROM ({inner}) latest WHERE latest.newest <= %s"
        " GROUP BY latest.learner, latest.objective"
        f" ON CONFLICT ({names[0]}, {names[1]}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (Confidence.GUESSING, *params, RECENT_ANSWERS))


def on_objectives_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of Question.objectives: count the answers again for the objectives whose
    questions changed (for every learner), so the dashboard follows an editor's tagging."""
    if reverse:  # objective.questions.add(...) and the like: that one objective
        changed = [instance.pk]
    elif action == "pre_clear":
        instance._objectives_before_clear = list(instance.objectives.values_list("pk", flat=True))
        return
    elif action == "post_clear":
        changed = instance.__dict__.pop("_objectives_before_clear", [])
    else:
        changed = list(pk_set or ())
    if action in ("post_add", "post_remove", "post_clear") and changed:
        refresh_tallies(objective_ids=changed)


def on_attempt_deleted(sender, instance, **kwargs):
    """post_delete of an Attempt: a submitted one no longer counts for its learner."""
    if instance.user_id and instance.submitted_at:
        refresh_tallies(user_ids=[instance.user_id])
