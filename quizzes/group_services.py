"""Learner groups, assignments, accommodations and holds: the rules and the operations.

The views, the API and the quiz flow all go through these functions. Operations are
keyword-only, atomic and check who may do them (an educator changes only their own groups,
a learner only their own work); the rule functions at the end are pure questions the quiz
flow asks ("when is this due for this learner?", "how many attempts may they have?").
"""

import datetime
import math
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quizzes.models import (
    Accommodation,
    Assignment,
    ExtraTime,
    Hold,
    LearnerGroup,
    Membership,
    Quiz,
)

EDUCATORS = "Educators"

# No 0/O or 1/l/I: a code is read aloud in a clinic room and typed by someone with a tremor.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
# 31**8 ≈ 8.5e11 codes; with 10 tries per user per 10 minutes, guessing one is hopeless.
JOIN_RATE_LIMIT = 10
JOIN_RATE_WINDOW_SECONDS = 600


class AssignmentStatus(TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    OVERDUE = "overdue", _("Overdue")
    ON_HOLD = "on_hold", _("On hold")


def is_educator(user) -> bool:
    """Whether the user has the educator role (member of the "Educators" auth group)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_msportal_is_educator", None)
    if cached is None:
        cached = user.groups.filter(name=EDUCATORS).exists()
        user._msportal_is_educator = cached
    return cached


def _require_owner(group: LearnerGroup, educator) -> None:
    if group.educator_id != educator.pk or not is_educator(educator):
        raise PermissionDenied(_("Only the educator who runs this group can do that."))


# --- join codes ----------------------------------------------------------------------------


def normalise_join_code(raw: str) -> str:
    """The code as stored: upper case, without the spaces and hyphens people type."""
    return "".join(ch for ch in (raw or "").upper() if not ch.isspace() and ch != "-")


def format_join_code(code: str) -> str:
    """The code as shown and read aloud: two groups of four, "KQ4M-7XPT"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if code else ""


def _random_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def save_with_new_join_code(group: LearnerGroup) -> None:
    """Save the group under a fresh unused code, trying again on the rare collision."""
    for _attempt in range(10):
        group.join_code = _random_join_code()
        if LearnerGroup.objects.filter(join_code=group.join_code).exists():
            continue
        try:
            # A savepoint, so a race with another request leaves the transaction usable.
            with transaction.atomic():
                group.save()
        except IntegrityError:
            continue
        return
    raise RuntimeError("Could not find an unused join code")  # pragma: no cover


# --- groups and members --------------------------------------------------------------------


@transaction.atomic
def group_create(*, educator, name: str, description: str = "") -> LearnerGroup:
    """Create a group run by this educator, with a new join code. Educators only."""
    if not is_educator(educator):
        raise PermissionDenied(_("Only educators can create groups."))
    group = LearnerGroup(educator=educator, name=name.strip(), description=description.strip())
    group.full_clean(exclude=["join_code"])
    save_with_new_join_code(group)
    return group


@transaction.atomic
def group_regenerate_code(*, group: LearnerGroup, educator) -> str:
    """Give the group a new join code; the old one stops working at once."""
    _require_owner(group, educator)
    save_with_new_join_code(group)
    return group.join_code


@transaction.atomic
def group_close(*, group: LearnerGroup, educator) -> None:
    """Stop new people joining; members stay."""
    _require_owner(group, educator)
    group.is_open = False
    group.save(update_fields=["is_open"])


@transaction.atomic
def group_open(*, group: LearnerGroup, educator) -> None:
    """Let new people join with the code again."""
    _require_owner(group, educator)
    group.is_open = True
    group.save(update_fields=["is_open"])


def _join_rate_key(user) -> str:
    return f"groups:join-tries:{user.pk}"


def join_attempts_left(*, user) -> int:
    """How many more codes this user may try in the current window."""
    return max(0, JOIN_RATE_LIMIT - (cache.get(_join_rate_key(user)) or 0))


def _count_join_attempt(user) -> None:
    key = _join_rate_key(user)
    # add() starts the window only if none is running; incr() is atomic on Redis and locmem.
    cache.add(key, 0, timeout=JOIN_RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=JOIN_RATE_WINDOW_SECONDS)


class JoinRateLimited(ValidationError):
    """Too many join codes tried; the view says so and joins nothing."""


@transaction.atomic
def group_join(*, user, code: str) -> tuple[LearnerGroup, bool]:
    """Join the group with this code. Returns (group, joined_now); joining twice is harmless.

    Every try counts toward a per-user limit, so codes cannot be found by brute force.
    """
    if join_attempts_left(user=user) <= 0:
        raise JoinRateLimited(
            _("You have tried too many codes. Please wait 10 minutes and try again."),
            code="rate_limited",
        )
    _count_join_attempt(user)
    normalised = normalise_join_code(code)
    if len(normalised) != JOIN_CODE_LENGTH or set(normalised) - set(JOIN_CODE_ALPHABET):
        raise ValidationError(
            _("A join code has 8 letters and numbers, like KQ4M-7XPT. Please check it."),
            code="invalid",
        )
    group = LearnerGroup.objects.filter(join_code=normalised).first()
    if group is None:
        raise ValidationError(
            _("We could not find a group with that code. Check it with your educator."),
            code="unknown",
        )
    if group.educator_id == user.pk:
        raise ValidationError(_("You run this group, so you do not need to join it."), code="own")
    already = Membership.objects.filter(group=group, user=user).exists()
    if not already and not group.is_open:
        raise ValidationError(
            _("This group is closed to new members. Ask your educator to open it."),
            code="closed",
        )
    # get_or_create copes with a double click racing itself (the unique constraint).
    _membership, joined = Membership.objects.get_or_create(group=group, user=user)
    return group, joined


@transaction.atomic
def membership_remove(*, group: LearnerGroup, educator, user) -> None:
    """Take a learner out of the group. Their attempts stay theirs."""
    _require_owner(group, educator)
    deleted, _counts = Membership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise ValidationError(_("That person is not a member of this group."))


# --- assignments and accommodations --------------------------------------------------------


def _validate_assignment(*, quiz: Quiz, opens_at, due_at, max_attempts) -> None:
    errors = {}
    if not quiz.is_public():
        errors["quiz"] = _("Choose a published quiz.")
    if opens_at and due_at and due_at <= opens_at:
        errors["due_at"] = _("The due date must be after the opening date.")
    if max_attempts is not None and max_attempts < 1:
        errors["max_attempts"] = _("Allow at least 1 attempt, or leave it empty.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    group: LearnerGroup,
    educator,
    quiz: Quiz,
    opens_at: datetime.datetime | None = None,
    due_at: datetime.datetime | None = None,
    max_attempts: int | None = None,
    instructions: str = "",
) -> Assignment:
    """Assign a published quiz to the group, with optional dates and attempt limit."""
    _require_owner(group, educator)
    _validate_assignment(quiz=quiz, opens_at=opens_at, due_at=due_at, max_attempts=max_attempts)
    assignment = Assignment(
        group=group,
        quiz=quiz,
        opens_at=opens_at,
        due_at=due_at,
        max_attempts=max_attempts,
        instructions=instructions.strip(),
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    educator,
    opens_at: datetime.datetime | None = None,
    due_at: datetime.datetime | None = None,
    max_attempts: int | None = None,
    instructions: str = "",
) -> Assignment:
    """Change an assignment's dates, attempt limit or instructions (not its quiz)."""
    _require_owner(assignment.group, educator)
    _validate_assignment(
        quiz=assignment.quiz, opens_at=opens_at, due_at=due_at, max_attempts=max_attempts
    )
    assignment.opens_at, assignment.due_at = opens_at, due_at
    assignment.max_attempts, assignment.instructions = max_attempts, instructions.strip()
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def accommodation_set(
    *,
    assignment: Assignment,
    educator,
    user,
    extra_attempts: int = 0,
    due_at: datetime.datetime | None = None,
    extra_time: str = "",
) -> Accommodation | None:
    """Set one learner's adjustments to an assignment; all-default values remove them."""
    _require_owner(assignment.group, educator)
    if not Membership.objects.filter(group=assignment.group_id, user=user).exists():
        raise ValidationError(_("That person is not a member of this group."))
    if due_at and assignment.due_at and due_at <= assignment.due_at:
        raise ValidationError({"due_at": _("Choose a date after the assignment's due date.")})
    if due_at and not assignment.due_at:
        raise ValidationError(
            {"due_at": _("This assignment has no due date, so there is nothing to move.")}
        )
    if not extra_attempts and not due_at and not extra_time:
        Accommodation.objects.filter(assignment=assignment, user=user).delete()
        return None
    accommodation = Accommodation.objects.filter(
        assignment=assignment, user=user
    ).first() or Accommodation(assignment=assignment, user=user)
    accommodation.extra_attempts, accommodation.due_at = extra_attempts, due_at
    accommodation.extra_time = extra_time
    accommodation.full_clean()
    accommodation.save()
    return accommodation


# --- holds ---------------------------------------------------------------------------------


def _require_member(assignment: Assignment, user) -> None:
    if not Membership.objects.filter(group=assignment.group_id, user=user).exists():
        raise PermissionDenied(_("This assignment is not yours."))


@transaction.atomic
def hold_start(*, assignment: Assignment, user, now: datetime.datetime | None = None) -> Hold:
    """Pause an assignment for a while (no reason asked: we keep no health details)."""
    _require_member(assignment, user)
    if Hold.objects.filter(assignment=assignment, user=user, ended_at__isnull=True).exists():
        raise ValidationError(_("This assignment is already paused."))
    try:
        with transaction.atomic():
            return Hold.objects.create(
                assignment=assignment, user=user, started_at=now or timezone.now()
            )
    except IntegrityError:  # two clicks at once: the constraint allows one open hold
        raise ValidationError(_("This assignment is already paused.")) from None


@transaction.atomic
def hold_end(*, assignment: Assignment, user, now: datetime.datetime | None = None) -> Hold:
    """Resume a paused assignment; the due date has moved on by the days it was paused."""
    _require_member(assignment, user)
    hold = (
        Hold.objects.select_for_update()
        .filter(assignment=assignment, user=user, ended_at__isnull=True)
        .first()
    )
    if hold is None:
        raise ValidationError(_("This assignment is not paused."))
    hold.ended_at = max(now or timezone.now(), hold.started_at)
    hold.save(update_fields=["ended_at"])
    return hold


def accommodation_summary(*, extra_attempts=0, due_at=None, extra_time="") -> list[str]:
    """Plain words for an educator's adjustments: ["1 extra attempt", "due 3 June 2026"]."""
    parts = []
    if extra_attempts:
        parts.append(
            ngettext("%(n)d extra attempt", "%(n)d extra attempts", extra_attempts)
            % {"n": extra_attempts}
        )
    if due_at:
        parts.append(_("due %(date)s") % {"date": date_format(timezone.localtime(due_at), "j F Y")})
    if extra_time:
        parts.append(str(ExtraTime(extra_time).label).lower())
    return parts


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


def due_at_for(*, base_due, accommodation_due, holds, now=None):
    """The due date after an educator's later date and the learner's paused days."""
    if base_due is None:
        return None
    due = max(base_due, accommodation_due) if accommodation_due else base_due
    return due + datetime.timedelta(days=held_days(holds, now))


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
    return due_at_for(
        base_due=assignment.due_at,
        accommodation_due=accommodation.due_at if accommodation else None,
        holds=_load_holds(assignment, user, holds),
        now=now,
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
    from accounts.models import Profile  # accounts imports quizzes.models

    codes = []
    if assignment is not None and user is not None:
        accommodation = _load_accommodation(assignment, user, accommodation)
        codes.append(accommodation.extra_time if accommodation else "")
    if user is not None and user.is_authenticated:
        codes.append(
            Profile.objects.filter(user=user).values_list("extra_time", flat=True).first() or ""
        )
    return time_multiplier_for(*codes)


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
    from quizzes.models import Attempt, GradingMethod

    now = now or timezone.now()
    assignments = Assignment.objects.filter(group__memberships__user=user).select_related(
        "quiz", "group", "group__educator"
    )
    if group_id is not None:
        assignments = assignments.filter(group_id=group_id)
    if assignment_id is not None:
        assignments = assignments.filter(pk=assignment_id)
    assignments = list(assignments)
    ids = [a.pk for a in assignments]
    attempts, holds = {}, {}
    for attempt in Attempt.objects.filter(user=user, assignment_id__in=ids).order_by("started_at"):
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
        submitted = [a for a in mine if a.submitted_at]
        if assignment.quiz.grading_method == GradingMethod.LATEST:
            counted = max(submitted, key=lambda a: a.submitted_at, default=None)
        else:
            counted = max(submitted, key=lambda a: (a.percent or 0, a.submitted_at), default=None)
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
