"""Spaced review in a real browser: an anonymous visitor misses questions, practises them by
keyboard from "Practise now", signs up and still has the rest of the queue."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    COUNT_MOUSE_PRESSES,
    answer_step,
    expect_step,
    mouse_presses,
    press_link_or_button,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_by_keyboard(page, group, name):
    """Tab into a radio group (one Tab stop) and arrow to the radio named `name`."""
    radios = group.get_by_role("radio")
    tab_to(page, radios.first)
    names = radios.evaluate_all("els => els.map(el => el.labels[0].innerText.trim())")
    if names.index(name) == 0:
        page.keyboard.press("Space")
    for _ in range(names.index(name)):
        page.keyboard.press("ArrowDown")
    expect(group.get_by_role("radio", name=name, exact=True)).to_be_checked()


def test_visitor_practises_missed_questions_by_keyboard_and_keeps_the_queue(sample_site, page):
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    page.add_init_script(COUNT_MOUSE_PRESSES)
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    for number in range(1, total + 1):
        expect_step(page, number, total)
        answer_step(page, key, right=number > 3)  # the first three missed
        expect(page.locator(".feedback__heading")).to_be_visible()
        if number < total:
            page.get_by_role("link", name="Next", exact=True).click()
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your result: {key.title}")
    expect(page.get_by_role("link", name=re.compile(r"^Review \(3"))).to_be_visible()

    # From here on, keys only.
    page.evaluate("() => sessionStorage.setItem('test-mouse-presses', '0')")
    press_link_or_button(page, page.get_by_role("button", name="Practise now"))
    for _card in range(2):
        expect(page.get_by_role("heading", level=1)).to_have_text("Review")
        prompt = key.prompt_on(page)
        choose_by_keyboard(page, page.locator("#question-choices"), key.right[prompt][0])
        choose_by_keyboard(page, page.get_by_role("group", name="How sure are you?"), "Sure")
        press_link_or_button(page, page.get_by_role("button", name="Check my answer"))
        expect(page.locator(".feedback__heading")).to_be_focused()
        expect(page.locator(".feedback__heading")).to_have_text("Correct")
        expect(page.locator("#announcer")).to_have_text("Correct.")
        expect(page.get_by_text("This card moves on")).to_be_visible()
        # The header's count follows the swapped step.
        expect(page.get_by_role("link", name=re.compile(rf"^Review \({2 - _card}"))).to_be_visible()
        press_link_or_button(page, page.get_by_role("link", name="Next question"))
    press_link_or_button(page, page.get_by_role("link", name="Stop for now"))
    expect(page.get_by_text("2 cards move on: they come back after a longer gap.")).to_be_visible()
    expect(page.get_by_text("You have 1 question to practise today.")).to_be_visible()
    assert mouse_presses(page) == 0

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("review-reader")
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-walk-by-the-river")
    page.get_by_label("Password again").fill("a-long-walk-by-the-river")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Your account is ready and you are logged in.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Review \(1")).click()
    expect(page.get_by_text("You have 1 question to practise today.")).to_be_visible()
