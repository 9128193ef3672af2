"""Scheduled work without cron: a leader worker queues the jobs that are due.

Every worker (`manage.py worker`) runs `tick()` once a minute. Only the worker holding the
lease row (SchedulerLease "scheduler", renewed on each tick, taken over by another worker
once it runs out) queues anything; the others do nothing. Each job runs as a task:
reminders at every tick, the educators' digest once a day, the editors' digest and the link
check once a week (ScheduledRun keeps the last period). Sending stays idempotent however a
job is run twice: each message is recorded once per person and event (Delivery's unique key).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.tasks import task
from django.utils import timezone

from core.roles import EDITORS
from groups.models import Assignment, Hold, Membership
from groups.rules import assignment_due_at
from learn.admin_review import review_due_lessons
from learn.linkcheck import LINK_STATES, check_links
from learn.models import ReferenceLink
from notifications import notices
from notifications.models import ScheduledRun, SchedulerLease
from quizzes.models import Attempt

LEASE_SECONDS = 120
REMINDER_BEFORE = datetime.timedelta(hours=48)
# Holds and later dates move a learner's due date on; look this far back for base due dates.
REMINDER_LOOKBACK = datetime.timedelta(days=120)
DAILY_HOUR = 7  # the educators' digest goes out after 07:00 (site time zone)


def take_lease(holder: str, now=None, name="scheduler") -> bool:
    """True when `holder` is (or has just become) the leader until the lease runs out."""
    now = now or timezone.now()
    expires = now + datetime.timedelta(seconds=LEASE_SECONDS)
    taken = SchedulerLease.objects.filter(
        Q(holder=holder) | Q(expires_at__lt=now), name=name
    ).update(holder=holder, expires_at=expires)
    if taken:
        return True
    try:
        with transaction.atomic():
            SchedulerLease.objects.create(name=name, holder=holder, expires_at=expires)
    except IntegrityError:
        return False
    return True


def periods(now) -> dict[str, str | None]:
    """The period each job is due for now (None: not yet today)."""
    local = timezone.localtime(now)
    year, week, _day = local.isocalendar()
    return {
        "reminders": None,  # every tick
        "submissions_digest": local.date().isoformat() if local.hour >= DAILY_HOUR else None,
        "editor_digest": f"{year}-W{week:02d}",
        "link_check": f"{year}-W{week:02d}",
    }


def due_jobs(now) -> list[str]:
    """Jobs to queue now; marks the periodic ones as queued for their period."""
    jobs = ["reminders"]
    for job, period in periods(now).items():
        if period is None:
            continue
        updated = ScheduledRun.objects.filter(job=job).exclude(period=period).update(period=period)
        if updated:
            jobs.append(job)
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job, period=period)
        except IntegrityError:
            continue
        jobs.append(job)
    return jobs


def tick(*, holder: str, now=None, lead=True, only=None) -> list[str]:
    """Queue the jobs due now if this worker leads (or `lead` is False: a manual run);
    `only` limits them to some job names. Returns the jobs queued."""
    now = now or timezone.now()
    if lead and not take_lease(holder, now):
        return []
    jobs = only or due_jobs(now)
    for job in jobs:
        run_scheduled_job.enqueue(job, now.isoformat())
    return jobs


# --- the jobs (each returns how many messages it queued) ----------------------------------


def send_reminders(now) -> int:
    """A reminder 48 hours before each learner's own due date, unless handed in or paused."""
    sent = 0
    assignments = Assignment.objects.filter(
        due_at__lte=now + REMINDER_BEFORE, due_at__gte=now - REMINDER_LOOKBACK
    ).select_related("quiz", "group")
    for assignment in assignments:
        learners = get_user_model().objects.filter(
            pk__in=Membership.objects.filter(group=assignment.group_id).values("user"),
            is_active=True,
        )
        learners = learners.exclude(email="").exclude(
            pk__in=Attempt.objects.filter(assignment=assignment, submitted_at__isnull=False).values(
                "user"
            )
        )
        learners = learners.exclude(
            pk__in=Hold.objects.filter(assignment=assignment, ended_at__isnull=True).values("user")
        )
        for user in learners.distinct():
            due = assignment_due_at(assignment=assignment, user=user, now=now)
            if due - REMINDER_BEFORE <= now < due:
                sent += bool(notices.reminder(user=user, assignment=assignment, due_at=due))
    return sent


def send_submissions_digests(now) -> int:
    """One message per educator: new results per group in the 24 hours before now."""
    rows = (
        Attempt.objects.filter(
            submitted_at__gte=now - datetime.timedelta(days=1), submitted_at__lt=now
        )
        .exclude(assignment=None)
        .values("assignment__group__educator", "assignment__group__name")
        .annotate(count=Count("pk"))
        .order_by("assignment__group__name")
    )
    by_educator = {}
    for row in rows:
        by_educator.setdefault(row["assignment__group__educator"], []).append(
            (row["assignment__group__name"], row["count"])
        )
    day = timezone.localtime(now).date().isoformat()
    sent = 0
    for educator in get_user_model().objects.filter(pk__in=by_educator):
        groups = by_educator[educator.pk]
        sent += bool(notices.submissions_digest(educator=educator, day=day, groups=groups))
    return sent


def send_editor_digests(now) -> int:
    today = timezone.localtime(now).date()
    reviews = [str(lesson) for lesson in review_due_lessons(today)]
    broken = [str(link) for link in ReferenceLink.objects.filter(LINK_STATES["broken"])]
    if not reviews and not broken:
        return 0
    year, week, _day = today.isocalendar()
    editors = get_user_model().objects.filter(
        Q(groups__name=EDITORS, is_staff=True) | Q(is_superuser=True), is_active=True
    )
    sent = 0
    for editor in editors.distinct():
        sent += bool(
            notices.editor_digest(
                editor=editor, week=f"{year}-W{week:02d}", reviews=reviews, broken=broken
            )
        )
    return sent


def run_link_check(now) -> int:
    return len(check_links(ReferenceLink.objects.all()))


JOBS = {
    "reminders": send_reminders,
    "submissions_digest": send_submissions_digests,
    "editor_digest": send_editor_digests,
    "link_check": run_link_check,
}


@task()
def run_scheduled_job(job: str, now: str) -> int:
    """One scheduled job (JOBS) as of `now` (ISO 8601); returns how many messages it queued."""
    return JOBS[job](datetime.datetime.fromisoformat(now))
