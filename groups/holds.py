"""Holds: a learner pauses an assignment and resumes it; the due date moves on by the paused
days (groups.rules.due_at_for). No reason is asked: we keep no health details. Re-exported by
groups.services.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import signals
from groups.models import Assignment, Hold, Membership


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
            hold = Hold.objects.create(
                assignment=assignment, user=user, started_at=now or timezone.now()
            )
    except IntegrityError:  # two clicks at once: the constraint allows one open hold
        raise ValidationError(_("This assignment is already paused.")) from None
    signals.hold_started.send(sender=Hold, hold=hold)
    return hold


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
