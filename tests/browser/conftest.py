"""Real-browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Nothing here downloads a browser. Without a `chromium` on PATH every browser test is skipped
with the reason; CI installs it (.ci/run), so there they always run.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import QuizKey, SampleSite
from tests.sample_content import load_sample_content

# Playwright's sync API keeps an asyncio event loop running in this (the main) thread for the
# whole session, and Django refuses ORM calls from a thread with a running loop
# (SynchronousOnlyOperation). The tests call the ORM only between browser actions, never from
# inside the loop, so the check guards against nothing here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container, where Chromium's sandbox cannot start.
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Long enough for a busy 2-core machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 15_000
# expect() has a timeout of its own (5 s by default), apart from the context's: the same.
expect.set_options(timeout=TIMEOUT_MS)
SCREENSHOTS_ENV = "MSPORTAL_SCREENSHOTS"
REQUIRE_BROWSER_ENV = "MSPORTAL_REQUIRE_BROWSER"


@pytest.fixture(scope="session", autouse=True)
def _chromium_installed():
    if CHROMIUM is None:
        message = (
            "Browser tests need Chromium: no `chromium` on PATH. Install Debian's package "
            "(apt-get install chromium); the tests never download a browser."
        )
        # CI installs Chromium and sets this, so there a missing browser fails, never skips.
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright launches Debian's Chromium, headless, with no network of its own."""
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened relative to the live server (page.goto("/learn/"))."""
    return live_server.url


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's contexts (one per test, closed after it), with a shorter timeout.

    Every test also checks that the browser met no script error, no console error (such as
    an inline style or script the CSP blocked) and no failed file or htmx request. Pages
    themselves may answer 404 when a test expects it; so does the browser's own request for
    /favicon.ico on pages that link no icon (the admin's). The icons our pages link are
    static files and must load.
    """
    problems = []

    def on_console(message):
        # Failed loads are reported by status in on_response, where pages can be told apart.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_response(response):
        request = response.request
        if (
            response.status >= 400
            and request.resource_type != "document"
            and urlsplit(response.url).path != "/favicon.ico"
        ):
            problems.append(f"{response.status} for {request.resource_type} {response.url}")

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", on_console)
        context.on("response", on_response)
        context.on(
            "weberror", lambda web_error: problems.append(f"script error: {web_error.error}")
        )
        return context

    yield make
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def sample_site(live_server):
    """The real sample content in the live server's database, and where to find things."""
    from learn.models import Module
    from quizzes.models import Quiz

    load_sample_content()
    module = Module.objects.get(slug="understanding-ms")
    lesson = module.articles.order_by("position").first()
    quiz = Quiz.objects.get(module=module)
    return SampleSite(
        base_url=live_server.url,
        module_title=module.title,
        module_url=module.get_absolute_url(),
        lesson_title=lesson.title,
        lesson_url=lesson.get_absolute_url(),
        quiz=QuizKey.for_quiz(quiz),
        quiz_url=quiz.get_absolute_url(),
    )


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig):
    """Where screenshots go: $MSPORTAL_SCREENSHOTS, else test-artifacts/screenshots."""
    folder = Path(
        os.environ.get(SCREENSHOTS_ENV) or pytestconfig.rootpath / "test-artifacts" / "screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last.

    They use the live server, whose transactional database is emptied after each test, and
    that also removes the rows data migrations seed (site pages, glossary terms, flagged
    phrases) that other tests rely on. pytest-django cannot see the live server behind the
    fixtures here, so it would not move these tests to the end by itself.
    """
    browser = [item for item in items if "tests/browser/" in item.nodeid]
    if browser:
        others = [item for item in items if "tests/browser/" not in item.nodeid]
        items[:] = others + browser
