"""Learner groups, assignments, accommodations and holds: the operations.

The views, the API and the quiz flow all go through these functions. Operations are
keyword-only, atomic and check who may do them (an educator changes only their own groups,
a learner only their own work). The rules the quiz flow asks ("when is this due for this
learner?", "how many attempts may they have?") live in groups.rules and are
re-exported here, so callers need one import.
"""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import timezones
from core.ratelimit import hit
from core.roles import EDUCATORS, is_educator  # noqa: F401 (re-exported)
from groups import signals

# Pausing, in its own module, re-exported: `services.hold_start` works.
from groups.holds import hold_end, hold_start  # noqa: F401
from groups.models import Accommodation, Assignment, LearnerGroup, Membership

# The rules, re-exported: `from groups.services import assignment_due_at` works.
from groups.rules import (  # noqa: F401
    AssignmentStatus,
    accommodation_summary,
    assignment_attempts_allowed,
    assignment_due_at,
    assignment_for_educator,
    assignment_status,
    assignment_time_multiplier,
    attempt_percent,
    attempts_allowed_for,
    counted_attempt,
    due_at_for,
    held_days,
    learner_assignments,
    owned_assignments,
    owned_groups,
    status_for,
    time_multiplier_for,
)
from quizzes import services as quiz_services
from quizzes.exceptions import QuizNotFound, QuizNotOpen
from quizzes.models import Attempt, Quiz
from quizzes.terms import AttemptTerms

