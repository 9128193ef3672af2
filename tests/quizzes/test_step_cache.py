"""The quiz step's shared words come from the cache (quizzes/views/step_words.py): an edit or a
publish shows on the very next request, and nothing one learner did shows to another."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from publishing import pagecache
from publishing.models import Status
from quizzes.models import Choice, FeedbackTiming, Question
from tests.factories import make_article, make_module, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice
from tests.quizzes.translating import make_translation

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _learner(quiz):
    """A signed-in client with a fresh attempt at `quiz`."""
    user = make_user()
    client = Client()
    client.force_login(user)
    return client, start(quiz, user=user)


def _step(client, attempt, number=1, *, language="en", **kwargs):
    with translation.override(language):
        url = reverse("quizzes:attempt-detail", args=[attempt.pk])
    response = client.get(url, {"q": number}, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def _number(attempt, question):
    """The step at which `attempt` shows `question`."""
    return attempt.question_order.index(question.pk) + 1


def _answer(client, attempt, question, choice, **extra):
    url = reverse("quizzes:attempt-answer", args=[attempt.pk])
    data = {"question": question.pk, "choice": choice.pk, **extra}
    assert client.post(url, data).status_code == 302


def _checked(page):
    """The values of the inputs shown as picked."""
    return set(re.findall(r'name="(?:choice|confidence)" value="([^"]+)" checked', page))


def test_the_shared_words_really_come_from_the_cache():
    """A change that sends no signal is not seen: the tests below mean something."""
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    client, attempt = _learner(quiz)
    assert question.prompt in _step(client, attempt)
    Question.objects.filter(pk=question.pk).update(prompt="Changed quietly?")
    Choice.objects.filter(question=question).update(text="Quiet choice")
    page = _step(client, attempt)
    assert question.prompt in page
    assert "Changed quietly?" not in page and "Quiet choice" not in page


def test_an_edit_to_the_question_or_a_choice_shows_on_the_very_next_request():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    client, attempt = _learner(quiz)
    _step(client, attempt)
    _step(client, attempt, headers=HTMX)  # the htmx partial is warm too
    question.prompt = "Which food feeds gut bacteria?"
    question.save()
    choice = right_choice(question)
    choice.text = "Fibre from plants"
    choice.save()
    for page in (_step(client, attempt), _step(client, attempt, headers=HTMX)):
        assert "Which food feeds gut bacteria?" in page
        assert "Fibre from plants" in page


def test_a_new_lesson_link_shows_in_the_next_feedback():
    module = make_module()
    lesson = make_article(module=module, title="Gut bacteria")
    quiz = make_quiz(module=module, questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.get()
    client, attempt = _learner(quiz)
    _answer(client, attempt, question, wrong_choice(question))
    page = _step(client, attempt)
    assert question.explanation in page and "Review this in the lesson" not in page
    question.explanation = "Because fibre feeds them."
    question.article = lesson
    question.anchor = "fibre"
    question.save()
    page = _step(client, attempt)
    assert f'href="{lesson.get_absolute_url()}#fibre"' in page
    # The words of an answered question stay those it was answered with (its snapshot).
    assert "Because fibre feeds them." not in page


def test_a_deleted_question_leaves_the_steps_at_once():
    quiz = make_quiz(questions=3)
    first, second, third = quiz.questions.order_by("position")
    client, attempt = _learner(quiz)
    assert "Question 1 of 3" in _step(client, attempt)
    second.delete()
    page = _step(client, attempt, 2)
    assert "Question 2 of 2" in page and third.prompt in page


def test_a_published_spanish_translation_shows_on_the_next_spanish_step():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    spanish = make_translation(quiz, status=Status.DRAFT)
    client, attempt = _learner(quiz)
    draft = _step(client, attempt, language="es")
    assert question.prompt in draft and f"[es] {question.prompt}" not in draft
    assert "Esta página aún no está traducida a su idioma" in draft
    spanish.status = Status.PUBLISHED
    spanish.save()
    page = _step(client, attempt, language="es")
    assert f"[es] {question.prompt}" in page
    assert f"[es] {right_choice(question).text}" in page
    assert f"[es] {quiz.title}" in page
    assert "Esta página aún no está traducida a su idioma" not in page
    # The English step of the same attempt keeps the English words (cached apart).
    english = _step(client, attempt)
    assert question.prompt in english and "[es]" not in english


def test_an_edit_to_a_spanish_choice_shows_on_the_next_spanish_step():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    spanish = make_translation(quiz)
    client, attempt = _learner(quiz)
    _step(client, attempt, language="es")
    words = Choice.objects.get(question__quiz=spanish, source_choice=right_choice(question))
    words.text = "Fibra de las plantas"
    words.save()
    assert "Fibra de las plantas" in _step(client, attempt, language="es")


def test_one_learners_answer_never_shows_in_anothers_step():
    """Same question, same cached words: each learner sees only their own answer."""
    quiz = make_quiz(questions=2, ask_confidence=True, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.order_by("position").first()
    first, first_attempt = _learner(quiz)
    second, second_attempt = _learner(quiz)
    _step(second, second_attempt)  # the shared words are cached before the first answers
    chosen = wrong_choice(question)
    _answer(first, first_attempt, question, chosen, confidence="guessing")
    mine = _step(first, first_attempt, _number(first_attempt, question))
    assert _checked(mine) == {str(chosen.pk), "guessing"}
    assert "Your saved answer is selected" in mine
    assert "1 of 2 answered" in mine
    theirs = _step(second, second_attempt, _number(second_attempt, question))
    assert question.prompt in theirs
    assert _checked(theirs) == set()
    assert "Your saved answer is selected" not in theirs
    assert "0 of 2 answered" in theirs
    assert first_attempt.get_absolute_url() not in theirs


def test_one_learners_feedback_never_shows_in_anothers_step():
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.get()
    first, first_attempt = _learner(quiz)
    second, second_attempt = _learner(quiz)
    _answer(first, first_attempt, question, wrong_choice(question))
    assert "You chose this: not right" in _step(first, first_attempt)
    theirs = _step(second, second_attempt)
    assert "You chose this" not in theirs and "Not quite" not in theirs
    assert 'name="choice"' in theirs  # still to be answered
    _answer(second, second_attempt, question, right_choice(question))
    theirs = _step(second, second_attempt)
    assert "You chose this: right" in theirs and "You chose this: not right" not in theirs


def test_each_attempt_keeps_its_own_choice_order():
    quiz = make_quiz(questions=1, shuffle_choices=True)
    question = quiz.questions.get()
    ids = list(question.choices.order_by("position").values_list("pk", flat=True))
    first, first_attempt = _learner(quiz)
    second, second_attempt = _learner(quiz)
    orders = {first_attempt.pk: ids, second_attempt.pk: ids[::-1]}
    for attempt, order in ((first_attempt, ids), (second_attempt, ids[::-1])):
        attempt.choice_order = {str(question.pk): order}
        attempt.save(update_fields=["choice_order"])
    for client, attempt in ((first, first_attempt), (second, second_attempt)):
        page = _step(client, attempt)
        shown = [int(pk) for pk in re.findall(r'name="choice" value="(\d+)"', page)]
        assert shown == orders[attempt.pk]


def _step_queries(client, attempt, number, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        _step(client, attempt, number, **kwargs)
    return len(queries)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_warm_step_runs_fewer_queries_whatever_the_questions_and_attempts(headers):
    """Cold (the words are read once) or warm, the count is the same for 3 questions or 30,
    and other learners' attempts change nothing; warm, the words cost no query at all."""
    counts = []
    for size in (3, 30):
        quiz = make_quiz(questions=size, feedback_timing=FeedbackTiming.IMMEDIATE)
        questions = list(quiz.questions.order_by("position"))
        for _ in range(size // 3):  # other learners, with answers of their own
            other, other_attempt = _learner(quiz)
            _answer(other, other_attempt, questions[0], wrong_choice(questions[0]))
        client, attempt = _learner(quiz)
        _answer(client, attempt, questions[0], right_choice(questions[0]))
        pagecache.invalidate()  # content changed: the shared words are read again
        cold = _step_queries(client, attempt, 1, headers=headers)
        warm = _step_queries(client, attempt, 2, headers=headers)
        counts.append((cold, warm))
    assert counts[0] == counts[1]
    cold, warm = counts[0]
    # Session, user, attempt, its answers; cold adds the quiz's questions and their choices.
    assert warm == 4
    # Cold: the quiz's questions, their choices, and when content next changes on a schedule.
    assert cold == warm + 3


def test_the_spanish_step_runs_no_more_queries_than_the_english_once_warm():
    quiz = make_quiz(questions=4)
    make_translation(quiz)
    client, attempt = _learner(quiz)
    _step(client, attempt, language="es")
    _step(client, attempt)
    assert _step_queries(client, attempt, 2, language="es") == _step_queries(client, attempt, 2)


# --- the quiz's settings come with its words; parts of the step kept per process ----------


def test_an_edit_to_the_quizs_settings_shows_on_the_very_next_step():
    """The step takes the quiz itself from the shared words (no join per request)."""
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.AT_END)
    client, attempt = _learner(quiz)
    page = _step(client, attempt)
    assert "How sure are you?" not in page and "Save answer" in page
    quiz.ask_confidence = True
    quiz.feedback_timing = FeedbackTiming.IMMEDIATE
    quiz.title = "Gut and brain, checked"
    quiz.save()
    for page in (_step(client, attempt), _step(client, attempt, headers=HTMX)):
        assert "How sure are you?" in page and "Check my answer" in page
    assert "Gut and brain, checked" in _step(client, attempt)


