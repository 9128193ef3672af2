"""The before-and-after journey: the educator makes the assignment with the form, a learner
takes the before test, finds the after test opened only then, and the educator's dashboard
shows what was gained."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import answer_step, expect_step
from tests.browser.test_journeys import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _take(page, key, *, right):
    """Answer every question (right where `right(number)` says) and submit."""
    total = len(key.right)
    for number in range(1, total + 1):
        expect_step(page, number, total)
        answer_step(page, key, right=right(number))
        expect(page.locator(".feedback__heading")).to_be_visible()
        if number < total:
            page.get_by_role("link", name="Next", exact=True).click()
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text(re.compile(r"You scored \d+ out of"))).to_be_visible()


def _classmates(assignment, count=4):
    """Classmates who took both tests already, each knowing more after."""
    from groups import gain
    from groups.models import Membership
    from quizzes import services

    for n in range(count):
        user = make_user(username=f"mate{n}", first_name=f"Mate{n}")
        Membership.objects.create(group=assignment.group, user=user)
        for step, wrong_from in (("before", 1), ("after", 3 + n)):
            attempt, _ = gain.start_step(assignment=assignment, user=user, asked=step)
            for number, question in enumerate(assignment.quiz.questions.order_by("position")):
                choices = list(question.choices.all())
                right = [c for c in choices if c.is_correct]
                pick = (
                    right if number < wrong_from else [c for c in choices if not c.is_correct][:1]
                )
                services.attempt_answer(
                    attempt=attempt,
                    question_id=question.pk,
                    choice_ids=[c.pk for c in pick],
                    confidence="sure",  # the sample quizzes ask how sure
                )
            services.attempt_submit(attempt=attempt)


def test_before_and_after_from_the_form_to_the_gain(sample_site, new_context):
    from groups import services as group_services
    from groups.models import Assignment, Membership

    key = sample_site.quiz
    educator_user = make_user(
        username="nurse-nadia", password="a-long-clinic-pass", groups=["Educators"]
    )
    rosa = make_user(
        username="rosa", password="a-long-learner-pass", first_name="Rosa", last_name="Silva"
    )
    group = group_services.group_create(educator=educator_user, name="Tuesday clinic class")
    Membership.objects.create(group=group, user=rosa)
    educator, learner = new_context().new_page(), new_context().new_page()

    # The educator makes a before-and-after assignment with the same quiz before and after.
    sign_in(educator, "nurse-nadia", "a-long-clinic-pass")
    educator.goto(f"/groups/{group.pk}/assignments/new/")
    educator.get_by_label("Quiz").select_option(label=key.title)
    educator.get_by_label("Before and after").check()
    expect(educator.get_by_label("Before test")).to_have_value("")  # the same quiz
    educator.get_by_role("button", name="Add assignment").click()
    expect(educator.get_by_role("heading", level=1)).to_have_text(f"Results: {key.title}")
    expect(educator.get_by_role("heading", name="Before and after")).to_be_visible()
    assignment = Assignment.objects.get()
    assert assignment.pre_quiz_id == assignment.quiz_id

    # The learner sees three steps; the after test is not open yet.
    sign_in(learner, "rosa", "a-long-learner-pass")
    learner.goto(f"/groups/{group.pk}/assignments/{assignment.pk}/")
    steps = learner.locator(".gain-steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(1)).to_contain_text("Read the module")
    expect(steps.nth(2)).to_contain_text("This opens once you have submitted the before test.")
    expect(learner.get_by_role("button", name="Start the after test")).to_have_count(0)

    # Before: mostly wrong. Then the after test opens; after: all right.
    learner.get_by_role("button", name="Start the before test").click()
    _take(learner, key, right=lambda number: number == 1)
    learner.goto(f"/groups/{group.pk}/assignments/{assignment.pk}/")
    expect(steps.nth(0)).to_contain_text("Your before test:")
    learner.get_by_role("button", name="Start the after test").click()
    _take(learner, key, right=lambda number: True)
    learner.goto(f"/groups/{group.pk}/assignments/{assignment.pk}/")
    expect(steps.nth(2)).to_contain_text("after.")
    expect(steps.nth(2)).to_contain_text("100%")

    # With classmates' results, the dashboard leads with the gain in plain words.
    _classmates(assignment)
    educator.reload()
    gain = educator.get_by_role("region", name="Before and after")
    expect(gain.locator(".gain-headline")).to_contain_text("Most learners knew more after")
    row = gain.get_by_role("row").filter(has_text="Rosa Silva")
    expect(row.get_by_role("cell").nth(1)).to_have_text("100%")
    total = len(key.right)
    expect(row.get_by_role("cell").nth(2)).to_have_text(str(round(100 - 100 / total)))