# No 0/O or 1/l/I: a code is read aloud in a clinic room and typed by someone with a tremor.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
# 31**8 ≈ 8.5e11 codes; with 10 tries per user per 10 minutes, guessing one is hopeless.
JOIN_RATE_LIMIT = 10
JOIN_RATE_WINDOW_SECONDS = 600


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
def group_create(
    *, educator, name: str, description: str = "", time_zone: str = ""
) -> LearnerGroup:
    """Create a group run by this educator, with a new join code. Educators only.

    Its due dates are set in `time_zone`; without one, in the educator's own zone.
    """
    if not is_educator(educator):
        raise PermissionDenied(_("Only educators can create groups."))
    if time_zone and not timezones.is_known(time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    group = LearnerGroup(
        educator=educator,
        name=name.strip(),
        description=description.strip(),
        time_zone=time_zone or timezones.account_zone_name(educator),
    )
    group.full_clean(exclude=["join_code"])
    save_with_new_join_code(group)
    return group


def group_set_time_zone(*, group: LearnerGroup, educator, time_zone: str) -> None:
    """Set the zone new due dates are typed in; stored due dates keep their moment."""
    _require_owner(group, educator)
    if not timezones.is_known(time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    group.time_zone = time_zone
    group.save(update_fields=["time_zone"])


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


class JoinRateLimited(ValidationError):
    """Too many join codes tried; the view says so and joins nothing."""


@transaction.atomic
def group_join(*, user, code: str) -> tuple[LearnerGroup, bool]:
    """Join the group with this code. Returns (group, joined_now); joining twice is harmless.

    Every try counts toward a per-user limit, so codes cannot be found by brute force.
    """
    tries, _wait = hit("group-join", f"user:{user.pk}", JOIN_RATE_WINDOW_SECONDS)
    if tries is not None and tries > JOIN_RATE_LIMIT:
        raise JoinRateLimited(
            _("You have tried too many codes. Please wait 10 minutes and try again."),
            code="rate_limited",
        )
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
    pre_quiz: Quiz | None = None,
) -> Assignment:
    """Assign a published quiz to the group, with optional dates and attempt limit; with a
    `pre_quiz`, before and after (groups/gain.py): it is the before test."""
    _require_owner(group, educator)
    _validate_assignment(quiz=quiz, opens_at=opens_at, due_at=due_at, max_attempts=max_attempts)
    if pre_quiz is not None and not pre_quiz.is_public():
        raise ValidationError({"pre_quiz": _("Choose a published quiz for the before test.")})
    assignment = Assignment(
        pre_quiz=pre_quiz,
        group=group,
        quiz=quiz,
        opens_at=opens_at,
        due_at=due_at,
        max_attempts=max_attempts,
        instructions=instructions.strip(),
    )
    assignment.full_clean()
    assignment.save()
    signals.assignment_created.send(sender=Assignment, assignment=assignment)
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
    # From the database: a ModelForm bound to this instance has already set the new date on it.
    old_due_at = Assignment.objects.values_list("due_at", flat=True).get(pk=assignment.pk)
    assignment.opens_at, assignment.due_at = opens_at, due_at
    assignment.max_attempts, assignment.instructions = max_attempts, instructions.strip()
    assignment.full_clean()
    assignment.save()
    if due_at != old_due_at:
        signals.assignment_due_changed.send(
            sender=Assignment, assignment=assignment, old_due_at=old_due_at
        )
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
    accommodation = Accommodation.objects.filter(
        assignment=assignment, user=user
    ).first() or Accommodation(assignment=assignment, user=user)
    old_due_at = accommodation.due_at
    if not extra_attempts and not due_at and not extra_time:
        if accommodation.pk:
            accommodation.delete()
        accommodation = None
    else:
        accommodation.extra_attempts, accommodation.due_at = extra_attempts, due_at
        accommodation.extra_time = extra_time
        accommodation.full_clean()
        accommodation.save()
    if due_at != old_due_at:
        signals.assignment_due_changed.send(
            sender=Assignment, assignment=assignment, old_due_at=old_due_at, user=user
        )
    return accommodation


# --- taking an assigned quiz -----------------------------------------------------------------


def assignment_terms(*, assignment: Assignment, user) -> AttemptTerms:
    """What this assignment changes about this learner's attempts, for the quiz flow.

    The attempt limit with the educator's extra attempts; the time factor (the more generous
    of the educator's extra time and the learner's standing one), worked out only for a
    timed quiz so an untimed one costs no query for it.
    """
    accommodation = Accommodation.objects.filter(assignment=assignment, user=user).first()
    allowed = assignment_attempts_allowed(
        assignment=assignment, user=user, accommodation=accommodation
    )
    factor = 1
    if assignment.quiz.time_limit_minutes:
        factor = assignment_time_multiplier(
            assignment=assignment, user=user, accommodation=accommodation
        )
    return AttemptTerms(assignment_id=assignment.pk, attempts_allowed=allowed, time_factor=factor)


def _check_assignment(*, quiz: Quiz, user, assignment: Assignment) -> None:
    """An assignment attempt needs a group member, the assignment's quiz, and an open date."""
    if user is None or not user.is_authenticated or assignment.quiz_id != quiz.pk:
        raise QuizNotFound()
    if not Membership.objects.filter(group_id=assignment.group_id, user=user).exists():
        raise QuizNotFound()
    if assignment.opens_at and assignment.opens_at > timezone.now():
        raise QuizNotOpen(_("This assignment opens later. Your educator has set the date."))


@transaction.atomic
def assignment_attempt_start_or_resume(
    *, quiz: Quiz, user, assignment: Assignment
) -> tuple[Attempt, bool]:
    """Start (True) or resume (False) this learner's attempt at a quiz for an assignment.

    The membership and opening-date checks are this app's; the quiz flow then applies the
    terms (quizzes.services.attempt_start_or_resume), in the same transaction.
    """
    _check_assignment(quiz=quiz, user=user, assignment=assignment)
    return quiz_services.attempt_start_or_resume(
        quiz=quiz, user=user, terms=assignment_terms(assignment=assignment, user=user)
    )


def assignment_attempt_start(*, quiz: Quiz, user, assignment: Assignment) -> Attempt:
    """`assignment_attempt_start_or_resume`, for callers that need only the attempt."""
    attempt, _created = assignment_attempt_start_or_resume(
        quiz=quiz, user=user, assignment=assignment
    )
    return attempt
