"""Helpers for the browser tests: logging a browser in, keys, axe and pages (the sample
content: tests/sample_content.py).

Everything here that touches the database runs before the browser acts or after it has
finished (a Playwright call returns once the page has loaded), never while the live server is
answering: on SQLite the server thread shares the test's in-memory connection.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from importlib import import_module

from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

# --- accounts --------------------------------------------------------------------------------


def log_in(context, user, base_url):
    """Log a browser context in as `user` with a fresh session, as Client.force_login does."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base_url}]
    )


@dataclass(frozen=True)
class SampleSite:
    """The sample content's landmarks the tests walk through, read before the browser acts."""

    base_url: str
    module_title: str
    module_url: str
    lesson_title: str
    lesson_url: str
    quiz: QuizKey
    quiz_url: str

    def log_in(self, context, user):
        log_in(context, user, self.base_url)


# --- display settings ------------------------------------------------------------------------

# The display cookie's format is core/display.py's: "key:value|key:value".
DISPLAY_SETTINGS = {
    "default": "",
    "large-text": "text:xlarge",
    "high-contrast": "theme:contrast",
}


def use_display(context, name, base_url):
    """Give a browser context one of the DISPLAY_SETTINGS, as the Display panel would."""
    value = DISPLAY_SETTINGS[name]
    if value:
        context.add_cookies([{"name": "msportal_display", "value": value, "url": base_url}])


# --- keyboard --------------------------------------------------------------------------------


def is_focused(locator: Locator) -> bool:
    """Whether focus is on (any element of) `locator`."""
    return locator.evaluate_all("elements => elements.includes(document.activeElement)")


def tab_to(page: Page, locator: Locator, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until `locator` has focus, as a keyboard user would.

    Keys go only to a page that has finished loading: a key pressed while htmx is still
    starting up takes the no-JavaScript path (a full page load), which is tested on its own.
    """
    page.wait_for_load_state("load")
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        try:
            if is_focused(locator):
                return
        except PlaywrightError as error:
            # The previous press's link was still loading its page: wait for it, go on.
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
    raise AssertionError(f"{limit} presses of {key} never reached {locator}")


def focused_description(page: Page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "<body>";
            const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
            return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> ${text.slice(0, 60)}`;
        }"""
    )


# --- axe -------------------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page: Page, region: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page (or one region) as it is now.

    axe-core comes with axe-playwright-python; it is added once per document, so a page
    that htmx changes in place is audited again without loading it twice.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    context = {"include": [[region]]} if region else None
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)"
        ".then(results => results.violations)",
        [context, AXE_OPTIONS],
    )


def describe_violations(violations: list[dict], where: str) -> str:
    """A readable failure message: each rule, what it asks for, and the elements that break it."""
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}\n        {summary}")
    return "\n".join(lines)


# --- layout ----------------------------------------------------------------------------------


def assert_no_sideways_scroll(page: Page, where: str):
    """Nothing sticks out to the right, so the page never scrolls sideways."""
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width > inner:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 8)
                .map(el => `<${el.tagName.toLowerCase()} class="${el.className}">`)"""
        )
        raise AssertionError(f"{where} is {width}px wide in a {inner}px window: {culprits}")


# --- quiz taking -----------------------------------------------------------------------------


@dataclass
class QuizKey:
    """What a test needs to answer a quiz: the right choices, found by each question's prompt."""

    slug: str
    title: str
    right: dict[str, list[str]] = field(default_factory=dict)
    wrong: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_quiz(cls, quiz):
        key = cls(slug=quiz.slug, title=quiz.title)
        for question in quiz.questions.prefetch_related("choices"):
            prompt = _plain(question.prompt)
            choices = list(question.choices.order_by("position"))
            key.right[prompt] = [c.text for c in choices if c.is_correct]
            key.wrong[prompt] = next(c.text for c in choices if not c.is_correct)
            key.kinds[prompt] = question.kind
        return key

    def prompt_on(self, page: Page) -> str:
        text = _plain(page.locator("legend.question-prompt").inner_text())
        assert text in self.right, f"unknown question on the page: {text!r}"
        return text


