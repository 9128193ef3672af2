"""axe-core on every public page in each display setting: WCAG 2.0-2.2 A and AA, no violations.

One test per page and setting, so a failure names both; the pages are listed in pages.py.
The large-text setting is audited on a 360 px wide phone screen: extra-large text on a small
screen is where text overflows and targets crowd, and the page must still not scroll sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.group_pages import GROUP_AUDIT_PAGES
from tests.browser.helpers import (
    DISPLAY_SETTINGS,
    answer_step,
    assert_no_sideways_scroll,
    axe_violations,
    describe_violations,
    expect_step,
    use_display,
)
from tests.browser.pages import AUDIT_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISPLAY_CLASSES = {
    "default": "display-text-normal",
    "large-text": "display-text-xlarge",
    "high-contrast": "display-theme-contrast",
}
PHONE = {"width": 360, "height": 800}


def _prepare(context, page, display, base_url):
    use_display(context, display, base_url)
    if display == "large-text":
        page.set_viewport_size(PHONE)


@pytest.mark.parametrize("display", DISPLAY_SETTINGS)
@pytest.mark.parametrize(
    "audit_page", AUDIT_PAGES + GROUP_AUDIT_PAGES, ids=lambda audit_page: audit_page.name
)
def test_page_has_no_wcag_violations(audit_page, display, sample_site, context, page):
    _prepare(context, page, display, sample_site.base_url)
    response = page.goto(audit_page.open(sample_site, context))

    assert response.status == audit_page.status
    if audit_page.then:
        audit_page.then(page)
    expect(page.locator("html")).to_have_class(re.compile(DISPLAY_CLASSES[display]))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, f"{audit_page.name} ({display})")
    if display == "large-text":
        assert_no_sideways_scroll(page, f"{audit_page.name} with extra-large text")


@pytest.mark.parametrize("display", DISPLAY_SETTINGS)
def test_every_quiz_step_and_its_feedback_has_no_wcag_violations(
    display, sample_site, context, page
):
    """The whole page at the first question and its feedback; then the step htmx swaps in.

    Only the step changes from question to question (header, panel, footer and the submit
    form stay), so later steps audit that region: the same rules on what is new.
    """
    key = sample_site.quiz
    total = len(key.right)
    _prepare(context, page, display, sample_site.base_url)
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()

    reports = []
    for number in range(1, total + 1):
        expect_step(page, number, total)
        region = None if number == 1 else "#quiz-step"
        if violations := axe_violations(page, region):
            reports.append(describe_violations(violations, f"question {number} ({display})"))
        # Right and wrong answers in turn, so both kinds of feedback are audited.
        answer_step(page, key, right=number % 2 == 1)
        expect(page.locator(".feedback__heading")).to_be_focused()
        if violations := axe_violations(page, region):
            where = f"the feedback on question {number} ({display})"
            reports.append(describe_violations(violations, where))
        if display == "large-text":
            assert_no_sideways_scroll(page, f"question {number} with extra-large text")
        if number < total:
            page.get_by_role("link", name="Next", exact=True).click()

    assert not reports, "\n\n".join(reports)
