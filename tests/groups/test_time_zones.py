"""A group's time zone: due dates are typed in it, stored in UTC, and shown to each learner in
their own zone with the zone named, on both sides of a daylight-saving change."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import Profile
from groups.models import Assignment, LearnerGroup, Membership
from groups.services import accommodation_set, assignment_create, group_create
from tests.factories import make_quiz

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _in_zone(user, zone):
    """A browser signed in as `user`, whose account chose `zone`."""
    Profile.objects.update_or_create(user=user, defaults={"time_zone": zone})
    browser = Client()
    browser.force_login(user)
    return browser


def _utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_a_new_group_takes_the_educators_zone_unless_told_otherwise(educator, settings):
    settings.TIME_ZONE = "UTC"
    Profile.objects.create(user=educator, time_zone="Asia/Tokyo")

    assert group_create(educator=educator, name="A").time_zone == "Asia/Tokyo"
    assert group_create(educator=educator, name="B", time_zone="Europe/Madrid").time_zone == (
        "Europe/Madrid"
    )
    with pytest.raises(ValidationError):
        group_create(educator=educator, name="C", time_zone="Mars/Base")
    assert not LearnerGroup.objects.filter(name="C").exists()


def test_the_group_form_starts_with_the_educators_zone_and_refuses_others(educator):
    browser = _in_zone(educator, "America/Chicago")
    page = browser.get("/groups/").text
    assert '<option value="America/Chicago" selected>Chicago</option>' in page
    assert "Time zone for due dates" in page

    bad = browser.post("/groups/", {"name": "Evening class", "time_zone": "Nowhere/Land"})
    assert bad.status_code == 400
    assert not LearnerGroup.objects.filter(name="Evening class").exists()

    browser.post("/groups/", {"name": "Evening class", "time_zone": "Europe/Madrid"})
    assert LearnerGroup.objects.get(name="Evening class").time_zone == "Europe/Madrid"


def _assign(browser, group, quiz, due):
    response = browser.post(
        f"/groups/{group.pk}/assignments/new/", {"quiz": quiz.pk, "due_at": due}
    )
    assert response.status_code == 302, response.text
    return Assignment.objects.filter(group=group).latest("pk")


@pytest.fixture
def madrid_group(educator, learner):
    group = group_create(educator=educator, name="Madrid class", time_zone="Europe/Madrid")
    Membership.objects.create(group=group, user=learner)
    return group


def test_due_dates_at_17_00_stay_17_00_across_the_spring_change(
    educator, learner, madrid_group, settings
):
    """Madrid moves from CET (UTC+1) to CEST (UTC+2) on 29 March 2026."""
    settings.TIME_ZONE = "UTC"
    quiz = make_quiz(questions=1)
    # The educator lives elsewhere: the form still reads the group's zone.
    educator_browser = _in_zone(educator, "Asia/Tokyo")
    form = educator_browser.get(f"/groups/{madrid_group.pk}/assignments/new/").text
    assert "time zone: <strong>Europe / Madrid</strong>" in form
    assert "In the group's time zone: Europe / Madrid." in form

    before = _assign(educator_browser, madrid_group, quiz, "2026-03-27T17:00")
    after = _assign(educator_browser, madrid_group, quiz, "2026-03-30T17:00")

    assert before.due_at == _utc(2026, 3, 27, 16, 0)
    assert after.due_at == _utc(2026, 3, 30, 15, 0)
    edit = educator_browser.get(f"/groups/{madrid_group.pk}/assignments/{after.pk}/edit/").text
    assert 'value="2026-03-30T17:00"' in edit

    # A learner in Madrid sees 17:00 both times, each with its own abbreviation.
    page = _in_zone(learner, "Europe/Madrid").get(f"/groups/{madrid_group.pk}/").text
    assert "Due 27 March 2026, 17:00 CET" in page
    assert "Due 30 March 2026, 17:00 CEST" in page

    # A learner in New York (already on summer time since 8 March) sees the same moments.
    page = _in_zone(learner, "America/New_York").get(f"/groups/{madrid_group.pk}/").text
    assert "Due 27 March 2026, 12:00 EDT" in page
    assert "Due 30 March 2026, 11:00 EDT" in page
    detail = _in_zone(learner, "America/New_York").get(
        f"/groups/{madrid_group.pk}/assignments/{after.pk}/"
    )
    assert "30 March 2026, 11:00 EDT" in detail.text


def test_due_dates_at_17_00_stay_17_00_across_the_autumn_change(educator, learner, settings):
    """New York moves from EDT (UTC-4) to EST (UTC-5) on 1 November 2026."""
    settings.TIME_ZONE = "UTC"
    group = group_create(educator=educator, name="NY", time_zone="America/New_York")
    Membership.objects.create(group=group, user=learner)
    quiz = make_quiz(questions=1)
    educator_browser = _in_zone(educator, "America/New_York")

    before = _assign(educator_browser, group, quiz, "2026-10-30T17:00")
    after = _assign(educator_browser, group, quiz, "2026-11-02T17:00")

    assert (before.due_at, after.due_at) == (_utc(2026, 10, 30, 21), _utc(2026, 11, 2, 22))
    educator_page = educator_browser.get(f"/groups/{group.pk}/").text
    assert "30 October 2026, 17:00 EDT" in educator_page
    assert "2 November 2026, 17:00 EST" in educator_page
    # London is on GMT by then (it changed on 25 October).
    page = _in_zone(learner, "Europe/London").get(f"/groups/{group.pk}/").text
    assert "Due 30 October 2026, 21:00 GMT" in page
    assert "Due 2 November 2026, 22:00 GMT" in page


def test_a_learners_later_due_date_is_typed_in_the_groups_zone(educator, learner, madrid_group):
    quiz = make_quiz(questions=1)
    assignment = assignment_create(
        group=madrid_group, educator=educator, quiz=quiz, due_at=_utc(2026, 3, 27, 16)
    )
    browser = _in_zone(educator, "Asia/Tokyo")
    url = f"/groups/{madrid_group.pk}/assignments/{assignment.pk}/learners/{learner.pk}/"
    page = browser.get(url).text
    assert "27 March 2026, 17:00 CET" in page
    assert "<strong>Europe / Madrid</strong>" in page

    response = browser.post(url, {"extra_attempts": "0", "due_at": "2026-04-03T17:00"})

    assert response.status_code == 302
    assert assignment.accommodations.get(user=learner).due_at == _utc(2026, 4, 3, 15)


def test_the_api_reads_dates_without_offset_in_the_groups_zone_and_answers_with_offsets(
    educator, madrid_group, settings
):
    settings.TIME_ZONE = "UTC"
    quiz = make_quiz(questions=1)
    browser = _in_zone(educator, "Europe/Madrid")
    response = browser.post(
        f"/api/v1/groups/{madrid_group.pk}/assignments/",
        {"quiz": quiz.slug, "due_at": "2026-03-30T17:00:00", "opens_at": "2026-03-27T09:00Z"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assignment = Assignment.objects.get(pk=body["id"])
    assert assignment.due_at == _utc(2026, 3, 30, 15)
    assert assignment.opens_at == _utc(2026, 3, 27, 9)
    # ISO 8601 with the offset, here the reader's (Madrid): the same moments.
    assert body["due_at"] == "2026-03-30T17:00:00+02:00"
    assert body["opens_at"] == "2026-03-27T10:00:00+01:00"
    groups = browser.get("/api/v1/groups/").json()["results"]
    assert groups[0]["time_zone"] == "Europe/Madrid"
    assert datetime.datetime.fromisoformat(groups[0]["created_at"]).utcoffset() is not None


def test_the_csv_gives_times_with_the_offset_of_the_educators_zone(educator, learner, madrid_group):
    quiz = make_quiz(questions=1)
    assignment = assignment_create(
        group=madrid_group, educator=educator, quiz=quiz, due_at=_utc(2026, 3, 30, 15)
    )
    accommodation_set(
        assignment=assignment,
        educator=educator,
        user=learner,
        extra_attempts=0,
        due_at=_utc(2026, 4, 3, 15),
        extra_time="",
    )
    browser = _in_zone(educator, "America/New_York")
    raw = browser.get(f"/groups/{madrid_group.pk}/assignments/{assignment.pk}/results.csv")
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    due = rows[1][rows[0].index("Due")]
    assert due == "2026-04-03T11:00:00-04:00"
    assert datetime.datetime.fromisoformat(due) == _utc(2026, 4, 3, 15)
    assert re.fullmatch(r".*[+-]\d\d:\d\d", due)


def test_the_educator_changes_the_groups_zone_and_stored_due_dates_keep_their_moment(
    educator, other_educator, madrid_group
):
    quiz = make_quiz(questions=1)
    due = _utc(2026, 3, 30, 15)
    assignment = assignment_create(group=madrid_group, educator=educator, quiz=quiz, due_at=due)
    browser = _in_zone(educator, "Europe/Madrid")
    url = f"/groups/{madrid_group.pk}/time-zone/"
    page = browser.get(f"/groups/{madrid_group.pk}/").text
    assert "set in <strong>Europe / Madrid</strong> time" in page
    assert "Dates on this page are in your time zone, Europe / Madrid." in page

    for bad in ({}, {"time_zone": "Europe/Atlantis"}):
        assert browser.post(url, bad).status_code == 400
    assert _in_zone(other_educator, "UTC").post(url, {"time_zone": "UTC"}).status_code == 404
    madrid_group.refresh_from_db()
    assert madrid_group.time_zone == "Europe/Madrid"

    response = browser.post(url, {"time_zone": "Atlantic/Canary"})

    assert response.status_code == 302
    madrid_group.refresh_from_db()
    assignment.refresh_from_db()
    assert (madrid_group.time_zone, assignment.due_at) == ("Atlantic/Canary", due)
    page = browser.get(f"/groups/{madrid_group.pk}/").text
    assert "Due dates for this group are now set in Atlantic / Canary time." in page