def _plain(text):
    return re.sub(r"\s+", " ", text).strip()


def answer_step(page: Page, key: QuizKey, *, right=True, sure="Sure"):
    """Answer the question on the page with the mouse and wait for what comes back.

    When the quiz asks how sure the learner is, `sure` ("Sure", "Fairly sure", "Guessing")
    is chosen too.
    """
    prompt = key.prompt_on(page)
    role = "checkbox" if key.kinds[prompt] == "multiple" else "radio"
    texts = key.right[prompt] if right else [key.wrong[prompt]]
    choices = page.locator("#question-choices")
    for text in texts:
        choices.get_by_role(role, name=text, exact=True).check()
    confidence = page.locator("#question-confidence")
    if confidence.count():
        confidence.get_by_role("radio", name=sure, exact=True).check()
    page.get_by_role("button", name=re.compile("Check my answer|Save answer")).click()


def step_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name=re.compile(r"^Question \d+ of \d+$"))


def expect_step(page: Page, number: int, total: int):
    expect(page.get_by_role("heading", name=f"Question {number} of {total}")).to_be_visible()


def choose_radio_by_keyboard(page: Page, group: Locator, text: str):
    """Check the radio labelled `text` in `group` as a keyboard user does: one Tab stop for
    the group, then the arrow keys (which move and check) or Space."""
    radios = group.get_by_role("radio")
    tab_to(page, radios)
    names = radios.evaluate_all("els => els.map(el => el.labels[0].innerText.trim())")
    moves = names.index(text) - radios.evaluate_all("els => els.indexOf(document.activeElement)")
    if moves == 0:
        page.keyboard.press("Space")
    for _ in range(abs(moves)):
        page.keyboard.press("ArrowDown" if moves > 0 else "ArrowUp")
    expect(group.get_by_role("radio", name=text, exact=True)).to_be_checked()


def answer_step_by_keyboard(page: Page, key: QuizKey, *, right=True, sure="Sure"):
    """Answer the question on the page with keys only: Tab, arrows, Space and Enter (and say
    how sure, `sure`, when the quiz asks)."""
    prompt = key.prompt_on(page)
    wanted = key.right[prompt] if right else [key.wrong[prompt]]
    if key.kinds[prompt] == "multiple":
        for text in wanted:
            box = page.get_by_role("checkbox", name=text, exact=True)
            tab_to(page, box)
            page.keyboard.press("Space")
            expect(box).to_be_checked()
    else:
        (text,) = wanted
        choose_radio_by_keyboard(page, page.locator("#question-choices"), text)
    confidence = page.locator("#question-confidence")
    if confidence.count():
        choose_radio_by_keyboard(page, confidence, sure)
    tab_to(page, page.get_by_role("button", name=re.compile("Check my answer|Save answer")))
    page.keyboard.press("Enter")


def press_link_or_button(page: Page, locator: Locator, *, backwards=False):
    """Tab to a link or button and press Enter, as a keyboard user follows it."""
    tab_to(page, locator, backwards=backwards)
    page.keyboard.press("Enter")


# Counts mouse presses on every page of a tab, to prove a part of a journey used none.
COUNT_MOUSE_PRESSES = """
window.addEventListener("mousedown", () => {
  try {
    const count = Number(sessionStorage.getItem("test-mouse-presses") || 0);
    sessionStorage.setItem("test-mouse-presses", String(count + 1));
  } catch (error) {}
}, true);
"""


def mouse_presses(page: Page) -> int:
    return int(page.evaluate("() => sessionStorage.getItem('test-mouse-presses') || '0'"))


def wait_until(page: Page, predicate: str, arg=None, *, timeout_ms=15_000):
    """Poll `predicate` (a JavaScript function, given `arg`) until it returns true.

    Not `page.wait_for_function`: that compiles the function inside the page, which the
    site's Content Security Policy (no 'unsafe-eval') rightly refuses; `evaluate` does not.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"still false after {timeout_ms} ms: {predicate}"
        page.wait_for_timeout(50)
