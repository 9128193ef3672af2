"""Screenshots of the main pages on a phone (360 px) and a laptop (1280 px), for people to look at.

They are written to $MSPORTAL_SCREENSHOTS (default test-artifacts/screenshots/) as
<page>-<width>.png, and <page>-640-xlarge.png for a laptop zoomed to 200% (640 CSS pixels
wide) with extra-large text. The tests check what a machine can: at 360 px, and zoomed,
nothing makes the page scroll sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.group_pages import GROUP_AUDIT_PAGES
from tests.browser.helpers import (
    answer_step,
    assert_no_sideways_scroll,
    expect_step,
    use_display,
)
from tests.browser.pages import AUDIT_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
AUDIT_PAGES = {audit_page.name: audit_page for audit_page in AUDIT_PAGES + GROUP_AUDIT_PAGES}
# A 1280 px laptop screen at 200% zoom.
ZOOMED = {"width": 640, "height": 800}


def _audit_page(name):
    def open_page(site, context, page):
        page.goto(AUDIT_PAGES[name].open(site, context))

    return open_page


def _quiz_step(site, context, page):
    page.goto(site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(site.quiz.right))


def _quiz_feedback(site, context, page):
    _quiz_step(site, context, page)
    answer_step(page, site.quiz, right=False)
    expect(page.locator(".feedback__heading")).to_be_focused()


# Each entry brings a fresh page to the state worth looking at.
SCREENSHOT_PAGES = {
    "home": _audit_page("home"),
    "lesson": _audit_page("lesson"),
    "quiz-step": _quiz_step,
    "quiz-feedback": _quiz_feedback,
    "quiz-result": _audit_page("quiz-result"),
    "dashboard": _audit_page("results-dashboard"),
    "learner-answers": _audit_page("learner-answers"),
}


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_page_fits_a_phone_and_a_laptop(name, sample_site, context, page, screenshot_dir):
    SCREENSHOT_PAGES[name](sample_site, context, page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=screenshot_dir / f"{name}-{width}.png", full_page=True)
        if width == 360:
            assert_no_sideways_scroll(page, f"{name} at 360 px")


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_page_fits_a_laptop_zoomed_to_200_percent_with_extra_large_text(
    name, sample_site, context, page, screenshot_dir
):
    use_display(context, "large-text", sample_site.base_url)
    page.set_viewport_size(ZOOMED)
    SCREENSHOT_PAGES[name](sample_site, context, page)
    expect(page.locator("html")).to_have_class(re.compile("display-text-xlarge"))
    page.screenshot(path=screenshot_dir / f"{name}-640-xlarge.png", full_page=True)
    assert_no_sideways_scroll(page, f"{name} at 640 px with extra-large text")
