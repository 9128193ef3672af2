"""Time zones in a real browser: signup picks the device's zone (static/js/timezone.js) in the
visible select, and keeps the site's without JavaScript; the settings page, signup and the
assignment form fit at 390 and 1280 px (screenshots in $MSPORTAL_SCREENSHOTS)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_sideways_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "river-lamp-cactus-93"


def _fill_signup(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)


def test_signup_picks_the_devices_zone_and_says_so(new_context, live_server, settings):
    from accounts.models import Profile

    settings.TIME_ZONE = "UTC"
    context = new_context(timezone_id="America/Sao_Paulo")
    page = context.new_page()
    _fill_signup(page)

    select = page.get_by_label("Time zone")
    expect(select).to_have_value("America/Sao_Paulo")
    expect(page.get_by_text("We chose this from your device's clock.")).to_be_visible()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()

    assert Profile.objects.get(user__username="rosa").time_zone == "America/Sao_Paulo"


def test_signup_without_javascript_keeps_the_sites_zone_and_lets_people_choose(
    new_context, live_server, settings
):
    from accounts.models import Profile

    settings.TIME_ZONE = "Europe/Madrid"
    context = new_context(timezone_id="Asia/Tokyo", java_script_enabled=False)
    page = context.new_page()
    _fill_signup(page)

    select = page.get_by_label("Time zone")
    expect(select).to_have_value("Europe/Madrid")
    expect(page.get_by_text("We chose this from your device's clock.")).to_be_hidden()
    select.select_option("Asia/Tokyo")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()

    assert Profile.objects.get(user__username="rosa").time_zone == "Asia/Tokyo"


@pytest.mark.parametrize("width", [390, 1280])
def test_time_zone_pages_fit_and_look_right(new_context, live_server, screenshot_dir, width):
    from groups.models import Membership
    from groups.services import group_create
    from tests.factories import make_quiz, make_user

    educator = make_user(username="ellen", groups=["Educators"])
    group = group_create(educator=educator, name="Madrid class", time_zone="Europe/Madrid")
    Membership.objects.create(group=group, user=make_user(username="sam"))
    make_quiz(questions=1, title="Gut and brain")
    context = new_context(viewport={"width": width, "height": 900}, timezone_id="UTC")
    page = context.new_page()
    page.goto("/accounts/signup/")
    assert_no_sideways_scroll(page, f"signup at {width}")
    page.screenshot(path=screenshot_dir / f"tz-signup-{width}.png", full_page=True)
    page.goto("/display/")
    expect(page.get_by_role("heading", name="Time zone")).to_be_visible()
    assert_no_sideways_scroll(page, f"display settings at {width}")
    page.screenshot(path=screenshot_dir / f"tz-display-{width}.png", full_page=True)

    log_in(context, educator, live_server.url)
    page.goto("/accounts/settings/#time-zone-heading")
    expect(page.get_by_role("heading", name="Time zone")).to_be_visible()
    assert_no_sideways_scroll(page, f"settings at {width}")
    page.get_by_role("heading", name="Time zone").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"tz-settings-{width}.png")

    page.goto(f"/groups/{group.pk}/assignments/new/")
    expect(page.locator("#zone-note")).to_contain_text("time zone: Europe / Madrid")
    page.get_by_label("Due").fill("2026-03-30T17:00")
    assert_no_sideways_scroll(page, f"assignment form at {width}")
    page.screenshot(path=screenshot_dir / f"tz-assignment-form-{width}.png", full_page=True)
    page.get_by_label("Quiz").select_option(label="Gut and brain")
    page.get_by_role("button", name="Add assignment").click()
    expect(page.get_by_text("Assignment added.")).to_be_visible()
    page.goto(f"/groups/{group.pk}/")
    expect(page.get_by_text("30 March 2026, 15:00 UTC")).to_be_visible()
    expect(page.get_by_text("Dates on this page are in your time zone, UTC.")).to_be_visible()
    page.screenshot(path=screenshot_dir / f"tz-group-{width}.png", full_page=True)
