"""Messages write dates in the recipient's time zone, named, as pages do; and the 48-hour
reminder goes out once, at the right moment, across a daylight-saving change.

The educator types due dates in the group's zone on the real form (their own request's zone
is a third one), the scheduler runs as `run_scheduled --now`, and the worker sends to a real
SMTP server (conftest)."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Profile
from groups.models import Assignment, Membership
from groups.services import group_create
from notifications.models import Delivery, Kind
from tests.factories import make_user
from tests.notifications.conftest import consenting, run_worker

UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


def in_zone(user, zone):
    Profile.objects.update_or_create(user=user, defaults={"time_zone": zone})
    return user


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()


def assign(browser, group, quiz, due):
    url = f"/groups/{group.pk}/assignments/new/"
    response = browser.post(url, {"quiz": quiz.pk, "due_at": due})
    assert response.status_code == 302, response.text
    return Assignment.objects.filter(group=group).latest("pk")


@pytest.fixture
def madrid_group(educator, learner):
    group = group_create(educator=educator, name="Madrid class", time_zone="Europe/Madrid")
    Membership.objects.create(group=group, user=learner)
    return group


def test_each_learner_reads_the_due_date_in_their_own_zone(
    smtp, settings, educator, learner, madrid_group, quiz
):
    settings.TIME_ZONE = "UTC"
    in_zone(learner, "America/New_York")
    ana = consenting(in_zone(make_user(username="ana"), "Europe/Madrid"))
    kim = consenting(make_user(username="kim"))  # chose no zone: the site's
    for user in (ana, kim):
        Membership.objects.create(group=madrid_group, user=user)
    # The educator's own request runs in Tokyo time; no message may follow it.
    browser = signed_in(in_zone(educator, "Asia/Tokyo"))

    assignment = assign(browser, madrid_group, quiz, "2027-03-05T17:00")  # 16:00 UTC
    edit = f"/groups/{madrid_group.pk}/assignments/{assignment.pk}/edit/"
    response = browser.post(edit, {"quiz": quiz.pk, "due_at": "2027-04-05T17:00"})
    assert response.status_code == 302, response.text  # 15:00 UTC: Madrid is on summer time
    call_command("run_scheduled", "--now", "2027-04-03T16:00+00:00", "--job", "reminders")
    run_worker()

    expected = {
        "sam@example.org": (
            "Friday 5 March 2027, 11:00 EST (your time zone: America / New York)",
            "Monday 5 April 2027, 11:00 EDT (your time zone: America / New York)",
        ),
        "ana@example.org": (
            "Friday 5 March 2027, 17:00 CET (your time zone: Europe / Madrid)",
            "Monday 5 April 2027, 17:00 CEST (your time zone: Europe / Madrid)",
        ),
        "kim@example.org": (
            "Friday 5 March 2027, 16:00 UTC (your time zone: UTC)",
            "Monday 5 April 2027, 15:00 UTC (your time zone: UTC)",
        ),
    }
    for address, (first, moved) in expected.items():
        new, changed, reminder = smtp.to(address)
        assert new["Subject"].startswith("New assignment")
        assert changed["Subject"].startswith("New due date")
        assert reminder["Subject"].startswith("Reminder")
        assert first in text_of(new) and first in html_of(new)
        for message in (changed, reminder):
            assert moved in text_of(message) and moved in html_of(message)
        assert "JST" not in text_of(new) + text_of(changed) + text_of(reminder)


# Each case: the group's zone, the due date typed on the form (17:00 local, the first working
# day after the change), that moment in UTC, the change itself in UTC, and how the learner
# reads it.
CHANGES = {
    "spring, Madrid": (
        "Europe/Madrid",
        "2027-03-29T17:00",  # Monday; CET became CEST on Sunday 28 March at 01:00 UTC
        datetime.datetime(2027, 3, 29, 15, 0, tzinfo=UTC),
        datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
        "Monday 29 March 2027, 17:00 CEST (your time zone: Europe / Madrid)",
    ),
    "autumn, New York": (
        "America/New_York",
        "2027-11-08T17:00",  # Monday; EDT became EST on Sunday 7 November at 06:00 UTC
        datetime.datetime(2027, 11, 8, 22, 0, tzinfo=UTC),
        datetime.datetime(2027, 11, 7, 6, 0, tzinfo=UTC),
        "Monday 8 November 2027, 17:00 EST (your time zone: America / New York)",
    ),
}


@pytest.mark.parametrize("case", CHANGES.values(), ids=CHANGES.keys())
def test_the_48_hour_reminder_goes_out_once_across_a_clock_change(
    case, smtp, settings, educator, learner, quiz
):
    zone, typed, due, change, shown = case
    settings.TIME_ZONE = "UTC"
    group = group_create(educator=educator, name="Evening class", time_zone=zone)
    Membership.objects.create(group=group, user=in_zone(learner, zone))
    assignment = assign(signed_in(educator), group, quiz, typed)
    assert assignment.due_at == due  # 17:00 local on the far side of the change
    first = due - 48 * HOUR
    assert first < change < due  # the 48 hours cross the change

    def tick(moment):
        call_command("run_scheduled", "--now", moment.isoformat())
        run_worker()
        return [m for m in smtp.to("sam@example.org") if m["Subject"].startswith("Reminder")]

    # Local clocks say "49 hours" an hour early or late here: the reminder follows real time.
    for moment in (first - 2 * HOUR, first - HOUR, first - MINUTE):
        assert tick(moment) == []
    [reminder] = tick(first)
    for moment in (first + MINUTE, first + HOUR, change - MINUTE, change, change + HOUR,
                   due - HOUR, due - MINUTE):  # fmt: skip
        assert tick(moment) == [reminder]
    assert tick(due + MINUTE) == [reminder]  # past due: no late reminder either

    assert shown in text_of(reminder) and shown in html_of(reminder)
    [delivery] = Delivery.objects.filter(kind=Kind.REMINDER)
    assert delivery.event == f"reminder:{assignment.pk}:{due.isoformat()}"


def test_a_hold_across_the_change_keeps_17_00_and_moves_the_reminder(
    smtp, settings, educator, learner, quiz
):
    """Paused days move the due date by calendar days in the group's zone, not by 24 hours."""
    from groups import services

    settings.TIME_ZONE = "UTC"
    group = group_create(educator=educator, name="Evening class", time_zone="Europe/Madrid")
    Membership.objects.create(group=group, user=in_zone(learner, "Europe/Madrid"))
    due = datetime.datetime(2027, 3, 26, 16, 0, tzinfo=UTC)  # Friday 17:00 CET
    assignment = assign(signed_in(educator), group, quiz, "2027-03-26T17:00")
    assert assignment.due_at == due
    services.hold_start(assignment=assignment, user=learner, now=due - 72 * HOUR)
    services.hold_end(assignment=assignment, user=learner, now=due - 24 * HOUR)  # two days
    moved = datetime.datetime(2027, 3, 28, 15, 0, tzinfo=UTC)  # Sunday 17:00 CEST
    page = signed_in(learner).get(f"/groups/{group.pk}/").text
    assert "28 March 2027, 17:00 CEST" in page

    call_command("run_scheduled", "--now", (moved - 48 * HOUR - MINUTE).isoformat())
    run_worker()
    assert smtp.to("sam@example.org")[1:] == []  # only the new assignment so far
    call_command("run_scheduled", "--now", (moved - 48 * HOUR).isoformat())
    run_worker()
    [_new, reminder] = smtp.to("sam@example.org")
    assert "Sunday 28 March 2027, 17:00 CEST" in text_of(reminder)


