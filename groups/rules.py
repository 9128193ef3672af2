"""The rules of assignments for one learner: due date, attempts, time, status.

Pure questions the quiz flow, the learner's pages and the results dashboard ask ("when is
this due for this learner?", "how many attempts may they have?"). The `*_for` functions work
on values already loaded, so the dashboard can apply them to thousands of learners without a
query each; the `assignment_*` functions load what they need (or take it preloaded).
groups.services re-exports the public ones.
"""

import datetime
import math
import zoneinfo
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import is_educator
from groups.models import Accommodation, Assignment, ExtraTime, Hold, LearnerGroup
from quizzes.models import Attempt, GradingMethod


class AssignmentStatus(TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    OVERDUE = "overdue", _("Overdue")
    ON_HOLD = "on_hold", _("On hold")


def accommodation_summary(*, extra_attempts=0, due_at=None, extra_time="") -> list[str]:
    """Plain words for an educator's adjustments: ["1 extra attempt", "due 3 June 2026"]."""
    parts = []
    if extra_attempts:
        parts.append(
            ngettext("%(n)d extra attempt", "%(n)d extra attempts", extra_attempts)
            % {"n": extra_attempts}
        )
    if due_at:
        parts.append(
            _("due %(date)s") % {"date": date_format(timezone.localtime(due_at), "DATE_FORMAT")}
        )
    if extra_time:
        parts.append(str(ExtraTime(extra_time).label).lower())
    return parts


# --- who owns what (pages, CSV and API all ask these) ---------------------------------------


def owned_groups(user):
    """The groups this person runs, while they hold the Educators role; else none.

    The one answer to "does this educator own it?": someone who lost the role no longer sees
    the groups they ran (roles are remembered on the user object, so this costs one query once).
    """
    if not is_educator(user):
        return LearnerGroup.objects.none()
    return LearnerGroup.objects.filter(educator=user)


def owned_assignments(user):
    """The assignments of the groups this person runs as an educator (see owned_groups)."""
    if not is_educator(user):
        return Assignment.objects.none()
    return Assignment.objects.filter(group__educator=user)


def assignment_for_educator(user, pk, *, group_pk=None) -> Assignment | None:
    """One assignment this educator owns, with its quiz and group loaded; None otherwise.

    `group_pk`, when given, must be the assignment's group (the pages' URLs carry both).
    """
    assignments = owned_assignments(user).select_related("quiz", "group", "pre_quiz").filter(pk=pk)
    if group_pk is not None:
        assignments = assignments.filter(group_id=group_pk)
    return assignments.first()


# --- which attempt counts --------------------------------------------------------------------


def _value(attempt, name):
    return attempt[name] if isinstance(attempt, dict) else getattr(attempt, name)


def attempt_percent(attempt) -> float:
    """An attempt's score in percent: as stored, else from its score and maximum, else 0."""
    if (percent := _value(attempt, "percent")) is not None:
        return percent
    if max_score := _value(attempt, "max_score"):
        return 100 * (_value(attempt, "score") or 0) / max_score
    return 0.0


def counted_attempt(attempts: Iterable, grading_method: str):
    """The submitted attempt that counts for an assignment, or None: the highest score (on a
    tie the later one, so the time shown is the recent one) or the latest, as the quiz says.

    Takes attempts as objects or as `values()` dicts. The learner's pages, the dashboard, the
    CSV and the API all go through this; the dashboard's per-question SQL (groups.stats,
    _RANKED_SQL) ranks attempts in the database the same way.
    """
    submitted = [a for a in attempts if _value(a, "submitted_at")]
    if not submitted:
        return None
    if grading_method == GradingMethod.LATEST:
        return max(submitted, key=lambda a: _value(a, "submitted_at"))
    return max(submitted, key=lambda a: (attempt_percent(a), _value(a, "submitted_at")))


# --- rules (pure: the quiz flow and the dashboard ask these) -------------------------------

_UNSET = object()
_EXTRA_TIME_MULTIPLIER = {
    ExtraTime.NONE: 1,
    ExtraTime.X1_5: 1.5,
    ExtraTime.X2: 2,
    ExtraTime.UNLIMITED: None,
}


def held_days(holds: Iterable, now: datetime.datetime | None = None) -> int:
    """Whole days a learner has paused, rounded up once over the total.

    Rounding the total (not each hold) means pausing and resuming many times in one day
    cannot stretch a due date by a day each time. An open hold counts up to now.
    """
    if not holds:
        return 0
    now = now or timezone.now()
    total = datetime.timedelta()
    for hold in holds:
        started, ended = _hold_times(hold)
        total += max((ended or now) - started, datetime.timedelta())
    return math.ceil(total / datetime.timedelta(days=1))


def _hold_times(hold):
    if isinstance(hold, dict):
        return hold["started_at"], hold["ended_at"]
    return hold.started_at, hold.ended_at


def due_at_for(*, base_due, accommodation_due, holds, now=None, zone=None):
    """The due date after an educator's later date and the learner's paused days.

    Paused days move it on by calendar days in `zone` (the group's), so 17:00 there stays
    17:00 when the days cross a daylight-saving change; without a zone, by 24 hours each.
    """
    if base_due is None:
        return None
    due = max(base_due, accommodation_due) if accommodation_due else base_due
    days = held_days(holds, now)
    if not days:
        return due
    if zone:
        # Aware arithmetic keeps the wall-clock time; the offset is the new day's.
        local = due.astimezone(zoneinfo.ZoneInfo(zone)) + datetime.timedelta(days=days)
        return local.astimezone(datetime.UTC)
    return due + datetime.timedelta(days=days)


def attempts_allowed_for(*, assignment_max, quiz_max, extra_attempts) -> int | None:
    """The assignment's limit (else the quiz's) plus extra attempts; None = unlimited."""
    base = assignment_max if assignment_max is not None else quiz_max
    return None if base is None else base + (extra_attempts or 0)


def time_multiplier_for(*codes: str) -> float | None:
    """The most generous of several extra-time settings: 1, 1.5, 2, or None (no limit)."""
    multipliers = [_EXTRA_TIME_MULTIPLIER.get(code or "", 1) for code in codes] or [1]
    if None in multipliers:
        return None
    return max(multipliers)


def status_for(*, submitted: bool, in_progress: bool, on_hold: bool, due_at, now=None):
    """One learner's status on an assignment. Nothing is overdue while it is on hold."""
    if submitted:
        return AssignmentStatus.SUBMITTED
    if on_hold:
        return AssignmentStatus.ON_HOLD
    if due_at is not None and (now or timezone.now()) > due_at:
        return AssignmentStatus.OVERDUE
    if in_progress:
        return AssignmentStatus.IN_PROGRESS
    return AssignmentStatus.NOT_STARTED


def _load_accommodation(assignment, user, accommodation):
    if accommodation is _UNSET:
        return Accommodation.objects.filter(assignment=assignment, user=user).first()
    return accommodation


def _load_holds(assignment, user, holds):
    if holds is _UNSET:
        return list(Hold.objects.filter(assignment=assignment, user=user))
    return holds


def assignment_due_at(
    *, assignment: Assignment, user, now=None, accommodation=_UNSET, holds=_UNSET
) -> datetime.datetime | None:
    """When the assignment is due for this learner (None: no due date).

    The educator's later date, if any, then moved on by the learner's total held days.
    Pass `accommodation` and `holds` when already loaded to save the queries.
    """
    accommodation = _load_accommodation(assignment, user, accommodation)
    holds = _load_holds(assignment, user, holds)
    return due_at_for(
        base_due=assignment.due_at,
        accommodation_due=accommodation.due_at if accommodation else None,
        holds=holds,
        now=now,
        zone=assignment.group.zone_name if holds else None,
    )


def assignment_attempts_allowed(
    *, assignment: Assignment, user, accommodation=_UNSET
) -> int | None:
    """Attempts this learner may make at the assignment; None means unlimited."""
    accommodation = _load_accommodation(assignment, user, accommodation)
    return attempts_allowed_for(
        assignment_max=assignment.max_attempts,
        quiz_max=assignment.quiz.max_attempts,
        extra_attempts=accommodation.extra_attempts if accommodation else 0,
    )


def assignment_time_multiplier(
    *, assignment: Assignment | None, user, accommodation=_UNSET
) -> float | None:
    """How much of a timed quiz's limit this learner gets: 1, 1.5, 2, or None (no limit).

    The more generous of the educator's setting for this assignment and the learner's own
    standing setting on their profile. Works without an assignment (profile only).
    """
    codes = []
    if assignment is not None and user is not None:
        accommodation = _load_accommodation(assignment, user, accommodation)
        codes.append(accommodation.extra_time if accommodation else "")
    if user is not None and user.is_authenticated:
        codes.append(standing_extra_time(user))
    return time_multiplier_for(*codes)


def standing_extra_time(user) -> str:
    """The learner's own standing extra time (an ExtraTime code; "" for none).

    The setting is kept on the learner's profile by the accounts app, which builds on this
    one; it is read through the user's `profile` relation so this app need not import it.
    """
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list("profile__extra_time", flat=True)
        .first()
        or ""
    )