def test_the_step_reads_no_quiz_row_once_warm():
    quiz = make_quiz(questions=2)
    client, attempt = _learner(quiz)
    _step(client, attempt)
    with CaptureQueriesContext(connection) as queries:
        _step(client, attempt, 2)
    assert not [q for q in queries if '"quizzes_quiz"' in q["sql"]]


def test_the_kept_confidence_and_listen_parts_are_per_language_and_answer():
    quiz = make_quiz(questions=2, ask_confidence=True, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.order_by("position").first()
    first, first_attempt = _learner(quiz)
    second, second_attempt = _learner(quiz)
    _answer(first, first_attempt, question, wrong_choice(question), confidence="guessing")
    number = _number(first_attempt, question)
    for _ in range(2):  # the second time from the kept parts
        english = _step(first, first_attempt, number)
        assert "How sure are you?" in english and "Listen to the question" in english
        assert _checked(english) == {str(wrong_choice(question).pk), "guessing"}
        spanish = _step(first, first_attempt, number, language="es")
        assert "¿Cuánta seguridad tiene?" in spanish and "Escuchar la pregunta" in spanish
        assert "How sure are you?" not in spanish and "Listen to the question" not in spanish
        assert 'value="guessing" checked' in spanish
        theirs = _step(second, second_attempt, _number(second_attempt, question))
        assert "How sure are you?" in theirs and _checked(theirs) == set()


def test_a_confidence_error_shows_only_on_the_answer_it_refused():
    quiz = make_quiz(questions=2, ask_confidence=True, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.order_by("position").first()
    client, attempt = _learner(quiz)
    number = _number(attempt, question)
    _step(client, attempt, number)
    url = reverse("quizzes:attempt-answer", args=[attempt.pk])
    refused = client.post(url, {"question": question.pk, "choice": right_choice(question).pk})
    assert refused.status_code == 400
    assert 'id="confidence-error"' in refused.content.decode()
    again = _step(client, attempt, number)
    assert 'id="confidence-error"' not in again and "choices--error" not in again
    assert "How sure are you?" in again