def test_a_later_date_for_one_learner_is_announced_to_them_alone_and_moves_their_reminder(
    smtp, settings, educator, learner, madrid_group, quiz
):
    settings.TIME_ZONE = "UTC"
    in_zone(learner, "Europe/Madrid")
    ana = consenting(make_user(username="ana"))
    Membership.objects.create(group=madrid_group, user=ana)
    browser = signed_in(educator)
    assignment = assign(browser, madrid_group, quiz, "2027-03-05T17:00")  # 16:00 UTC
    url = f"/groups/{madrid_group.pk}/assignments/{assignment.pk}/learners/{learner.pk}/"
    later = {"extra_attempts": "0", "due_at": "2027-03-08T17:00", "extra_time": ""}
    assert browser.post(url, later).status_code == 302
    assert browser.post(url, later).status_code == 302  # the same date again: said once
    run_worker()

    subjects = [m["Subject"] for m in smtp.to("sam@example.org")]
    assert subjects == [
        "New assignment: Gut and brain basics",
        "New due date: Gut and brain basics",
    ]
    changed = smtp.to("sam@example.org")[1]
    assert "Monday 8 March 2027, 17:00 CET (your time zone: Europe / Madrid)" in text_of(changed)
    assert len(smtp.to("ana@example.org")) == 1  # only the new assignment

    # Sam's reminder follows his own date; Ana's the group's.
    call_command("run_scheduled", "--now", "2027-03-04T16:00+00:00", "--job", "reminders")
    run_worker()
    assert len(smtp.to("sam@example.org")) == 2 and len(smtp.to("ana@example.org")) == 2
    call_command("run_scheduled", "--now", "2027-03-06T16:00+00:00", "--job", "reminders")
    run_worker()
    reminder = smtp.to("sam@example.org")[2]
    assert reminder["Subject"].startswith("Reminder")
    assert "Monday 8 March 2027, 17:00 CET" in text_of(reminder)