def standing_time_factor(user) -> float | None:
    """The learner's time factor outside assignments (installed in quizzes.services)."""
    if user is None or not user.is_authenticated:
        return 1
    return time_multiplier_for(standing_extra_time(user))


def assignment_status(
    *,
    assignment: Assignment,
    user,
    attempts: Iterable,
    now=None,
    accommodation=_UNSET,
    holds=_UNSET,
) -> AssignmentStatus:
    """not_started / in_progress / submitted / overdue / on_hold for this learner.

    `attempts` are the learner's attempts at this assignment (anything with `submitted_at`).
    """
    holds = _load_holds(assignment, user, holds)
    attempts = list(attempts)
    return status_for(
        submitted=any(a.submitted_at for a in attempts),
        in_progress=any(not a.submitted_at for a in attempts),
        on_hold=any(_hold_times(h)[1] is None for h in holds),
        due_at=assignment_due_at(
            assignment=assignment, user=user, now=now, accommodation=accommodation, holds=holds
        ),
        now=now,
    )


# --- what a learner sees -------------------------------------------------------------------


def learner_assignments(*, user, group_id=None, assignment_id=None, now=None) -> list[dict]:
    """The learner's assignments in their groups, each with its status, in four queries.

    Each item: assignment, status, due_at, opens_at, is_open (opened yet), attempts_used,
    attempts_allowed, attempts_left, in_progress (attempt or None), counted (attempt or None),
    accommodation (list of plain words), holds, on_hold, days_on_hold.
    """
    now = now or timezone.now()
    assignments = Assignment.objects.filter(group__memberships__user=user).select_related(
        "quiz", "group", "group__educator", "pre_quiz"
    )
    if group_id is not None:
        assignments = assignments.filter(group_id=group_id)
    if assignment_id is not None:
        assignments = assignments.filter(pk=assignment_id)
    assignments = list(assignments)
    ids = [a.pk for a in assignments]
    attempts, holds = {}, {}
    # A before test (groups/gain.py) is not the assignment's result: left out here.
    mine = Attempt.objects.filter(user=user, assignment_id__in=ids, pre_test__isnull=True)
    for attempt in mine.order_by("started_at"):
        attempts.setdefault(attempt.assignment_id, []).append(attempt)
    for hold in Hold.objects.filter(user=user, assignment_id__in=ids):
        holds.setdefault(hold.assignment_id, []).append(hold)
    accommodations = {
        a.assignment_id: a for a in Accommodation.objects.filter(user=user, assignment_id__in=ids)
    }
    items = []
    for assignment in assignments:
        mine = attempts.get(assignment.pk, [])
        my_holds = holds.get(assignment.pk, [])
        accommodation = accommodations.get(assignment.pk)
        counted = counted_attempt(mine, assignment.quiz.grading_method)
        allowed = assignment_attempts_allowed(
            assignment=assignment, user=user, accommodation=accommodation
        )
        due_at = assignment_due_at(
            assignment=assignment, user=user, now=now, accommodation=accommodation, holds=my_holds
        )
        items.append(
            {
                "assignment": assignment,
                "status": assignment_status(
                    assignment=assignment,
                    user=user,
                    attempts=mine,
                    now=now,
                    accommodation=accommodation,
                    holds=my_holds,
                ),
                "due_at": due_at,
                "due_moved": due_at != assignment.due_at,
                "opens_at": assignment.opens_at,
                "is_open": assignment.opens_at is None or assignment.opens_at <= now,
                "attempts": mine,
                "attempts_used": len(mine),
                "attempts_allowed": allowed,
                "attempts_left": None if allowed is None else max(0, allowed - len(mine)),
                "in_progress": next((a for a in reversed(mine) if not a.submitted_at), None),
                "counted": counted,
                "accommodation_obj": accommodation,
                "accommodation": accommodation_summary(
                    extra_attempts=accommodation.extra_attempts,
                    due_at=accommodation.due_at,
                    extra_time=accommodation.extra_time,
                )
                if accommodation
                else [],
                "holds": [(h, held_days([h], now)) for h in my_holds],
                "on_hold": any(h.ended_at is None for h in my_holds),
                "days_on_hold": held_days(my_holds, now),
            }
        )
    # Soonest due first; no due date last; then newest.
    items.sort(key=lambda i: (i["due_at"] is None, i["due_at"] or now, -i["assignment"].pk))
    return items
