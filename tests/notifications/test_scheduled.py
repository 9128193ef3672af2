"""Scheduled work: the leader's lease, reminders 48 hours before the learner's own due date,
the educators' daily digest, the editors' weekly digest and link check, run_scheduled."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from groups import services
from groups.models import Hold
from learn.models import ReferenceLink
from notifications import scheduler
from notifications.models import Delivery, Kind
from quizzes.models import Attempt
from tests.factories import make_article, make_reference, make_reviewer, make_user
from tests.notifications.conftest import run_worker

DUE = datetime.datetime(2027, 3, 5, 17, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def reminders(smtp):
    return [m for m in smtp.messages if m["Subject"].startswith("Reminder")]


def test_one_leader_at_a_time_and_a_lapsed_lease_is_taken_over(db):
    now = timezone.now()
    assert scheduler.take_lease("a", now)
    assert not scheduler.take_lease("b", now)
    assert scheduler.take_lease("a", now + datetime.timedelta(seconds=60))  # renewed
    later = now + datetime.timedelta(seconds=60 + scheduler.LEASE_SECONDS + 1)
    assert scheduler.take_lease("b", later)
    assert not scheduler.tick(holder="a", now=later)


def test_tick_queues_daily_and_weekly_jobs_once_per_period(db):
    monday = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)
    assert scheduler.tick(holder="a", now=monday) == [
        "reminders", "submissions_digest", "editor_digest", "link_check"
    ]  # fmt: skip
    assert scheduler.tick(holder="a", now=monday + HOUR) == ["reminders"]
    assert scheduler.tick(holder="a", now=monday + 24 * HOUR) == [
        "reminders", "submissions_digest"
    ]  # fmt: skip


def test_the_reminder_goes_out_once_48_hours_before_the_due_date(smtp, group, educator, quiz):
    services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    call_command("run_scheduled", "--now", (DUE - 49 * HOUR).isoformat())
    run_worker()
    assert reminders(smtp) == []
    for hours in (47, 46, 1):
        call_command("run_scheduled", "--now", (DUE - hours * HOUR).isoformat())
        run_worker()
    [reminder] = reminders(smtp)
    assert reminder["To"] == "sam@example.org"
    assert "Friday 5 March 2027, 17:00 UTC" in reminder.get_body(("plain",)).get_content()


def test_no_reminder_once_handed_in(smtp, group, educator, learner, quiz):
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    Attempt.objects.create(
        quiz=quiz, user=learner, assignment=assignment, submitted_at=DUE - 72 * HOUR
    )
    assert scheduler.send_reminders(DUE - 47 * HOUR) == 0


def test_no_reminder_on_hold_and_the_hold_moves_it(smtp, group, educator, learner, quiz):
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    services.hold_start(assignment=assignment, user=learner, now=DUE - 72 * HOUR)
    assert scheduler.send_reminders(DUE - 47 * HOUR) == 0
    # Three days on hold: due three days later, so the reminder comes 48 hours before that.
    services.hold_end(assignment=assignment, user=learner, now=DUE)
    assert Hold.objects.get().ended_at == DUE
    assert scheduler.send_reminders(DUE + 1 * HOUR) == 0
    assert scheduler.send_reminders(DUE + 25 * HOUR) == 1
    [delivery] = Delivery.objects.filter(kind=Kind.REMINDER)
    assert delivery.event.endswith((DUE + 72 * HOUR).isoformat())


def test_educators_get_one_daily_digest_per_day_with_counts_per_group(
    smtp, group, educator, learner, quiz
):
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz)
    now = datetime.datetime(2027, 3, 2, 8, 0, tzinfo=datetime.UTC)
    for hours in (2, 5, 30):  # the last one is older than a day
        Attempt.objects.create(
            quiz=quiz, user=learner, assignment=assignment, submitted_at=now - hours * HOUR
        )
    assert scheduler.send_submissions_digests(now) == 1
    assert scheduler.send_submissions_digests(now + HOUR) == 0  # once a day
    run_worker()
    [digest] = [m for m in smtp.to("nurse@example.org") if "results" in m["Subject"]]
    assert "Tuesday class: 2 new results" in digest.get_body(("plain",)).get_content()


def test_editors_get_the_weekly_digest_of_reviews_due_and_broken_links(smtp):
    editor = make_user(username="ed", is_staff=True, groups=["Editors"])
    make_article(title="Old lesson", next_review_on=datetime.date(2027, 1, 1))
    link = make_reference(title="A moved study")
    ReferenceLink.objects.filter(pk=link.pk).update(last_checked_at=timezone.now(), last_status=404)
    now = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)
    assert scheduler.send_editor_digests(now) == 1
    assert scheduler.send_editor_digests(now + 24 * HOUR) == 0  # same week
    run_worker()
    [digest] = smtp.to(editor.email)
    text = digest.get_body(("plain",)).get_content()
    assert "Old lesson" in text and "A moved study" in text


def test_the_weekly_link_check_runs_as_a_task(db, httpserver):
    httpserver.expect_request("/ok").respond_with_data("fine")
    link = make_reference(title="Fine", url=httpserver.url_for("/ok"))
    scheduler.tick(holder="a", now=datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC))
    run_worker()
    link.refresh_from_db()
    assert link.last_status == 200 and link.last_checked_at


def test_a_reviewer_is_told_a_lesson_waits_for_review(smtp):
    from publishing.workflow import item_move

    reviewer = make_reviewer(username="drlee")
    editor = make_user(username="ed", is_staff=True, groups=["Editors"])
    article = make_article(title="Fibre and MS", status="draft", approved=False)
    item_move(item=article, to_status="review", user=editor)
    run_worker()
    [message] = smtp.to(reviewer.email)
    assert message["Subject"] == "Waiting for your review: Fibre and MS"
    assert (
        f"/admin/learn/article/{article.pk}/change/" in message.get_body(("plain",)).get_content()
    )
