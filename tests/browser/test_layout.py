"""Layout in a real browser: a lesson's text comes first on a phone (the header is one row with
a "Menu"), a module journey always has a way on, and the FAQ page is a list of questions that
open in place."""

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from tests.accounts.helpers import make_group
from tests.browser.helpers import axe_violations, describe_violations, tab_to, use_display
from tests.factories import make_user
from tests.review.helpers import take_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The signed-in header on a phone: one row (the site name and "Menu", about 62 px). Every link
# shown, it wrapped onto five or six rows (about 310 px) before the menu.
PHONE_HEADER_MAX_PX = 120
# Every link shown (wider than 56em): two rows at most, about 129 px.
WIDE_HEADER_MAX_PX = 140
ACCOUNT_LINKS = ("Review (1)", "My progress", "My assignments")


def _learner_with_everything_in_the_header(sample_site, context):
    """A learner in a group with a review due: the longest account menu a learner has."""
    user = make_user()
    Membership.objects.create(group=make_group(educator=make_user()), user=user)
    take_quiz(user=user, answers=("wrong",))
    sample_site.log_in(context, user)


@pytest.mark.parametrize("display", ["default", "high-contrast"])
def test_a_signed_in_header_is_one_row_on_a_phone_and_its_menu_opens_by_keyboard(
    display, sample_site, new_context
):
    context = new_context(viewport=PHONE)
    use_display(context, display, sample_site.base_url)
    _learner_with_everything_in_the_header(sample_site, context)
    page = context.new_page()
    page.goto(sample_site.lesson_url)

    header = page.locator(".site-header")
    height = header.evaluate("e => e.getBoundingClientRect().height")
    assert height <= PHONE_HEADER_MAX_PX, f"the header is {height:.0f} px tall"
    account = page.get_by_role("navigation", name="Account")
    expect(account).to_be_hidden()
    menu = page.locator(".site-menu > summary")
    expect(menu).to_have_text("Menu")

    tab_to(page, menu)
    assert menu.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    for name in ACCOUNT_LINKS:
        expect(account.get_by_role("link", name=name)).to_be_visible()
    expect(account.get_by_role("button", name="Log out")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups")
    ).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()
    expect(page.get_by_role("button", name="Español")).to_be_visible()
    # Every target in the open menu is big enough for an unsteady finger.
    heights = page.locator(".site-menu").evaluate(
        "m => [...m.querySelectorAll('a, button, summary, input:not([type=hidden])')]"
        ".map(e => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44, heights
    violations = axe_violations(page, ".site-header")
    assert not violations, describe_violations(violations, f"the open menu ({display})")
    # The next Tab goes into the menu, and Enter on the summary closes it again.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Learn", exact=True)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(account).to_be_hidden()


def test_a_signed_in_header_shows_every_link_on_a_wide_screen(sample_site, new_context):
    context = new_context(viewport=DESKTOP)
    _learner_with_everything_in_the_header(sample_site, context)
    page = context.new_page()
    page.goto(sample_site.lesson_url)

    expect(page.locator(".site-menu > summary")).to_be_hidden()
    main = page.get_by_role("navigation", name="Main")
    for name in ("Learn", "Quizzes", "FAQ", "References", "Groups"):
        expect(main.get_by_role("link", name=name, exact=True)).to_be_visible()
    account = page.get_by_role("navigation", name="Account")
    for name in ACCOUNT_LINKS:
        expect(account.get_by_role("link", name=name)).to_be_visible()
    expect(account.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()
    # Still reached by Tab without opening anything.
    tab_to(page, account.get_by_role("link", name="My progress"))


@pytest.mark.parametrize(
    ("viewport", "address"),
    [
        ({"width": 740, "height": 360}, "/learn/"),  # a phone on its side
        ({"width": 896, "height": 600}, "/es/learn/"),  # the widest with the menu (56em)
    ],
)
def test_a_signed_in_header_is_one_row_on_a_phone_on_its_side_and_a_tablet(
    viewport, address, sample_site, new_context
):
    # Every link shown, the header took three rows here (189 px of the phone's 360).
    context = new_context(viewport=viewport)
    _learner_with_everything_in_the_header(sample_site, context)
    page = context.new_page()
    page.goto(address)

    height = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    assert height <= PHONE_HEADER_MAX_PX, f"the header is {height:.0f} px tall"
    expect(page.locator(".site-menu > summary")).to_be_visible()
    expect(page.locator("main h1")).to_be_in_viewport()


def test_a_signed_in_header_in_spanish_keeps_to_two_rows_just_wider(sample_site, new_context):
    """Just wider than the menu's widest (56em), every link shows, in two rows at most."""
    context = new_context(viewport={"width": 900, "height": 800})
    _learner_with_everything_in_the_header(sample_site, context)
    page = context.new_page()
    page.goto("/es/learn/")

    expect(page.locator(".site-menu > summary")).to_be_hidden()
    account = page.get_by_role("navigation", name="Cuenta")
    expect(account.get_by_role("link", name="Repaso (1)")).to_be_visible()
    expect(account.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    height = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    assert height <= WIDE_HEADER_MAX_PX, f"the header is {height:.0f} px tall"


def test_a_lessons_first_paragraph_starts_within_the_first_phone_screen(sample_site, page):
    page.set_viewport_size(PHONE)
    page.goto(sample_site.lesson_url)

    first = page.locator("#lesson-body p").first
    top = first.evaluate("p => p.getBoundingClientRect().top + window.scrollY")
    assert top < 700, f"the lesson's first paragraph starts {top:.0f} px down"
    # Title, summary, the facts line, the short disclaimer and Listen come before it.
    for above in ("#lesson-title", ".lead", ".lesson__facts", ".lesson__disclaimer--short"):
        expect(page.locator(above)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Listen")).to_be_in_viewport()
    # Who made it and when it was reviewed are still on the page, below the text.
    about = page.locator("#about-lesson")
    expect(about).to_contain_text("Medically reviewed by")
    expect(about).to_contain_text("Evidence as of")
    assert about.evaluate("e => e.getBoundingClientRect().top") > top


LINKS_UNDER = """([prefix, depth]) => [...new Set([...document.querySelectorAll('main a[href]')]
    .map(a => a.getAttribute('href'))
    .filter(href => href.startsWith(prefix) && href.split('/').length === depth))]"""


def test_every_sample_lessons_first_paragraph_starts_within_700_px_on_a_phone(sample_site, page):
    """Long titles and summaries included: the text of every sample lesson starts on the first
    screen, so the header, breadcrumb and facts line must stay compact on a phone."""
    page.set_viewport_size(PHONE)
    page.goto("/learn/")
    tops = {}
    for module in page.evaluate(LINKS_UNDER, ["/learn/", 4]):
        page.goto(module)
        for lesson in page.evaluate(LINKS_UNDER, [module, 5]):
            page.goto(lesson)
            first = page.locator("#lesson-body p").first
            tops[lesson] = first.evaluate("p => p.getBoundingClientRect().top + window.scrollY")

    assert len(tops) >= 20
    late = {lesson: round(top) for lesson, top in tops.items() if top >= 700}
    assert not late, f"first paragraphs below 700 px: {late}"


def _onward_links(page):
    """Links in the page's main content that lead somewhere other than the page itself."""
    return page.locator("main").evaluate(
        """main => [...main.querySelectorAll('a[href]')]
            .filter(a => a.closest('.breadcrumbs, .lesson-nav') === null)
            .map(a => new URL(a.href, location.href))
            .filter(url => url.pathname !== location.pathname)
            .map(url => url.pathname)"""
    )


def test_every_page_of_a_module_journey_has_a_link_onward(sample_site, page):
    page.goto(sample_site.module_url)
    start = page.get_by_role("link", name="Start the first lesson")
    expect(start).to_be_visible()
    lesson_links = page.locator(".lesson-list .lesson-item__title a")
    lessons = [lesson_links.nth(i).get_attribute("href") for i in range(lesson_links.count())]
    assert len(lessons) > 1

    start.click()
    for number, lesson in enumerate(lessons, start=1):
        expect(page).to_have_url(sample_site.base_url + lesson)
        if number < len(lessons):
            onward = page.locator("a[rel=next].pager__link")
            assert lessons[number] in _onward_links(page)
            onward.click()

    # The last lesson: no "Next lesson", but the module's end with its quiz and the next module.
    expect(page.locator(".pager__link--next")).to_have_count(0)
    end = page.get_by_role("region", name="This is the last lesson in this module")
    expect(end).to_be_visible()
    expect(end.get_by_role("link", name="Next module")).to_be_visible()
    quiz = end.get_by_role("link", name="Check what you learned")
    expect(quiz).to_be_visible()
    quiz.click()

    expect(page).to_have_url(sample_site.base_url + sample_site.quiz_url)
    expect(page.get_by_role("button", name="Start the quiz")).to_be_visible()


def test_the_module_end_says_finished_once_every_lesson_is_marked_done(sample_site, page):
    page.goto(sample_site.module_url)
    links = page.locator(".lesson-list .lesson-item__title a")
    lessons = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for lesson in lessons:
        page.goto(lesson)
        page.get_by_role("button", name="Mark as done").click()
        expect(page.get_by_text("You marked this lesson as done.")).to_be_visible()

    page.reload()

    end = page.get_by_role("region", name="You have finished this module")
    expect(end).to_be_visible()
    next_module = end.get_by_role("link", name="Next module")
    next_module.click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(sample_site.module_title)


def test_the_faq_page_is_short_and_a_question_opens_in_place_by_keyboard(sample_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto("/faq/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, f"the FAQ page is {height} px tall"

    question = page.locator("details.faq").first
    summary = question.locator("summary.faq__question")
    answer = question.locator(".faq__answer")
    expect(answer).to_be_hidden()
    tab_to(page, summary)
    page.keyboard.press("Enter")

    expect(question).to_have_attribute("open", "")
    expect(answer).to_be_visible()
    own_page = answer.get_by_role("link", name="Open this answer on its own page")
    expect(own_page).to_be_visible()
    text = summary.inner_text()
    own_page.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_an_answers_address_on_the_faq_page_opens_that_answer(sample_site, page):
    page.goto("/faq/")
    question = page.locator("details.faq").nth(2)
    slug = question.get_attribute("id")

    page.goto(f"/faq/#{slug}")

    expect(question.locator(".faq__answer")).to_be_visible()
    expect(question.locator("summary.faq__question")).to_be_in_viewport()


def test_a_wrapped_title_in_the_lesson_list_keeps_its_number_on_its_first_line(sample_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(sample_site.lesson_url)
    current = page.locator(".lesson-nav a[aria-current=page]")
    # A long title, as some lessons have, that wraps in the narrow column.
    current.evaluate("a => { a.textContent = 'A long lesson title that wraps onto lines' }")

    lines = current.evaluate("a => [...a.getClientRects()].map(r => Math.round(r.top))")
    item_top = current.evaluate("a => Math.round(a.closest('li').getBoundingClientRect().top)")

    assert len(lines) > 1, "the title should wrap in this test"
    # The link is laid out as lines of text, so the list number sits by its first line.
    assert abs(lines[0] - item_top) < 12


def test_the_admin_preview_shows_list_bullets(sample_site, page):
    make_user(
        username="editor-ed", password="a-long-editor-pass", is_staff=True, groups=["Editors"]
    )
    page.goto("/admin/")
    expect(page.get_by_role("link", name="View site")).to_have_count(0)  # Not before login.
    page.get_by_label("Username").fill("editor-ed")
    page.get_by_label("Password").fill("a-long-editor-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="msportal editors")).to_be_visible()
    expect(page.get_by_role("link", name="View site")).to_have_attribute("href", "/")

    page.goto("/admin/learn/article/add/")
    page.get_by_label("Body:", exact=True).fill("Before you start:\n\n- rest\n- water\n\n1. first")
    preview = page.locator(".markdown-preview-body")
    expect(preview.locator("ul li")).to_have_count(2)
    styles = preview.evaluate(
        """body => [...body.querySelectorAll('li')].map(li => getComputedStyle(li).listStyleType)"""
    )
    assert styles == ["disc", "disc", "decimal"]


def test_a_modules_quizzes_keep_the_reading_width_on_a_wide_screen(sample_site, new_context):
    """A quiz's introduction wrapped at the lesson list's width, not the window's (it ran to
    some 180 characters a line at 1280 px)."""
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(sample_site.module_url)
    lessons = page.locator(".lesson-list").evaluate("e => e.getBoundingClientRect().width")
    quizzes = page.locator(".quiz-list").evaluate("e => e.getBoundingClientRect().width")
    assert quizzes <= lessons + 1, f"quizzes {quizzes:.0f} px wide, lessons {lessons:.0f} px"
