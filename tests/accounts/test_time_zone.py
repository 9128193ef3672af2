"""An account's time zone: chosen at signup, changed in settings, kept in the session (so pages
read no profile row for it), and the site's zone for visitors (core/timezones.py)."""

import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile
from core import timezones
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
SETTINGS = "/accounts/settings/"
ZONE = "/accounts/settings/time-zone/"
PASSWORD = "river-lamp-cactus-93"
NEW = {"username": "newbie", "email": "", "password1": PASSWORD, "password2": PASSWORD}


def _shown_zone(response):
    """The zone the settings page says dates are shown in."""
    match = re.search(r"shown in <strong>([^<]+)</strong> time", response.text)
    return match and match.group(1)


def test_signup_offers_a_zone_select_the_script_may_preselect(client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    html = client.get(SIGNUP).text

    select = re.search(r"<select[^>]*name=\"time_zone\"[^>]*>", html).group(0)
    assert "data-detect-time-zone" in select
    assert '<option value="Europe/Madrid" selected>Madrid</option>' in html
    assert '<optgroup label="America">' in html
    assert "US/Eastern" not in html and "Etc/GMT" not in html  # old aliases left out
    # The script is a same-origin file (the CSP refuses inline scripts).
    assert re.search(r'<script src="/static/js/timezone[^"]*\.js" defer></script>', html)
    assert "<script>" not in html
    assert "data-time-zone-note hidden" in html


def test_signup_saves_the_chosen_zone_and_pages_then_use_it(client, settings):
    settings.TIME_ZONE = "UTC"
    response = client.post(SIGNUP, NEW | {"time_zone": "America/New_York"})

    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert user.profile.time_zone == "America/New_York"
    assert _shown_zone(client.get(SETTINGS)) == "America / New York"


def test_signup_without_a_zone_gets_the_sites(client, settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    assert client.post(SIGNUP, NEW).status_code == 302
    assert Profile.objects.get(user__username="newbie").time_zone == "Europe/Lisbon"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "US/Eastern", "x" * 500, "../etc"])
def test_signup_refuses_a_zone_not_in_the_list_and_makes_no_account(client, zone):
    response = client.post(SIGNUP, NEW | {"time_zone": zone})

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not get_user_model().objects.filter(username="newbie").exists()
    # After an error the script must not overwrite what the person chose.
    assert "data-detect-time-zone" not in response.text


@pytest.fixture
def ana(client):
    user = make_user(username="ana")
    client.force_login(user)
    return user


def test_settings_change_the_zone_and_the_next_page_follows(client, ana, settings):
    settings.TIME_ZONE = "UTC"
    page = client.get(SETTINGS)
    assert _shown_zone(page) == "UTC"
    assert f'action="{ZONE}"' in page.text

    response = client.post(ZONE, {"time_zone": "Asia/Kolkata"})

    assert response.status_code == 302
    assert response["Location"].endswith("#time-zone-heading")
    assert Profile.objects.get(user=ana).time_zone == "Asia/Kolkata"
    page = client.get(SETTINGS)
    assert _shown_zone(page) == "Asia / Kolkata"
    assert "Your time zone is saved: Asia / Kolkata." in page.text
    assert '<option value="Asia/Kolkata" selected>' in page.text


@pytest.mark.parametrize("data", [{}, {"time_zone": "Nowhere/Land"}, {"time_zone": ["UTC", "x"]}])
def test_settings_refuse_a_bad_zone_and_change_nothing(client, ana, data):
    Profile.objects.create(user=ana, time_zone="Europe/Madrid")

    response = client.post(ZONE, data)

    assert response.status_code == 400
    assert Profile.objects.get(user=ana).time_zone == "Europe/Madrid"


def _logged_in_with_zone(zone):
    user = make_user()
    Profile.objects.create(user=user, time_zone=zone)
    browser = Client()
    browser.force_login(user)
    return browser


def test_login_copies_the_zone_into_the_session_and_pages_read_no_profile(settings):
    settings.TIME_ZONE = "UTC"
    browser = _logged_in_with_zone("Pacific/Auckland")
    assert browser.session[timezones.SESSION_KEY] == "Pacific/Auckland"

    with CaptureQueriesContext(connection) as queries:
        page = browser.get("/accounts/me/")
    assert page.status_code == 200
    assert not [q for q in queries if "accounts_profile" in q["sql"]]


def test_a_session_from_before_zones_reads_the_profile_once(settings):
    settings.TIME_ZONE = "UTC"
    browser = _logged_in_with_zone("Europe/Madrid")
    session = browser.session
    del session[timezones.SESSION_KEY]
    session.save()

    def profile_reads():
        with CaptureQueriesContext(connection) as queries:
            browser.get("/accounts/me/")
        return len([q for q in queries if 'FROM "accounts_profile"' in q["sql"]])

    assert profile_reads() == 1
    assert browser.session[timezones.SESSION_KEY] == "Europe/Madrid"
    assert profile_reads() == 0


def test_visitors_see_dates_in_the_sites_zone_with_its_name(client, settings):
    """Visitors (no account) get the site's zone, DJANGO_TIME_ZONE, named after each time."""
    settings.TIME_ZONE = "America/New_York"
    quiz = make_quiz(questions=1)
    start = client.post(f"/quizzes/{quiz.slug}/")
    attempt_url = start["Location"]
    assert client.post(attempt_url + "submit/", {"confirm": "1"}).status_code == 302

    html = client.get(f"/quizzes/{quiz.slug}/").text

    assert re.search(r"\d\d:\d\d E[SD]T", html), "the attempt's time names its zone"


def test_a_visitor_without_a_session_is_not_given_one(client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    response = client.get("/")
    assert "sessionid" not in response.cookies
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_visitor_may_choose_a_zone_on_the_display_page_for_their_session(client, settings):
    settings.TIME_ZONE = "UTC"
    page = client.get("/display/").text
    assert "Dates and times are shown in <strong>UTC</strong> time." in page

    response = client.post("/display/time-zone/", {"time_zone": "Asia/Tokyo", "next": "/faq/"})

    assert response.status_code == 302 and response["Location"] == "/faq/"
    assert client.session[timezones.SESSION_KEY] == "Asia/Tokyo"
    assert "<strong>Asia / Tokyo</strong>" in client.get("/display/").text
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"time_zone": "Asia/Atlantis"}, {"time_zone": "UTC", "next": "https://evil.example/"}],
)
def test_the_display_page_refuses_bad_zones_and_foreign_next_addresses(client, data):
    response = client.post("/display/time-zone/", data)
    if "next" in data:  # a valid zone, but the way back stays on this site
        assert response["Location"] == "/"
    else:
        assert response.status_code == 400
        assert timezones.SESSION_KEY not in client.session


def test_an_account_choosing_on_the_display_page_keeps_it_on_the_profile(client, ana):
    client.post("/display/time-zone/", {"time_zone": "Europe/Berlin"})
    assert Profile.objects.get(user=ana).time_zone == "Europe/Berlin"
    assert client.session[timezones.SESSION_KEY] == "Europe/Berlin"


def test_a_visitor_without_a_session_gets_the_sites_zone_whatever_was_left_active(rf, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    middleware = timezones.TimeZoneMiddleware(
        lambda request: HttpResponse(timezone.get_current_timezone_name())
    )
    timezone.activate(zoneinfo.ZoneInfo("Asia/Tokyo"))  # as a stray activate() would leave it

    response = middleware(rf.get("/"))

    assert response.text == "Europe/Madrid"
    assert timezone.get_current_timezone_name() == "Europe/Madrid"  # nothing left active
