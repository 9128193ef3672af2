"""The result page: score, review from the stored snapshots, what to do next."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from publishing.models import Status
from quizzes.models import Attempt, FeedbackTiming
from tests.factories import make_article, make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice

pytestmark = pytest.mark.django_db


def url(name, attempt, query=""):
    return reverse(f"quizzes:{name}", args=[attempt.pk]) + query


@pytest.fixture
def learner(client):
    client.user = make_user()
    client.force_login(client.user)
    return client


def answer(client, attempt, question, choice):
    response = client.post(
        url("attempt-answer", attempt), {"question": question.pk, "choice": choice.pk}
    )
    assert response.status_code == 302


def submit(client, attempt):
    response = client.post(url("attempt-submit", attempt), {"confirm": "1"})
    assert response["Location"] == url("attempt-result", attempt)


def result_page(client, attempt, query=""):
    response = client.get(url("attempt-result", attempt, query))
    assert response.status_code == 200
    return response.content.decode()


def test_result_before_submit_redirects_to_the_attempt(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    assert learner.get(url("attempt-result", attempt))["Location"] == url("attempt-detail", attempt)


def test_result_shows_score_percent_and_passed(learner):
    quiz = make_quiz(questions=4, pass_percent=75)
    attempt = start(quiz, user=learner.user)
    for question in list(quiz.questions.all())[:3]:
        answer(learner, attempt, question, right_choice(question))
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert "You scored 3 out of 4 (75%)." in page
    assert "Passed" in page
    assert "Well done." in page


def test_result_below_the_pass_mark_says_not_yet_kindly_and_never_fail(learner):
    quiz = make_quiz(questions=2, pass_percent=70)
    first = quiz.questions.first()
    attempt = start(quiz, user=learner.user)
    answer(learner, attempt, first, right_choice(first))
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert "You scored 1 out of 2 (50%)." in page
    assert "Not yet" in page
    assert "try again when you feel ready" in page
    assert "fail" not in page.lower()


def test_result_reviews_each_question_from_the_snapshot(learner):
    module = make_module()
    lesson = make_article(module=module)
    quiz = make_quiz(module=module, feedback_timing=FeedbackTiming.AT_END)
    question = make_question(quiz=quiz, article=lesson, anchor="gut-flora")
    unanswered = make_question(quiz=quiz)
    attempt = start(quiz, user=learner.user)
    chosen = wrong_choice(question)
    answer(learner, attempt, question, chosen)
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert question.prompt in page and unanswered.prompt in page
    assert "Your answer" in page and "Right answer" in page
    assert chosen.text in page and right_choice(question).text in page
    assert question.explanation in page
    assert chosen.feedback in page
    assert right_choice(question).feedback not in page  # only the chosen choice's feedback
    assert f'href="{lesson.get_absolute_url()}#gut-flora"' in page
    assert "Not quite" in page and "Not answered" in page
    assert "You did not answer this question." in page


def test_review_link_is_left_out_for_a_lesson_that_is_not_public(learner):
    lesson = make_article(status=Status.DRAFT)
    quiz = make_quiz()
    question = make_question(quiz=quiz, article=lesson)
    attempt = start(quiz, user=learner.user)
    answer(learner, attempt, question, right_choice(question))
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert lesson.get_absolute_url() not in page
    assert "Review this in the lesson" not in page


def test_show_only_what_i_missed(learner):
    quiz = make_quiz(questions=3)
    first, second, third = quiz.questions.all()
    attempt = start(quiz, user=learner.user)
    answer(learner, attempt, first, right_choice(first))
    answer(learner, attempt, second, wrong_choice(second))
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert url("attempt-result", attempt, "?missed=1") in page
    assert "Show only what I missed (2 questions)" in page
    missed = result_page(learner, attempt, "?missed=1")
    assert first.prompt not in missed
    assert second.prompt in missed and third.prompt in missed
    assert "Show all questions" in missed


def test_show_only_what_i_missed_when_nothing_was_missed(learner):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz, user=learner.user)
    answer(learner, attempt, question, right_choice(question))
    submit(learner, attempt)
    assert "Show only what I missed" not in result_page(learner, attempt)
    assert "You did not miss any questions." in result_page(learner, attempt, "?missed=1")


def test_editing_a_question_after_answering_does_not_change_the_recorded_answer_or_score(
    learner,
):
    quiz = make_quiz(feedback_timing=FeedbackTiming.AT_END)
    question = make_question(
        quiz=quiz,
        prompt="Do probiotics cure MS?",
        explanation="No study shows that.",
        choices=[("No", True), ("Yes", False)],
    )
    other = make_question(quiz=quiz)
    attempt = start(quiz, user=learner.user)
    no, yes = question.choices.all()
    answer(learner, attempt, question, no)
    answer(learner, attempt, other, wrong_choice(other))

    # An editor rewrites the question and turns the answer around, before the submit ...
    question.prompt = "Edited prompt?"
    question.explanation = "Edited explanation."
    question.save()
    no.text, no.is_correct, no.feedback = "Edited no", False, "Edited feedback."
    no.save()
    yes.is_correct = True
    yes.save()
    submit(learner, attempt)
    # ... and again after it.
    other.prompt = "Other edited?"
    other.save()
    other.choices.update(is_correct=True)

    page = result_page(learner, attempt)
    assert "You scored 1 out of 2 (50%)." in page
    assert "Do probiotics cure MS?" in page and "No study shows that." in page
    assert "Edited" not in page
    assert other.prompt not in page
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score) == (1.0, 2.0)
    assert attempt.responses.get(question=question).is_correct is True


def test_try_again_when_attempts_are_left(learner):
    quiz = make_quiz(questions=1, max_attempts=2)
    attempt = start(quiz, user=learner.user)
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert "Try again" in page
    assert f'action="{quiz.get_absolute_url()}"' in page
    assert "You have used 1 of 2 attempts." in page
    response = learner.post(quiz.get_absolute_url())
    second = Attempt.objects.get(number=2)
    assert response["Location"] == url("attempt-detail", second)


def test_no_try_again_when_no_attempts_are_left_and_it_says_why(learner):
    quiz = make_quiz(questions=1, max_attempts=1)
    attempt = start(quiz, user=learner.user)
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert "Try again" not in page
    assert "You have used the 1 attempt this quiz allows" in page


def test_result_lists_each_lesson_to_review_once_linked_to_its_section(learner):
    module = make_module(title="Gut and brain")
    fibre = make_article(module=module, title="Lesson about fibre")
    sleep = make_article(module=module, title="Lesson about sleep")
    draft = make_article(module=module, title="Unpublished lesson", status=Status.DRAFT)
    quiz = make_quiz(module=module)
    missed = [
        make_question(quiz=quiz, article=fibre, anchor="what-fibre-does"),
        make_question(quiz=quiz, article=fibre, anchor="fibre-and-microbes"),
        make_question(quiz=quiz, article=draft, anchor="hidden"),
    ]
    right = make_question(quiz=quiz, article=sleep, anchor="sleep-well")
    attempt = start(quiz, user=learner.user)
    for question in missed:
        answer(learner, attempt, question, wrong_choice(question))
    answer(learner, attempt, right, right_choice(right))
    submit(learner, attempt)
    page = result_page(learner, attempt)
    to_review = page[page.index('id="to-review-heading"') : page.index('id="review-heading"')]
    # One entry per lesson, at the section of the first question missed there.
    assert to_review.count(fibre.get_absolute_url()) == 1
    assert f'href="{fibre.get_absolute_url()}#what-fibre-does"' in to_review
    assert "(questions 1, 2)" in to_review
    assert sleep.title not in to_review  # answered right: nothing to review there
    assert draft.title not in page
    assert module.get_absolute_url() in page


def test_result_offers_the_next_published_module_and_try_again_before_the_review(learner):
    module = make_module(title="Gut and brain", position=1)
    make_module(title="Later draft", position=2, status=Status.DRAFT)
    following = make_module(title="Probiotics", position=3)
    quiz = make_quiz(module=module, questions=2)
    attempt = start(quiz, user=learner.user)
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert "Later draft" not in page
    next_link = page.index(f'href="{following.get_absolute_url()}"')
    try_again = page.index("Try again")
    review = page.index('id="review-heading"')
    assert page.index("You scored") < try_again < review
    assert next_link < review
    assert "Next: Probiotics" in page
    # Each question's review is collapsed: a disclosure per question.
    assert page.count('<details class="review-item') == 2


def test_result_of_the_last_module_points_to_all_modules(learner):
    module = make_module(title="The very last module", position=10_000)
    attempt = start(make_quiz(module=module, questions=1), user=learner.user)
    submit(learner, attempt)
    page = result_page(learner, attempt)
    assert reverse("learn:module-list") in page and "All modules" in page
    assert "Next:" not in page


def test_feedback_says_per_choice_whether_choosing_it_was_right(learner):
    quiz = make_quiz()
    question = make_question(
        quiz=quiz,
        kind="multiple",
        choices=[("Diet", True), ("Genes", True), ("Price", False), ("Colour", False)],
    )
    attempt = start(quiz, user=learner.user)
    diet, genes, price, colour = question.choices.order_by("position")
    response = learner.post(
        url("attempt-answer", attempt), {"question": question.pk, "choice": [diet.pk, price.pk]}
    )
    assert response.status_code == 302
    submit(learner, attempt)
    page = result_page(learner, attempt)
    verdicts = {
        text: page[page.index(f">{text}<") :].split("</li>")[0]
        for text in ("Diet", "Genes", "Price", "Colour")
    }
    assert "You chose this: right" in verdicts["Diet"]
    assert "You did not choose this: it is right" in verdicts["Genes"]
    assert "You chose this: not right" in verdicts["Price"]
    assert "Not chosen: right to leave out" in verdicts["Colour"]
    # A choice's own note sits with that choice, never as a general "About your answer".
    assert "About Price." in verdicts["Price"] and "About Colour." not in page
    assert "About your answer" not in page
    # The overall verdict is said once for the question.
    assert page.count("Not quite") == 1


def test_anonymous_visitor_is_invited_to_make_an_account_once(client):
    first_quiz, second_quiz = make_quiz(questions=1), make_quiz(questions=1)
    pages = []
    for quiz in (first_quiz, second_quiz):
        client.post(quiz.get_absolute_url())
        attempt = quiz.attempts.get()
        client.post(url("attempt-submit", attempt), {"confirm": "1"})
        pages.append(client.get(url("attempt-result", attempt)).content.decode())
    first_again = client.get(url("attempt-result", first_quiz.attempts.get())).content.decode()
    assert pages[0].count("Keep your progress") == 1
    assert reverse("accounts:signup") + "?next=" in pages[0]
    assert "Keep your progress" in first_again
    assert "Keep your progress" not in pages[1]


def test_signed_in_learner_is_not_invited_to_make_an_account(learner):
    attempt = start(make_quiz(questions=1), user=learner.user)
    submit(learner, attempt)
    assert "Keep your progress" not in result_page(learner, attempt)


def test_anonymous_visitor_sees_their_result(client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    response = client.post(quiz.get_absolute_url())
    attempt = Attempt.objects.get()
    assert response["Location"] == url("attempt-detail", attempt)
    answer(client, attempt, question, right_choice(question))
    submit(client, attempt)
    assert "You scored 1 out of 1 (100%)." in result_page(client, attempt)


def test_result_of_a_timed_out_attempt_is_graded_on_the_way(learner):
    quiz = make_quiz(questions=1, time_limit_minutes=5)
    attempt = start(quiz, user=learner.user)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert "You scored 0 out of 1 (0%)." in result_page(learner, attempt)
