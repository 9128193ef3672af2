"""Taking a quiz through the pages: start, steps, htmx fragments, tampering, time limits."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.visitors import SESSION_KEY
from publishing.models import Status
from quizzes.models import Attempt, FeedbackTiming, Response
from tests.factories import make_article, make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, state, wrong_choice

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, attempt):
    return reverse(f"quizzes:{name}", args=[attempt.pk])


def template_names(response):
    return [template.name for template in response.templates]


def text(response):
    return response.content.decode()


@pytest.fixture
def learner(client):
    user = make_user()
    client.force_login(user)
    client.user = user
    return client


def start_through_the_page(client, quiz):
    response = client.post(quiz.get_absolute_url())
    assert response.status_code == 302
    return Attempt.objects.get(pk=response["Location"].split("/")[-2])


# --- the quizzes list and the quiz page ----------------------------------------------------


def test_quiz_list_shows_published_quizzes_with_module_questions_and_time(client):
    module = make_module(title="Your gut")
    make_quiz(title="Gut basics", module=module, questions=3)
    make_quiz(title="Timed one", questions=1, time_limit_minutes=15)
    make_quiz(title="Hidden draft", questions=1, status=Status.DRAFT)
    page = text(client.get(reverse("quizzes:quiz-list")))
    assert "Gut basics" in page and "Your gut" in page
    assert "No time limit" in page and "15 minutes" in page
    assert "Hidden draft" not in page


def test_quiz_list_shows_continue_and_best_score_for_this_learner(learner):
    quiz = make_quiz(title="Gut basics", questions=2)
    done = start(quiz, user=learner.user)
    question = quiz.questions.first()
    learner.post(
        url("attempt-answer", done), {"question": question.pk, "choice": right_choice(question).pk}
    )
    learner.post(url("attempt-submit", done), {"confirm": "1"})
    current = start(quiz, user=learner.user)
    page = text(learner.get(reverse("quizzes:quiz-list")))
    assert "Your best score" in page and "50%" in page
    assert "You have an attempt in progress." in page
    assert url("attempt-detail", current) in page


def test_quiz_page_shows_intro_module_rules_and_start(client):
    module = make_module(title="Your gut")
    quiz = make_quiz(module=module, questions=3, pass_percent=60, intro="About microbes.")
    page = text(client.get(quiz.get_absolute_url()))
    assert "About microbes." in page
    assert module.get_absolute_url() in page
    assert "60%" in page
    assert "No time limit. Take your time." in page
    assert "Start the quiz" in page


def test_quiz_page_of_a_draft_is_not_found(client):
    quiz = make_quiz(questions=1, status=Status.DRAFT)
    assert client.get(quiz.get_absolute_url()).status_code == 404
    assert client.post(quiz.get_absolute_url()).status_code == 404
    assert not Attempt.objects.exists()


def test_quiz_page_shows_a_time_limit_calmly(client):
    quiz = make_quiz(questions=1, time_limit_minutes=20)
    page = text(client.get(quiz.get_absolute_url()))
    assert "20 minutes." in page
    assert "Each answer is saved as soon as you give it." in page


def test_quiz_page_lists_previous_attempts_with_result_links(learner):
    quiz = make_quiz(questions=1, max_attempts=3)
    attempt = start(quiz, user=learner.user)
    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    page = text(learner.get(quiz.get_absolute_url()))
    assert url("attempt-result", attempt) in page
    assert "Not yet" in page
    assert "You have used 1 of 3." in page
    assert "Start a new attempt" in page


def test_start_creates_an_attempt_and_redirects_to_it(learner):
    quiz = make_quiz(questions=2)
    response = learner.post(quiz.get_absolute_url())
    attempt = Attempt.objects.get()
    assert response["Location"] == url("attempt-detail", attempt)
    assert attempt.user == learner.user


def test_start_again_resumes_and_says_so(learner):
    quiz = make_quiz(questions=2)
    first = start_through_the_page(learner, quiz)
    response = learner.post(quiz.get_absolute_url(), follow=True)
    assert Attempt.objects.get() == first
    assert "You have an attempt in progress" in text(response)
    assert "Continue the quiz" in text(learner.get(quiz.get_absolute_url()))


def test_start_with_no_attempts_left_says_why_and_creates_nothing(learner):
    quiz = make_quiz(questions=1, max_attempts=1)
    attempt = start(quiz, user=learner.user)
    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    page = text(learner.get(quiz.get_absolute_url()))
    assert "You have used the 1 attempt this quiz allows." in page
    assert "Start a new attempt" not in page
    response = learner.post(quiz.get_absolute_url(), follow=True)
    assert "You have used all the attempts this quiz allows." in text(response)
    assert Attempt.objects.count() == 1


def test_anonymous_visitor_can_start_and_owns_the_attempt(client):
    quiz = make_quiz(questions=1)
    attempt = start_through_the_page(client, quiz)
    assert attempt.user is None
    assert attempt.visitor_id == client.session[SESSION_KEY]
    assert client.get(url("attempt-detail", attempt)).status_code == 200


# --- ownership: everybody else gets 404 ----------------------------------------------------


@pytest.mark.parametrize("name", ["attempt-detail", "attempt-submit", "attempt-result"])
def test_another_learner_gets_404_on_every_attempt_page(client, name):
    attempt = start(make_quiz(questions=1))
    client.force_login(make_user())
    assert client.get(url(name, attempt)).status_code == 404


@pytest.mark.parametrize("name", ["attempt-detail", "attempt-submit", "attempt-result"])
def test_staff_get_404_on_learner_attempt_pages(admin_client, name):
    attempt = start(make_quiz(questions=1))
    assert admin_client.get(url(name, attempt)).status_code == 404


def test_another_anonymous_visitor_gets_404_and_changes_nothing(client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start_through_the_page(client, quiz)
    before = state(attempt)
    other = Client()
    other.post(make_quiz(questions=1).get_absolute_url())  # a visitor with attempts of their own
    assert other.session[SESSION_KEY] != client.session[SESSION_KEY]
    posted = {"question": question.pk, "choice": right_choice(question).pk}
    assert other.get(url("attempt-detail", attempt)).status_code == 404
    assert other.get(url("attempt-result", attempt)).status_code == 404
    assert other.post(url("attempt-answer", attempt), posted).status_code == 404
    assert other.post(url("attempt-flag", attempt), {"question": question.pk}).status_code == 404
    assert other.post(url("attempt-submit", attempt), {"confirm": "1"}).status_code == 404
    assert state(attempt) == before


def test_another_account_cannot_answer_flag_or_submit(learner):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    before = state(attempt)
    posted = {"question": question.pk, "choice": right_choice(question).pk}
    assert learner.post(url("attempt-answer", attempt), posted).status_code == 404
    assert learner.post(url("attempt-flag", attempt), {"question": question.pk}).status_code == 404
    assert learner.post(url("attempt-submit", attempt), {"confirm": "1"}).status_code == 404
    assert state(attempt) == before


@pytest.mark.parametrize(
    "path",
    [
        "/quizzes/attempts/not-a-uuid/",
        "/quizzes/attempts/12345/result/",
        "/quizzes/attempts/00000000-0000-0000-0000-000000000000/",
        "/quizzes/attempts/00000000-0000-0000-0000-000000000000/result/",
    ],
)
def test_malformed_or_unknown_attempt_ids_are_not_found(learner, path):
    assert learner.get(path).status_code == 404


@pytest.mark.parametrize("q", ["abc", "0", "-1", "3", "1.5", "", "²"])
def test_a_step_out_of_range_or_not_a_number_is_not_found(learner, q):
    attempt = start(make_quiz(questions=2), user=learner.user)
    assert learner.get(url("attempt-detail", attempt), {"q": q}).status_code == 404


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "attempt-answer"),
        ("get", "attempt-flag"),
        ("put", "attempt-submit"),
        ("post", "attempt-result"),
        ("post", "attempt-detail"),
        ("delete", "attempt-detail"),
    ],
)
def test_wrong_http_methods_are_refused(learner, method, name):
    attempt = start(make_quiz(questions=1), user=learner.user)
    before = state(attempt)
    assert getattr(learner, method)(url(name, attempt)).status_code == 405
    assert state(attempt) == before


def test_wrong_http_methods_on_quiz_pages_are_refused(client):
    quiz = make_quiz(questions=1)
    assert client.post(reverse("quizzes:quiz-list")).status_code == 405
    assert client.delete(quiz.get_absolute_url()).status_code == 405


# --- one question per step -----------------------------------------------------------------


def test_step_shows_one_question_as_a_fieldset_with_progress_and_navigation(learner):
    quiz = make_quiz(questions=3)
    first, second, third = quiz.questions.all()
    attempt = start(quiz, user=learner.user)
    page = text(learner.get(url("attempt-detail", attempt), {"q": 2}))
    assert "Question 2 of 3" in page
    assert re.search(r'<progress[^>]* max="3" value="2"', page)
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>" + re.escape(second.prompt), page)
    assert first.prompt not in page and third.prompt not in page
    step = page[page.index('id="question"') :]
    assert step.count('name="choice"') == 3
    assert "?q=1" in page and "?q=3" in page
    assert 'aria-current="step"' in page
    assert "Flag to come back" in page
    assert "Save and leave" in page and "saved as soon as you give it" in page
    assert "Finish and submit now" in page
    # The overview is collapsed behind its count; "Submit" is no longer a strong button here.
    overview = r"<details[^>]*step-overview[^>]*>\s*<summary>All questions \(0 of 3 answered\)"
    assert re.search(overview, page)
    assert "Submit my answers" not in page


def test_multiple_answer_question_uses_checkboxes(learner):
    quiz = make_quiz()
    make_question(quiz=quiz, kind="multiple", choices=[("a", True), ("b", True), ("c", False)])
    attempt = start(quiz, user=learner.user)
    page = text(learner.get(url("attempt-detail", attempt)))
    assert page.count('type="checkbox"') == 3
    assert "Choose all the answers that apply." in page


def test_step_defaults_to_the_first_unanswered_question(learner):
    quiz = make_quiz(questions=3, feedback_timing=FeedbackTiming.AT_END)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    learner.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": right_choice(first).pk}
    )
    assert "Question 2 of 3" in text(learner.get(url("attempt-detail", attempt)))


def test_answer_without_javascript_saves_and_redirects_to_the_next_step(learner):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.AT_END)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": wrong_choice(first).pk}
    )
    assert response.status_code == 302
    assert response["Location"] == url("attempt-detail", attempt) + "?q=2"
    assert Response.objects.get().question == first
    page = text(learner.get(response["Location"]))
    assert "Your answer is saved." in page
    assert "1 of 2 answered" in page


def test_answer_with_feedback_at_the_end_keeps_the_choice_selected_and_changeable(learner):
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.get()
    attempt = start(quiz, user=learner.user)
    chosen = wrong_choice(question)
    learner.post(url("attempt-answer", attempt), {"question": question.pk, "choice": chosen.pk})
    page = text(learner.get(url("attempt-detail", attempt), {"q": 1}))
    assert f'value="{chosen.pk}" checked' in page
    assert "You can change it until you submit." in page
    learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": right_choice(question).pk},
    )
    assert Response.objects.get().is_correct is True


def test_immediate_feedback_after_answering(learner):
    module = make_module()
    lesson = make_article(module=module)
    quiz = make_quiz(module=module, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = make_question(quiz=quiz, article=lesson, anchor="what-is-myelin")
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": wrong_choice(question).pk},
        follow=True,
    )
    page = text(response)
    assert "Not quite" in page
    assert question.explanation in page
    assert wrong_choice(question).feedback in page
    assert f"{lesson.get_absolute_url()}#what-is-myelin" in page
    assert "Review this in the lesson" in page
    # Kind words: nothing a reader sees (text, not markup) says "fail" or "wrong!".
    shown = re.sub(r"<[^>]+>", " ", page).lower()
    assert "fail" not in shown and "wrong!" not in shown
    assert 'name="choice"' not in page  # answered: no form to change it


def test_changing_an_answer_after_immediate_feedback_is_refused_clearly(learner):
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.get()
    attempt = start(quiz, user=learner.user)
    learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": wrong_choice(question).pk},
    )
    before = state(attempt)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": right_choice(question).pk},
    )
    assert response.status_code == 400
    assert "cannot be changed" in text(response)
    assert state(attempt) == before


# --- tampering through the page: a clear error, nothing changed -----------------------------


def _tamper_cases(quiz, other_quiz):
    first, second = quiz.questions.all()
    foreign = other_quiz.questions.get()
    a, b = first.choices.all()[:2]
    return {
        "choice of another question": (
            {"question": first.pk, "choice": right_choice(second).pk},
            "not one of the choices",
        ),
        "question of another quiz": (
            {"question": foreign.pk, "choice": right_choice(foreign).pk},
            "not part of this quiz",
        ),
        "two choices on a single-choice question": (
            {"question": first.pk, "choice": [a.pk, b.pk]},
            "Choose one answer only.",
        ),
        "duplicate choices": ({"question": first.pk, "choice": [a.pk, a.pk]}, "only once"),
        "too many choices": (
            {"question": first.pk, "choice": [a.pk] * 4},
            "more answers than this question has",
        ),
        "no choice": ({"question": first.pk}, "Choose an answer first."),
        "empty choice": ({"question": first.pk, "choice": ""}, "not one of the choices"),
        "non-integer choice": ({"question": first.pk, "choice": "abc"}, "not one of the choices"),
        "negative choice": ({"question": first.pk, "choice": "-1"}, "not one of the choices"),
        "non-integer question": ({"question": "abc", "choice": a.pk}, "not part of this quiz"),
        "empty question": ({"question": "", "choice": a.pk}, "not part of this quiz"),
        "negative question": ({"question": "-1", "choice": a.pk}, "not part of this quiz"),
    }


CASES = [
    "choice of another question",
    "question of another quiz",
    "two choices on a single-choice question",
    "duplicate choices",
    "too many choices",
    "no choice",
    "empty choice",
    "non-integer choice",
    "negative choice",
    "non-integer question",
    "empty question",
    "negative question",
]


@pytest.mark.parametrize("case", CASES)
def test_tampered_answer_gets_a_clear_error_and_changes_nothing(learner, case):
    quiz = make_quiz(questions=2)
    other_quiz = make_quiz(questions=1)
    attempt = start(quiz, user=learner.user)
    posted, message = _tamper_cases(quiz, other_quiz)[case]
    before = state(attempt)
    response = learner.post(url("attempt-answer", attempt), posted)
    assert response.status_code == 400
    assert message in text(response)
    assert state(attempt) == before


@pytest.mark.parametrize("case", CASES)
def test_tampered_answer_through_htmx_shows_the_error_in_the_step(learner, case):
    quiz = make_quiz(questions=2)
    other_quiz = make_quiz(questions=1)
    attempt = start(quiz, user=learner.user)
    posted, message = _tamper_cases(quiz, other_quiz)[case]
    before = state(attempt)
    response = learner.post(url("attempt-answer", attempt), posted, headers=HTMX)
    assert response.status_code == 200  # htmx swaps only successful responses
    assert "question" in template_names(response)
    assert message in text(response)
    assert "data-announce" in text(response)
    assert state(attempt) == before


def test_answer_to_a_submitted_attempt_goes_to_the_result_and_changes_nothing(learner):
    quiz = make_quiz(questions=2)
    first, second = quiz.questions.all()
    attempt = start(quiz, user=learner.user)
    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    before = state(attempt)
    response = learner.post(
        url("attempt-answer", attempt), {"question": second.pk, "choice": right_choice(second).pk}
    )
    assert response["Location"] == url("attempt-result", attempt)
    assert "already submitted" in text(learner.get(response["Location"]))
    assert state(attempt) == before
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": second.pk, "choice": right_choice(second).pk},
        headers=HTMX,
    )
    assert response["HX-Redirect"] == url("attempt-result", attempt)
    assert state(attempt) == before


def test_a_submitted_attempt_page_redirects_to_the_result(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    assert learner.get(url("attempt-detail", attempt))["Location"] == url("attempt-result", attempt)


# --- htmx: fragment for htmx, whole page otherwise -----------------------------------------


def test_htmx_step_request_gets_only_the_question_partial(learner):
    attempt = start(make_quiz(questions=2), user=learner.user)
    full = learner.get(url("attempt-detail", attempt), {"q": 2})
    fragment = learner.get(url("attempt-detail", attempt), {"q": 2}, headers=HTMX)
    assert "base.html" in template_names(full)
    assert "<html" in text(full)
    assert "question" in template_names(fragment)
    assert "base.html" not in template_names(fragment)
    assert "<html" not in text(fragment)
    # The fragment starts with the tab's new title (htmx moves it to document.title).
    assert re.match(
        r'<title>Question 2 of 2: [^<]+ · msportal</title>\s*<section id="question"',
        text(fragment).strip(),
    )
    assert "<title>" not in text(full)[text(full).index("<body") :]
    assert "Question 2 of 2" in text(fragment)
    assert "HX-Request" in full["Vary"]


def test_htmx_history_restore_gets_the_whole_page(learner):
    attempt = start(make_quiz(questions=2), user=learner.user)
    response = learner.get(
        url("attempt-detail", attempt), headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in text(response)


def test_htmx_answer_returns_the_next_step_and_pushes_its_url(learner):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.AT_END)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": first.pk, "choice": right_choice(first).pk},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "question" in template_names(response)
    assert "<html" not in text(response)
    assert "Question 2 of 2" in text(response)
    assert 'data-announce="Your answer is saved."' in text(response)
    assert response["HX-Push-Url"] == url("attempt-detail", attempt) + "?q=2"
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_htmx_answer_with_immediate_feedback_returns_and_announces_the_feedback(learner):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.IMMEDIATE)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    response = learner.post(
        url("attempt-answer", attempt),
        {"question": first.pk, "choice": right_choice(first).pk},
        headers=HTMX,
    )
    page = text(response)
    assert "Question 1 of 2" in page
    assert 'data-announce="Correct."' in page
    assert first.explanation in page
    assert re.search(r'class="feedback__heading" tabindex="-1" data-focus', page)


def test_flag_without_javascript_and_with_htmx(learner):
    quiz = make_quiz(questions=2)
    second = quiz.questions.last()
    attempt = start(quiz, user=learner.user)
    response = learner.post(url("attempt-flag", attempt), {"question": second.pk, "flagged": "1"})
    assert response["Location"] == url("attempt-detail", attempt) + "?q=2"
    page = text(learner.get(response["Location"]))
    assert "You flagged this question to come back to." in page
    assert "not answered, flagged" in page
    response = learner.post(
        url("attempt-flag", attempt), {"question": second.pk, "flagged": "0"}, headers=HTMX
    )
    assert "question" in template_names(response)
    assert 'data-announce="Flag removed."' in text(response)
    assert Attempt.objects.get(pk=attempt.pk).flagged == []


def test_overview_says_answered_flagged_and_not_answered_in_words(learner):
    quiz = make_quiz(questions=3, feedback_timing=FeedbackTiming.AT_END)
    first, second, _third = quiz.questions.all()
    attempt = start(quiz, user=learner.user)
    learner.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": right_choice(first).pk}
    )
    learner.post(url("attempt-flag", attempt), {"question": second.pk, "flagged": "1"})
    statuses = re.findall(
        r'class="step-list__status">([^<]*)<', text(learner.get(url("attempt-detail", attempt)))
    )
    assert statuses == ["answered", "not answered, flagged", "not answered"]


# --- submit --------------------------------------------------------------------------------


def test_submit_with_unanswered_questions_asks_first_and_lists_them(learner):
    quiz = make_quiz(questions=5)
    questions = list(quiz.questions.all())
    attempt = start(quiz, user=learner.user)
    for index in (0, 2, 3):
        question = questions[index]
        learner.post(
            url("attempt-answer", attempt),
            {"question": question.pk, "choice": right_choice(question).pk},
        )
    response = learner.post(url("attempt-submit", attempt))
    assert response["Location"] == url("attempt-submit", attempt)
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None
    page = text(learner.get(response["Location"]))
    assert "You have not answered questions 2 and 5." in page
    assert url("attempt-detail", attempt) + "?q=2" in page
    assert url("attempt-detail", attempt) + "?q=5" in page
    assert "Submit anyway" in page
    response = learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    assert response["Location"] == url("attempt-result", attempt)
    assert Attempt.objects.get(pk=attempt.pk).score == 3.0


def test_submit_with_everything_answered_grades_straight_away(learner):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz, user=learner.user)
    learner.post(
        url("attempt-answer", attempt),
        {"question": question.pk, "choice": right_choice(question).pk},
    )
    response = learner.post(url("attempt-submit", attempt))
    assert response["Location"] == url("attempt-result", attempt)
    assert Attempt.objects.get(pk=attempt.pk).passed is True


def test_double_submit_through_the_page_grades_once(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    first = state(attempt)
    response = learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    assert response["Location"] == url("attempt-result", attempt)
    assert state(attempt) == first


# --- resume --------------------------------------------------------------------------------


def test_a_resumed_shuffled_attempt_shows_the_same_order(learner):
    quiz = make_quiz(questions=8, shuffle_questions=True, shuffle_choices=True)
    attempt = start_through_the_page(learner, quiz)
    first_look = [text(learner.get(url("attempt-detail", attempt), {"q": n})) for n in (1, 5)]
    resumed = start_through_the_page(learner, quiz)
    assert resumed == attempt
    second_look = [text(learner.get(url("attempt-detail", attempt), {"q": n})) for n in (1, 5)]
    choice_ids = [re.findall(r'name="choice" value="(\d+)"', page) for page in first_look]
    assert choice_ids == [re.findall(r'name="choice" value="(\d+)"', p) for p in second_look]
    first_question = quiz.questions.get(pk=attempt.question_order[0])
    assert first_question.prompt in first_look[0]


# --- time limit ----------------------------------------------------------------------------


def test_time_left_is_shown_as_text(learner, settings):
    settings.TIME_ZONE = "UTC"
    attempt = start(make_quiz(questions=1, time_limit_minutes=18), user=learner.user)
    page = text(learner.get(url("attempt-detail", attempt)))
    deadline = timezone.localtime(attempt.deadline_at).strftime("%H:%M")
    assert re.search(rf"You have until <time[^>]*>{deadline} UTC</time>", page)
    assert "about 18 minutes left" in page
    assert "js/quiz.js" in page
    assert "aria-live" not in page.split('class="time-left"')[1].split("</p>")[0]


def test_no_time_text_without_a_time_limit(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    assert "You have until" not in text(learner.get(url("attempt-detail", attempt)))


def test_time_over_submits_what_was_answered_on_the_next_visit(learner, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=2, time_limit_minutes=10)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    learner.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": right_choice(first).pk}
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=31)
    )
    response = learner.get(url("attempt-detail", attempt))
    assert response["Location"] == url("attempt-result", attempt)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score) == (1.0, 2.0)
    assert "The time for this quiz is over" in text(learner.get(response["Location"]))


def test_answer_after_time_and_grace_is_refused_and_the_attempt_submitted(learner, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=2, time_limit_minutes=10)
    second = quiz.questions.last()
    attempt = start(quiz, user=learner.user)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = learner.post(
        url("attempt-answer", attempt), {"question": second.pk, "choice": right_choice(second).pk}
    )
    assert response["Location"] == url("attempt-result", attempt)
    assert not Response.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is not None


def test_answer_within_the_grace_period_is_saved(learner, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=2, time_limit_minutes=10)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=5)
    )
    response = learner.post(
        url("attempt-answer", attempt), {"question": first.pk, "choice": right_choice(first).pk}
    )
    assert response.status_code == 302
    assert Response.objects.get().is_correct is True
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


# --- no leaks: nothing about the right answer before the learner may see it ----------------


def _secret_question(quiz, tag):
    question = make_question(
        quiz=quiz,
        prompt=f"Prompt {tag}?",
        explanation=f"Explanation-secret-{tag}",
        choices=[(f"Alpha {tag}", False), (f"Bravo {tag}", True), (f"Charlie {tag}", False)],
    )
    for choice in question.choices.all():
        choice.feedback = f"Feedback-secret-{tag}-{choice.pk}"
        choice.misconception = f"Misconception-secret-{tag}-{choice.pk}"
        choice.save()
    return question


def _secrets(question):
    values = [question.explanation]
    for choice in question.choices.all():
        values += [choice.feedback, choice.misconception]
    return values


def _assert_no_leak(page, *questions):
    for question in questions:
        for secret in _secrets(question):
            assert secret not in page
    assert "correct" not in page.lower()
    assert "tag--right" not in page and "Right answer<" not in page


def _assert_choices_alike(page, question):
    """The right choice's markup is the same as every other choice's, text and id aside."""
    labels = re.findall(r'<label class="choice".*?</label>', page, flags=re.S)
    assert len(labels) == question.choices.count()
    shapes = {
        label.replace(str(choice.pk), "ID").replace(choice.text, "TEXT")
        for label, choice in zip(labels, question.choices.all(), strict=True)
    }
    assert len(shapes) == 1


def _pages(client, attempt, quiz, step):
    detail = url("attempt-detail", attempt)
    return [
        text(client.get(detail, {"q": step})),
        text(client.get(detail, {"q": step}, headers=HTMX)),
        text(client.get(url("attempt-submit", attempt))),
        text(client.get(quiz.get_absolute_url())),
        text(client.get(reverse("quizzes:quiz-list"))),
    ]


@pytest.mark.parametrize("timing", [FeedbackTiming.IMMEDIATE, FeedbackTiming.AT_END])
def test_no_answer_details_in_the_html_before_the_question_is_answered(learner, timing):
    quiz = make_quiz(feedback_timing=timing)
    first, second = _secret_question(quiz, "one"), _secret_question(quiz, "two")
    attempt = start_through_the_page(learner, quiz)
    detail = url("attempt-detail", attempt)
    assert learner.get(url("attempt-result", attempt))["Location"] == detail
    for page in _pages(learner, attempt, quiz, 1):
        _assert_no_leak(page, first, second)
    _assert_choices_alike(text(learner.get(detail, {"q": 1})), first)
    _assert_choices_alike(text(learner.get(detail, {"q": 2})), second)

    # Answer the first question (through htmx); the second stays secret in every mode.
    answered = text(
        learner.post(
            url("attempt-answer", attempt),
            {"question": first.pk, "choice": wrong_choice(first).pk},
            headers=HTMX,
        )
    )
    for page in _pages(learner, attempt, quiz, 2):
        if timing == FeedbackTiming.AT_END:
            _assert_no_leak(page, first, second)
        for secret in _secrets(second):
            assert secret not in page
    _assert_choices_alike(text(learner.get(detail, {"q": 2})), second)
    first_step = text(learner.get(detail, {"q": 1}))
    if timing == FeedbackTiming.IMMEDIATE:
        assert first.explanation in answered and first.explanation in first_step
        assert wrong_choice(first).feedback in first_step
        for secret in _secrets(second):
            assert secret not in answered and secret not in first_step
        # Only the chosen choice's feedback, never the labels editors keep for educators.
        assert right_choice(first).feedback not in first_step
        assert all(c.misconception not in first_step for c in first.choices.all())
    else:
        _assert_no_leak(answered, first, second)
        _assert_no_leak(first_step, first, second)
        assert learner.get(url("attempt-result", attempt))["Location"] == detail

    learner.post(url("attempt-submit", attempt), {"confirm": "1"})
    result = text(learner.get(url("attempt-result", attempt)))
    assert first.explanation in result and second.explanation in result


def test_the_step_number_does_not_fill_the_site_search_box(learner):
    attempt = start(make_quiz(questions=2), user=learner.user)
    page = text(learner.get(url("attempt-detail", attempt), {"q": 2}))
    assert 'id="site-search"' in page
    assert not re.search(r'id="site-search"[^>]*value="2"', page)
