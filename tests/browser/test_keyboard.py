"""Keyboard use: a visible focus ring on every stop, no trap, and focus after htmx swaps."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import answer_step_by_keyboard, expect_step, press_link_or_button

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRESSES = 100

# What a keyboard user sees of the focused element: is there a ring, is it on screen,
# and is it the last element Tab can reach on this page?
FOCUS_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < window.innerHeight && box.left < window.innerWidth;
  const focusable = [...document.querySelectorAll(
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, "
    + "textarea, summary, [tabindex]:not([tabindex='-1'])"
  )].filter(node => node.checkVisibility() && !node.closest("details:not([open]) > :not(summary)"));
  const label = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  return {
    name: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> ${label.slice(0, 50)}`,
    ring, onScreen,
    first: el === focusable[0],
    last: el === focusable[focusable.length - 1],
  };
}"""


def tab_through(page):
    """Press Tab PRESSES times; what had focus after each press (None: the browser's own UI)."""
    stops = []
    for _ in range(PRESSES):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_STOP))
    return stops


def assert_focus_visible_and_cycling(stops):
    seen = [stop for stop in stops if stop is not None]
    hidden = {stop["name"] for stop in seen if not stop["ring"] or not stop["onScreen"]}
    assert not hidden, f"focus without a visible ring or off screen: {sorted(hidden)}"
    assert seen[0]["first"], f"the first Tab goes to {seen[0]['name']}, not the skip link"
    # Tabbing goes down the whole page, past its last element, and around again: no trap.
    last = [i for i, stop in enumerate(stops) if stop and stop["last"]]
    assert last, "Tab never reached the last element of the page"
    after_last = [stop for stop in stops[last[0] + 1 :] if stop is not None]
    assert after_last and after_last[0]["first"], "focus did not come back round to the top"


def test_tabbing_through_the_home_page_shows_focus_everywhere_and_never_traps_it(sample_site, page):
    page.goto("/")
    stops = tab_through(page)

    assert stops[0]["name"].endswith("Skip to main content")
    assert_focus_visible_and_cycling(stops)


def test_tabbing_through_a_quiz_step_shows_focus_everywhere_and_never_traps_it(sample_site, page):
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(sample_site.quiz.right))
    stops = tab_through(page)

    names = [stop["name"] for stop in stops if stop]
    assert any("Check my answer" in name for name in names)
    assert_focus_visible_and_cycling(stops)


def test_answering_moves_focus_into_the_feedback_and_announces_it(sample_site, page):
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(sample_site.quiz.right))

    answer_step_by_keyboard(page, sample_site.quiz, right=False)

    feedback = page.locator("#quiz-step .feedback__heading")
    expect(feedback).to_be_focused()
    expect(feedback).to_have_text("Not quite")
    expect(page.locator("#announcer")).to_have_text("Not quite. The right answer is shown.")


def test_marking_a_lesson_done_keeps_focus_in_the_swapped_form_and_announces_it(sample_site, page):
    page.goto(sample_site.lesson_url)

    press_link_or_button(page, page.get_by_role("button", name="Mark as done"))

    toggle = page.locator("#done-form").get_by_role("button", name="Mark as not done")
    expect(toggle).to_be_focused()
    expect(page.locator("#done-form")).to_contain_text("You marked this lesson as done.")
    expect(page.locator("#announcer")).to_have_text("Lesson marked as done.")
