"""The pages the accessibility audit and the screenshots visit, and how to reach each one.

An entry's `open` gets the sample site and the browser context, prepares what the page
needs (an account, progress, an attempt) and returns the path to open; `then`, if given,
acts on the loaded page to reach the state to audit (a form sent with mistakes). Adding a
page to the audit is one entry here; test_axe.py runs it in every display setting.
"""

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.helpers import SampleSite


@dataclass(frozen=True)
class AuditPage:
    name: str
    open: Callable[[SampleSite, object], str]
    status: int = 200
    then: Callable[[Page], None] | None = None


def _path(path):
    return lambda site, context: path


def learner_with_progress(
    site: SampleSite,
    context=None,
    *,
    submitted=True,
    assignment=None,
    user=None,
    wrong: Callable[[int], bool] = lambda number: number % 2 == 1,
):
    """A learner who finished the first lesson and took the module's quiz (or `assignment`).

    The answers to the questions numbered (from 0) where `wrong` says are wrong: by default
    every second one, so results show both right and missed answers. With a browser
    `context`, the context is logged in as the learner. Returns the attempt.
    """
    from groups.services import assignment_attempt_start
    from learn.models import Article
    from learn.services import lesson_mark_done
    from quizzes import services
    from quizzes.models import Quiz
    from tests.factories import make_user

    user = user or make_user()
    lesson = Article.objects.get(slug=site.lesson_url.rstrip("/").rsplit("/", 1)[-1])
    lesson_mark_done(article=lesson, user=user)
    quiz = assignment.quiz if assignment else Quiz.objects.get(slug=site.quiz.slug)
    if assignment is not None:
        attempt = assignment_attempt_start(quiz=quiz, user=user, assignment=assignment)
    else:
        attempt = services.attempt_start(quiz=quiz, user=user)
    questions = list(quiz.questions.prefetch_related("choices").order_by("position"))
    # In progress: half the questions answered, so the check page lists the others.
    answered = questions if submitted else questions[: len(questions) // 2]
    for number, question in enumerate(answered):
        choices = list(question.choices.all())
        if wrong(number):
            chosen = [next(c for c in choices if not c.is_correct)]
        else:
            chosen = [c for c in choices if c.is_correct]
        # Wrong answers given "sure", so a result page leads with what to check again.
        services.attempt_answer(
            attempt=attempt,
            question_id=question.pk,
            choice_ids=[c.pk for c in chosen],
            confidence=("sure" if wrong(number) else "fairly") if quiz.ask_confidence else None,
        )
    if submitted:
        services.attempt_submit(attempt=attempt)
    if context is not None:
        site.log_in(context, user)
    return attempt


def _result(site, context):
    attempt = learner_with_progress(site, context)
    return f"/quizzes/attempts/{attempt.pk}/result/"


def _submit_check(site, context):
    attempt = learner_with_progress(site, context, submitted=False)
    return f"/quizzes/attempts/{attempt.pk}/submit/"


def _step(site, context):
    attempt = learner_with_progress(site, context, submitted=False)
    return attempt.get_absolute_url()


def _check_with_nothing_chosen(page):
    """Press "Check my answer" with no choice: the error shows with the choices."""
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#choice-error")).to_be_visible()


def _open_every_review(page):
    """Open each question's review (collapsed by default), so the audit sees inside."""
    page.locator("details.review-item").evaluate_all("els => els.forEach(el => el.open = true)")
    expect(page.locator("details.review-item:not([open])")).to_have_count(0)


def _me(site, context):
    learner_with_progress(site, context)
    return "/accounts/me/"


def _settings(site, context):
    learner_with_progress(site, context)
    return "/accounts/settings/"


# --- spaced review (review app) ---


def _review(path):
    """A learner whose missed quiz questions wait in their review queue, at `path`."""

    def open_page(site, context):
        learner_with_progress(site, context)
        return path

    return open_page


def _answer_review_card(page):
    """Answer the card (the first choice, "Guessing"): the feedback is audited."""
    page.locator("#question-choices").get_by_role("radio").first.check()
    page.get_by_role("radio", name="Guessing").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator(".feedback__heading")).to_be_focused()


def _first_faq_answer(site, context):
    from learn.models import FAQ

    return (
        FAQ.objects.published().order_by("topic__position", "position").first().get_absolute_url()
    )


def _send_empty(button):
    """Send the page's form with nothing filled in, and wait for the error summary."""

    def act(page):
        page.get_by_role("button", name=button).click()
        expect(page.locator("#form-errors, .errorlist").first).to_be_visible()

    return act


AUDIT_PAGES = [
    AuditPage("home", _path("/")),
    AuditPage("modules", _path("/learn/")),
    AuditPage("module", lambda site, context: site.module_url),
    AuditPage("lesson", lambda site, context: site.lesson_url),
    AuditPage("faq", _path("/faq/")),
    AuditPage("faq-answer", _first_faq_answer),
    AuditPage("references", _path("/references/")),
    AuditPage("search", _path("/search/?q=probiotics")),
    AuditPage("search-corrected", _path("/search/?q=probiotcs")),
    AuditPage("quizzes", _path("/quizzes/")),
    AuditPage("quiz", lambda site, context: site.quiz_url),
    AuditPage("quiz-submit-check", _submit_check),
    AuditPage("quiz-result", _result),
    AuditPage("quiz-result-opened", _result, then=_open_every_review),
    AuditPage("quiz-step-empty-check", _step, then=_check_with_nothing_chosen),
    AuditPage("login", _path("/accounts/login/")),
    AuditPage("login-mistakes", _path("/accounts/login/"), then=_send_empty("Log in")),
    AuditPage("signup", _path("/accounts/signup/")),
    AuditPage("signup-mistakes", _path("/accounts/signup/"), then=_send_empty("Create my account")),
    AuditPage("password-reset", _path("/accounts/password_reset/")),
    AuditPage("my-progress", _me),
    AuditPage("account-settings", _settings),
    AuditPage("account-settings-mistakes", _settings, then=_send_empty("Save email address")),
    AuditPage("display-settings", _path("/display/")),
    AuditPage("not-found", _path("/no-such-page/"), status=404),
    AuditPage("review", _review("/review/")),
    AuditPage("review-step", _review("/review/practise/")),
    AuditPage("review-feedback", _review("/review/practise/"), then=_answer_review_card),
    AuditPage(
        "review-step-empty-check", _review("/review/practise/"), then=_check_with_nothing_chosen
    ),
]
