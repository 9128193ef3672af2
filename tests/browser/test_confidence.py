"""Confidence in a real browser: saying how sure you are by keyboard alone (with htmx and
without JavaScript), the error when it is left out, and the result page that leads with the
answers given sure but not right."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    answer_step,
    answer_step_by_keyboard,
    axe_violations,
    describe_violations,
    expect_step,
    press_link_or_button,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_quiz(page, site):
    page.goto(site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(site.quiz.right))


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no javascript"])
def test_answers_with_confidence_by_keyboard_then_the_result_leads_with_sure_but_wrong(
    sample_site, new_context, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    start_quiz(page, sample_site)
    key = sample_site.quiz
    total = len(key.right)
    group = page.get_by_role("group", name="How sure are you?")
    expect(group).to_be_visible()
    first_prompt = key.prompt_on(page)
    # Question 1 wrong but sure; question 2 wrong, guessing; the rest right.
    answer_step_by_keyboard(page, key, right=False, sure="Sure")
    expect(page.locator(".feedback__heading")).to_have_text(re.compile("Not quite"))
    expect(page.locator("#question-feedback")).to_contain_text("How sure you said you were: Sure.")
    press_link_or_button(page, page.get_by_role("link", name="Next", exact=True))
    expect_step(page, 2, total)
    second_prompt = key.prompt_on(page)
    answer_step_by_keyboard(page, key, right=False, sure="Guessing")
    expect(page.locator(".feedback__heading")).to_have_text(re.compile("Not quite"))
    for number in range(3, total + 1):
        press_link_or_button(page, page.get_by_role("link", name="Next", exact=True))
        expect_step(page, number, total)
        answer_step(page, key, sure="Fairly sure")
        expect(page.locator(".feedback__heading")).to_have_text(re.compile("Correct"))
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit my answers").click()

    section = page.locator("section.confident-wrong")
    expect(
        section.get_by_role("heading", name="You were sure, but it was not right")
    ).to_be_visible()
    expect(section).to_contain_text(first_prompt)
    expect(section).not_to_contain_text(second_prompt)  # a guess is not a held belief
    expect(section.get_by_role("link", name="Review this in the lesson")).to_have_count(1)
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("You were sure, but it was not right") < headings.index("Your answers")
    if javascript:  # axe runs in the page, so only with JavaScript
        violations = axe_violations(page)
        assert not violations, describe_violations(violations, "result with sure-but-wrong")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no javascript"])
def test_leaving_out_how_sure_shows_the_error_by_the_question_and_keeps_the_choice(
    sample_site, new_context, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    start_quiz(page, sample_site)
    key = sample_site.quiz
    prompt = key.prompt_on(page)
    choice = page.locator("#question-choices").get_by_role("radio").first
    choice.check()
    page.get_by_role("button", name="Check my answer").click()
    error = page.locator("fieldset#question-confidence #confidence-error")
    expect(error).to_have_text("Error: Choose how sure you are: sure, fairly sure or guessing.")
    expect(page.locator("fieldset#question-confidence")).to_have_attribute(
        "aria-describedby", "confidence-error confidence-hint"
    )
    expect(page.locator("#question-choices").get_by_role("radio").first).to_be_checked()
    assert key.prompt_on(page) == prompt
    if javascript:
        expect(error).to_be_focused()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations, "step with a confidence error")
    page.locator("#question-confidence").get_by_role("radio", name="Guessing").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".feedback__heading")).to_be_visible()


def test_confidence_targets_are_big_and_fit_a_phone(sample_site, new_context):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    start_quiz(page, sample_site)
    for label in page.locator(".confidence__option").all():
        box = label.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
