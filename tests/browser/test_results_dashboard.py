"""The educator's results dashboard on a phone: whole names, big targets, keyboard scrolling,
sorting and the drill-down to one learner's answers, all without JavaScript help."""

import pytest
from playwright.sync_api import expect

from tests.browser.group_pages import classroom
from tests.browser.helpers import assert_no_sideways_scroll, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


def test_dashboard_on_a_phone(sample_site, context, page):
    room = classroom(sample_site)
    sample_site.log_in(context, room.educator)
    page.set_viewport_size(PHONE)
    page.goto(sample_site.base_url + room.dashboard_path)
    assert_no_sideways_scroll(page, "dashboard at 360 px")

    # Names stay on one line (the table scrolls instead of breaking them).
    for link in page.locator(".learner-link").all():
        box = link.bounding_box()
        line = float(link.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24"))
        assert box["height"] <= max(44, line * 1.5), link.inner_text()
    # Adjust links and sort links are at least 44 px tall (2.5.8 asks 24).
    for link in page.locator(".target-link, .sort-link").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()

    # The learners table's scrolling box takes focus and is named by its caption.
    region = page.get_by_role("region", name="Learners 1 to 7 of 7")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    # Arrow keys may scroll smoothly: wait for the box to move rather than read it at once.
    wait_until(page, "el => el.scrollLeft > 0", region.element_handle(), timeout_ms=5000)

    # Sorting by score, highest first, with the server's links.
    page.get_by_role("link", name="Counted score").click()
    page.get_by_role("link", name="Counted score").click()
    header = page.get_by_role("columnheader", name="Counted score")
    expect(header).to_have_attribute("aria-sort", "descending")
    scores = [
        text.split("%")[0]
        for text in page.locator(".results-table tbody td:nth-child(3)").all_inner_texts()
    ]
    numbers = [float(s) for s in scores if s != "—"]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 5

    # A name opens that learner's answers; the page fits the phone.
    name = room.submitted[0].get_full_name()
    page.locator(".learner-link", has_text=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert page.locator(".answer-card").count() == len(sample_site.quiz.right)
    assert_no_sideways_scroll(page, "answers at 360 px")


def test_group_page_remove_links_are_big_targets(sample_site, context, page):
    room = classroom(sample_site)
    sample_site.log_in(context, room.educator)
    page.set_viewport_size(PHONE)
    page.goto(f"{sample_site.base_url}/groups/{room.group.pk}/")
    links = page.locator(".target-link").all()
    assert links
    for link in links:
        assert link.bounding_box()["height"] >= 44, link.inner_text()


def test_assignment_form_buttons_sit_side_by_side(sample_site, context, page):
    room = classroom(sample_site)
    sample_site.log_in(context, room.educator)
    page.goto(f"{sample_site.base_url}/groups/{room.group.pk}/assignments/new/")
    add = page.get_by_role("button", name="Add assignment").bounding_box()
    cancel = page.get_by_role("link", name="Cancel").bounding_box()
    assert abs(add["y"] - cancel["y"]) < 2 and cancel["x"] > add["x"] + add["width"]
    assert add["width"] < 400  # not stretched across the form
