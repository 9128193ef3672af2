"""Reading aids in a real browser: "Listen" on lessons and quiz questions, "One thing at a time".

Chromium may or may not have a voice installed (headless Chromium on a server has none, and
its speech then fails at once). So the tests check what is true either way with the browser's
own speech, and check the Pause, Resume and Stop states with a stand-in speech engine that
speaks until it is told to stop: the page's script under test is the real one.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_step, press_link_or_button, tab_to, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Replaces the browser's speech engine before any page script runs. What it was asked to say
# is kept in window.spoken; a piece ends only when the test calls speechSynthesis.finishPiece(),
# as if each took a long time to say.
STAND_IN_SPEECH = """
(() => {
  const engine = {
    speaking: false, paused: false, pending: false, current: null,
    speak(utterance) {
      window.spoken.push(utterance.text);
      this.current = utterance; this.speaking = true;
    },
    pause() { if (this.speaking) this.paused = true; },
    resume() { this.paused = false; },
    cancel() {
      const utterance = this.current;
      this.current = null; this.speaking = false;
      if (utterance && utterance.onerror) utterance.onerror({error: "interrupted"});
    },
    getVoices() { return []; },
    finishPiece() {
      const utterance = this.current;
      this.current = null; this.speaking = false;
      if (utterance && utterance.onend) utterance.onend({});
    },
  };
  window.spoken = [];
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
})();
"""

# A browser without speech: no engine and no utterances.
NO_SPEECH = """
delete Window.prototype.speechSynthesis;
delete window.speechSynthesis;
delete window.SpeechSynthesisUtterance;
"""


def listen_controls(page):
    controls = page.locator(".listen")
    return (
        controls,
        controls.locator("[data-listen-action=play]"),
        controls.locator("[data-listen-action=pause]"),
        controls.locator("[data-listen-action=stop]"),
    )


def test_listen_on_a_lesson_reads_aloud_or_says_it_cannot_with_the_browsers_own_speech(
    sample_site, page
):
    page.goto(sample_site.lesson_url)
    controls, play, pause, stop = listen_controls(page)

    assert page.evaluate("() => 'speechSynthesis' in window")
    expect(controls).to_be_visible()
    expect(play).to_have_text("Listen")
    expect(pause).to_have_attribute("aria-disabled", "true")
    tab_to(page, play)
    page.keyboard.press("Enter")

    announcer = page.locator("#announcer")
    expect(announcer).to_have_text(
        re.compile(r"^(Reading aloud\.|Your browser could not read this aloud\.)$")
    )
    expect(play).to_be_focused()
    # The browser's own speech decides what happens next, and in its own time: it reads on,
    # or fails, or (headless, without an audio device) may finish at once. Wait for a
    # settled state, then check that the controls agree with what was announced.
    wait_until(
        page,
        """() => {
            const said = document.querySelector("#announcer").textContent.trim();
            const stop = document.querySelector(".listen [data-listen-action=stop]");
            return (said === "Reading aloud." && stop.getAttribute("aria-disabled") === "false")
                || said === "Finished reading."
                || said === "Your browser could not read this aloud.";
        }""",
    )
    if announcer.inner_text() == "Reading aloud.":
        press_link_or_button(page, stop)
        # Stopped by the press, or finished on its own just before it.
        expect(announcer).to_have_text(re.compile(r"^(Stopped|Finished) reading\.$"))
    # Whatever happened, the controls are back where they started, ready to listen again.
    expect(play).to_have_attribute("aria-disabled", "false")
    expect(pause).to_have_attribute("aria-disabled", "true")
    expect(stop).to_have_attribute("aria-disabled", "true")


def test_listen_reads_the_question_and_its_choices_with_pause_resume_and_stop_by_keyboard(
    sample_site, page
):
    page.add_init_script(STAND_IN_SPEECH)
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(sample_site.quiz.right))
    prompt = sample_site.quiz.prompt_on(page)
    controls, play, pause, stop = listen_controls(page)
    announcer = page.locator("#announcer")

    expect(play).to_have_text("Listen to the question")
    press_link_or_button(page, play)
    expect(announcer).to_have_text("Reading aloud.")
    expect(play).to_have_attribute("aria-disabled", "true")
    expect(stop).to_have_attribute("aria-disabled", "false")
    assert page.evaluate("() => window.spoken")[0].startswith(prompt[:40])
    # Piece by piece, it goes on from the question to its choices.
    first_choice = page.locator("label.choice").first.inner_text().strip()
    for _ in range(5):
        if first_choice in page.evaluate("() => window.spoken.join(' ')"):
            break
        page.evaluate("() => speechSynthesis.finishPiece()")
    assert first_choice in page.evaluate("() => window.spoken.join(' ')")
    expect(stop).to_have_attribute("aria-disabled", "false")

    press_link_or_button(page, pause)
    expect(pause).to_have_text("Resume")
    expect(announcer).to_have_text("Paused.")
    assert page.evaluate("() => speechSynthesis.paused")
    page.keyboard.press("Enter")
    expect(pause).to_have_text("Pause")
    expect(announcer).to_have_text("Reading aloud again.")

    page.keyboard.press("Tab")
    expect(stop).to_be_focused()
    page.keyboard.press("Enter")
    expect(announcer).to_have_text("Stopped reading.")
    expect(play).to_have_attribute("aria-disabled", "false")
    for button in (pause, stop):
        expect(button).to_have_attribute("aria-disabled", "true")
    assert not page.evaluate("() => speechSynthesis.speaking")


def test_listen_is_hidden_where_the_browser_has_no_speech(sample_site, page):
    page.add_init_script(NO_SPEECH)
    page.goto(sample_site.lesson_url)

    assert page.evaluate("() => !('speechSynthesis' in window)")
    expect(page.locator("#lesson-body")).to_be_visible()
    expect(page.locator(".listen")).to_be_hidden()
    expect(page.get_by_role("button", name="Listen")).to_have_count(0)


def choose_one_thing_at_a_time(page, value):
    """Open the Display panel and choose On or Off, as a reader does."""
    page.get_by_text("Display: text size and colours").click()
    setting = page.get_by_role("group", name="One thing at a time").first
    setting.get_by_role("radio", name=value, exact=True).check()
    expect(page.locator("#announcer")).to_have_text("Display settings saved.")
    page.get_by_text("Display: text size and colours").click()


def test_one_thing_at_a_time_hides_the_extras_around_a_lesson_and_a_quiz_question(
    sample_site, page
):
    page.goto(sample_site.lesson_url)
    lesson_list = page.get_by_role("navigation", name=re.compile("^Lessons in"))
    credits = page.get_by_role("region", name="Who made this lesson")
    expect(lesson_list).to_be_visible()
    expect(credits).to_be_visible()

    choose_one_thing_at_a_time(page, "On")
    expect(lesson_list).to_be_hidden()
    expect(credits).to_be_hidden()
    # What the lesson is and says stays.
    expect(page.locator("#lesson-body")).to_be_visible()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    disclaimers = page.locator(".lesson__disclaimer")  # Short above the text, full below it.
    expect(disclaimers).to_have_count(2)
    for disclaimer in disclaimers.all():
        expect(disclaimer).to_be_visible()

    # The choice is remembered on the next page: a quiz question without its overview.
    page.goto(sample_site.quiz_url)
    page.get_by_role("button", name="Start the quiz").click()
    expect_step(page, 1, len(sample_site.quiz.right))
    # The overview (collapsed behind "All questions (N of M answered)") is an extra.
    overview = page.locator("details.step-overview > summary")
    expect(overview).to_be_hidden()
    expect(page.locator("legend.question-prompt")).to_be_visible()
    expect(page.get_by_role("button", name="Check my answer")).to_be_visible()
    expect(page.get_by_role("link", name="Next", exact=True)).to_be_visible()

    choose_one_thing_at_a_time(page, "Off")
    expect(overview).to_be_visible()
