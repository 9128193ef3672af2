"""Journeys through the site as people take them: by role and name, clicks and keys."""

import csv
import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    COUNT_MOUSE_PRESSES,
    answer_step,
    answer_step_by_keyboard,
    expect_step,
    mouse_presses,
    press_link_or_button,
)
from tests.factories import make_reviewer, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_first_lesson_and_mark_it_done(page, site):
    """From the home page to the module's first lesson, marked as done."""
    page.goto("/")
    page.get_by_role("link", name=site.module_title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.module_title)
    page.get_by_role("link", name="Start the first lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.lesson_title)
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()

    page.get_by_role("button", name="Mark as done").click()

    expect(page.get_by_text("You marked this lesson as done.")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Lesson marked as done.")


def test_anonymous_learner_reads_marks_done_and_takes_the_quiz_by_keyboard(sample_site, page):
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    page.add_init_script(COUNT_MOUSE_PRESSES)
    read_first_lesson_and_mark_it_done(page, sample_site)

    # From here on, keys only.
    page.evaluate("() => sessionStorage.setItem('test-mouse-presses', '0')")
    press_link_or_button(
        page, page.get_by_role("link", name=sample_site.module_title, exact=True), backwards=True
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(sample_site.module_title)
    press_link_or_button(page, page.get_by_role("link", name=key.title, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(key.title)
    press_link_or_button(page, page.get_by_role("button", name="Start the quiz"))

    for number in range(1, total + 1):
        expect_step(page, number, total)
        if number == 7:
            # Half way: the page is reloaded and the learner carries on where they were.
            page.reload()
            expect_step(page, number, total)
            expect(page.get_by_text(f"6 of {total} answered")).to_be_visible()
        # The first answer is wrong, so the result has a missed question to review.
        answer_step_by_keyboard(page, key, right=number > 1)
        expect(page.locator(".feedback__heading")).to_be_focused()
        expect(page.locator(".feedback__heading")).to_have_text(
            "Correct" if number > 1 else "Not quite"
        )
        if number < total:
            press_link_or_button(page, page.get_by_role("link", name="Next", exact=True))

    press_link_or_button(page, page.get_by_role("link", name="Check and submit"))
    expect(page.get_by_text(f"You have answered all {total} questions.")).to_be_visible()
    press_link_or_button(page, page.get_by_role("button", name="Submit my answers"))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your result: {key.title}")
    expect(page.get_by_text(f"You scored {total - 1} out of {total}")).to_be_visible()
    expect(page.get_by_role("heading", name="Question 1: Not quite")).to_be_visible()
    what_to_review = page.get_by_role("region", name="What to review")
    press_link_or_button(page, what_to_review.get_by_role("link").first)

    expect(page.get_by_role("heading", level=1)).to_have_text(sample_site.lesson_title)
    assert re.search(r"#[\w-]+$", page.url), "the link leads to the lesson's section"
    expect(page.get_by_text("You marked this lesson as done.")).to_be_visible()
    assert mouse_presses(page) == 0


def test_learner_who_signs_up_finds_their_progress_and_attempt_on_my_progress(sample_site, page):
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    read_first_lesson_and_mark_it_done(page, sample_site)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=sample_site.module_title
    ).click()
    page.get_by_role("link", name=key.title, exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()
    for number in (1, 2):
        expect_step(page, number, total)
        answer_step(page, key)
        expect(page.locator(".feedback__heading")).to_have_text("Correct")
        page.get_by_role("link", name="Next", exact=True).click()
    page.get_by_role("link", name="Save and leave").click()

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("river-reader")
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-walk-by-the-river")
    page.get_by_label("Password again").fill("a-long-walk-by-the-river")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Your account is ready and you are logged in.")).to_be_visible()
    page.get_by_role("link", name="My progress").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    module_card = page.locator(".card").filter(
        has=page.get_by_role("heading", name=sample_site.module_title)
    )
    expect(module_card.get_by_role("link", name=sample_site.lesson_title)).to_be_visible()
    attempt_card = page.locator(".card").filter(has=page.get_by_role("heading", name=key.title))
    expect(attempt_card).to_contain_text("In progress")
    attempt_card.get_by_role("link", name="Carry on").click()
    expect_step(page, 3, total)
    expect(page.get_by_text(f"2 of {total} answered")).to_be_visible()


def test_quiz_works_from_start_to_result_without_javascript(sample_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    page.goto("/quizzes/")
    page.get_by_role("link", name=key.title, exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()

    for number in range(1, total + 1):
        expect_step(page, number, total)
        answer_step(page, key, right=number % 3 != 0)
        expect(page.locator(".feedback__heading")).to_have_text(
            "Not quite" if number % 3 == 0 else "Correct"
        )
        if number < total:
            page.get_by_role("link", name="Next", exact=True).click()
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your result: {key.title}")
    right = total - total // 3
    expect(page.get_by_text(f"You scored {right} out of {total}")).to_be_visible()
    assert page.evaluate("() => typeof window.htmx") == "undefined", "no script ran"


def choose_in_autocomplete(page, field, search, option):
    """Pick `option` in one of the admin's autocomplete boxes (select2), as an editor does."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def test_editor_writes_previews_and_publishes_a_lesson_that_visitors_then_see(
    sample_site, page, new_context
):
    today = datetime.date.today()
    last_review = today - datetime.timedelta(days=3)
    next_review = today + datetime.timedelta(days=365)
    make_user(
        username="editor-eve", password="a-long-editor-pass", is_staff=True, groups=["Editors"]
    )
    make_reviewer(username="dr-rui", password="a-long-reviewer-pass")
    visitor = new_context().new_page()

    page.goto("/admin/")
    page.get_by_label("Username").fill("editor-eve")
    page.get_by_label("Password").fill("a-long-editor-pass")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Lessons", exact=True).click()
    page.get_by_role("link", name="Add lesson").click()

    choose_in_autocomplete(page, "module", "Understanding", sample_site.module_title)
    page.get_by_label("Position:", exact=True).fill("9")
    page.get_by_label("Title:", exact=True).fill("Living well with fatigue")
    page.get_by_label("Summary:", exact=True).fill(
        "Small changes that help many people with MS manage tiredness."
    )
    page.get_by_label("Body:", exact=True).fill(
        "Fatigue is one of the most common MS symptoms.[^1]\n\n"
        "## Pace yourself\n\nPlan rest between tasks."
    )
    page.get_by_label("Evidence level:", exact=True).select_option(label="Established")
    choose_in_autocomplete(page, "author", "editorial", "msportal editorial team")
    choose_in_autocomplete(page, "medical_reviewer", "Sample", "Sample reviewer")
    page.get_by_label("Last medically reviewed:", exact=True).fill(f"{last_review:%Y-%m-%d}")
    page.get_by_label("Next review due:", exact=True).fill(f"{next_review:%Y-%m-%d}")
    choose_in_autocomplete(page, "reference", "National", "National Multiple Sclerosis Society")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The public address of the draft: the editor sees a preview, a visitor sees nothing.
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Living well with fatigue")
    expect(page.get_by_text("Preview: not published.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.locator(".lesson__sources")).to_contain_text("National Multiple Sclerosis Society")
    expect(page.locator(".meta")).to_contain_text("Sample reviewer")
    for date in (last_review, next_review):
        expect(page.locator(f'.meta time[datetime="{date:%Y-%m-%d}"]')).to_be_visible()
    lesson_url = page.url
    assert visitor.goto(lesson_url).status == 404
    visitor.goto(sample_site.module_url)
    expect(visitor.get_by_role("link", name="Living well with fatigue")).to_have_count(0)

    # Four eyes: a medical reviewer, not the editor who wrote it, approves the text first.
    page.go_back()
    change_url = page.url
    reviewer_page = new_context().new_page()
    reviewer_page.goto("/admin/")
    reviewer_page.get_by_label("Username").fill("dr-rui")
    reviewer_page.get_by_label("Password").fill("a-long-reviewer-pass")
    reviewer_page.get_by_role("button", name="Log in").click()
    reviewer_page.goto(change_url)
    reviewer_page.get_by_role("button", name="Approve medical review").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("approved")

    page.reload()
    page.get_by_label("Status:", exact=True).select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert visitor.goto(lesson_url).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Living well with fatigue")
    expect(visitor.get_by_text("Preview: not published.")).to_have_count(0)
    visitor.goto(sample_site.module_url)
    expect(visitor.get_by_role("link", name="Living well with fatigue")).to_be_visible()


def percent(part, whole, places=0):
    """A score as the pages write it: learners see a whole percentage (floatformat:0), the
    educator's dashboard one decimal (floatformat:1); halves rounded up."""
    exact = (Decimal(100 * part) / whole).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return int(exact) if places == 0 else exact


def sign_in(page, username, password):
    """From the home page, through the header's Log in link, as anyone signs in."""
    page.goto("/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_educator_runs_a_group_whose_learner_completes_the_assignment(sample_site, new_context):
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    due = datetime.date.today() + datetime.timedelta(days=14)
    make_user(username="nurse-nadia", password="a-long-clinic-pass", groups=["Educators"])
    make_user(username="rosa", password="a-long-learner-pass", first_name="Rosa", last_name="Silva")
    educator, learner = new_context().new_page(), new_context().new_page()

    # The educator makes a group, reads its join code and assigns the module's quiz.
    sign_in(educator, "nurse-nadia", "a-long-clinic-pass")
    educator.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    educator.get_by_label("Name").fill("Tuesday clinic class")
    educator.get_by_role("button", name="Create group").click()
    expect(educator.get_by_role("heading", level=1)).to_have_text("Tuesday clinic class")
    code = educator.locator(".join-code--large").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(educator.locator(".messages")).to_contain_text(f"Share the join code {code}")
    educator.get_by_role("link", name="New assignment").click()
    educator.get_by_label("Quiz").select_option(label=key.title)
    educator.get_by_label("Due").fill(f"{due:%Y-%m-%d}T17:00")
    educator.get_by_label("Instructions").fill("Take the quiz after the first lesson.")
    educator.get_by_role("button", name="Add assignment").click()
    expect(educator.get_by_role("heading", level=1)).to_have_text(f"Results: {key.title}")
    expect(educator.locator("#small-group-note")).to_contain_text("0 of 0 learners")

    # The learner joins with the code, finds the assignment at home and takes the quiz.
    sign_in(learner, "rosa", "a-long-learner-pass")
    learner.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    learner.get_by_role("link", name="Join a group with a code").click()
    learner.get_by_label("Join code").fill(code.lower().replace("-", " "))
    learner.get_by_role("button", name="Join").click()
    expect(learner.get_by_text("Welcome to Tuesday clinic class.")).to_be_visible()
    learner.get_by_role("link", name=re.compile("msportal")).first.click()
    my_assignments = learner.get_by_role("region", name="My assignments")
    expect(my_assignments).to_contain_text("Not started")
    expect(my_assignments).to_contain_text(f"Due {due:%-d %B %Y}, 17:00")
    my_assignments.get_by_role("link", name=key.title).click()
    expect(learner.get_by_text("Take the quiz after the first lesson.")).to_be_visible()
    learner.get_by_role("button", name="Start").click()
    for number in range(1, total + 1):
        expect_step(learner, number, total)
        # One wrong answer, so the score is neither 0 nor 100.
        answer_step(learner, key, right=number > 1)
        expect(learner.locator(".feedback__heading")).to_be_visible()
        if number < total:
            learner.get_by_role("link", name="Next", exact=True).click()
    learner.get_by_role("link", name="Check and submit").click()
    learner.get_by_role("button", name="Submit my answers").click()
    expect(learner.get_by_text(f"You scored {total - 1} out of {total}")).to_be_visible()
    learner.get_by_role("link", name=re.compile("msportal")).first.click()
    score = percent(total - 1, total)
    expect(my_assignments).to_contain_text("Submitted")
    expect(my_assignments).to_contain_text(f"Your score: {score}%")

    # The educator sees the result on the dashboard and downloads it.
    educator.reload()
    row = educator.get_by_role("row").filter(has_text="Rosa Silva")
    expect(row.get_by_role("cell").first).to_have_text("Submitted")
    expect(row).to_contain_text(f"{percent(total - 1, total, places=1)}%")
    expect(educator.locator("#small-group-note")).to_contain_text("1 of 1 learners has")
    with educator.expect_download() as download:
        educator.get_by_role("link", name="Download learners (CSV)").click()
    assert download.value.suggested_filename.endswith("-learners.csv")
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0][:6] == [
        "Learner",
        "Username",
        "Status",
        "Counted score (%)",
        "Reached pass mark",
        "Attempts used",
    ]
    assert rows[1][:3] == ["Rosa Silva", "rosa", "Submitted"]
    assert round(float(rows[1][3])) == score
    assert rows[1][5] == "1"
