"""Quizzes in Spanish: a translation's questions and choices point at the source's; attempts
always belong to the source quiz and record the language; the pages show the published
translation's words, or English with the notice."""

import pytest
from django.utils import translation

from learn.objectives import LearningObjective
from publishing.models import Status
from quizzes import services
from quizzes.models import Attempt, FeedbackTiming, Quiz
from tests.factories import make_module, make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, state, wrong_choice
from tests.quizzes.translating import en, es, make_translation

pytestmark = pytest.mark.django_db

FALLBACK = "This page has not been translated into your language yet"
FALLBACK_ES = "Esta página aún no está traducida a su idioma"


def test_copy_related_for_translation_copies_questions_choices_and_links():
    module = make_module()
    objective = LearningObjective.objects.create(module=module, code="o1", text="I can")
    quiz = make_quiz(module=module)
    question = make_question(quiz=quiz, kind="multiple", keep_choice_order=True, anchor="why")
    question.objectives.add(objective)
    question.choices.filter(position=2).update(misconception="probiotics cure MS")

    spanish = make_translation(quiz, reword=False)

    copy = spanish.questions.get()
    assert copy.source_question == question
    assert list(question.translations.all()) == [copy]
    assert (copy.kind, copy.prompt, copy.explanation, copy.anchor, copy.keep_choice_order) == (
        question.kind,
        question.prompt,
        question.explanation,
        "why",
        True,
    )
    assert list(copy.objectives.all()) == [objective]
    pairs = [
        (c.source_choice_id, c.position, c.text, c.is_correct, c.feedback, c.misconception)
        for c in copy.choices.order_by("position")
    ]
    assert pairs == [
        (c.pk, c.position, c.text, c.is_correct, c.feedback, c.misconception)
        for c in question.choices.order_by("position")
    ]
    # The source is untouched and still has only its own question.
    assert list(quiz.questions.all()) == [question]


def test_attempt_records_the_active_language_and_belongs_to_the_source():
    quiz = make_quiz(questions=2)
    make_translation(quiz)
    with translation.override("es"):
        attempt = start(quiz)
    assert attempt.language == "es"
    assert attempt.quiz_id == quiz.pk
    assert set(attempt.question_order) == set(quiz.questions.values_list("pk", flat=True))
    assert start(make_quiz(questions=1)).language == "en"


def test_language_is_recorded_from_a_regional_variant():
    quiz = make_quiz(questions=1)
    with translation.override("es-mx"):
        assert start(quiz).language == "es"


def test_an_attempt_cannot_start_on_a_translation():
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    with translation.override("es"), pytest.raises(services.QuizNotFound):
        start(spanish)
    assert not Attempt.objects.exists()


def test_grading_is_the_same_in_both_languages():
    quiz = make_quiz(questions=2)
    make_translation(quiz)
    questions = list(quiz.questions.all())
    results = []
    for language in ("en", "es"):
        with translation.override(language):
            attempt = start(quiz)
            services.attempt_answer(
                attempt=attempt,
                question_id=questions[0].pk,
                choice_ids=[right_choice(questions[0]).pk],
            )
            services.attempt_answer(
                attempt=attempt,
                question_id=questions[1].pk,
                choice_ids=[wrong_choice(questions[1]).pk],
            )
            attempt = services.attempt_submit(attempt=attempt)
        results.append((attempt.score, attempt.max_score, attempt.percent, attempt.passed))
    assert results[0] == results[1] == (1.0, 2.0, 50.0, False)


# --- bad input: a translation's ids are not answerable ids -------------------------------


def test_a_translated_question_id_is_refused_and_changes_nothing():
    quiz = make_quiz(questions=2)
    spanish = make_translation(quiz)
    with translation.override("es"):
        attempt = start(quiz)
    copy = spanish.questions.first()
    before = state(attempt)
    with pytest.raises(services.WrongQuestion):
        services.attempt_answer(
            attempt=attempt, question_id=copy.pk, choice_ids=[right_choice(copy).pk]
        )
    with pytest.raises(services.WrongQuestion):
        services.attempt_flag(attempt=attempt, question_id=copy.pk, flagged=True)
    assert state(attempt) == before


def test_a_translated_choice_id_is_refused_and_changes_nothing():
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    question = quiz.questions.get()
    translated_right = right_choice(spanish.questions.get())
    with translation.override("es"):
        attempt = start(quiz)
    before = state(attempt)
    with pytest.raises(services.InvalidChoice):
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[translated_right.pk]
        )
    assert state(attempt) == before


def test_the_step_page_refuses_a_translated_choice_id(client):
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    question = quiz.questions.get()
    user = make_user()
    client.force_login(user)
    with translation.override("es"):
        attempt = start(quiz, user=user)
    before = state(attempt)
    response = client.post(
        es("quizzes:attempt-answer", attempt.pk),
        {"question": question.pk, "choice": right_choice(spanish.questions.get()).pk},
    )
    assert response.status_code == 400
    assert "[es] " + question.prompt in response.text  # the step again, in Spanish
    assert state(attempt) == before


def test_a_translations_slug_is_no_quiz_page(client):
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    assert client.get(es("quizzes:quiz-detail", spanish.slug)).status_code == 404
    assert client.post(es("quizzes:quiz-detail", spanish.slug)).status_code == 404
    assert not Attempt.objects.exists()


# --- pages --------------------------------------------------------------------------------


def test_quiz_page_in_spanish_shows_the_translation(client):
    quiz = make_quiz(questions=1)
    make_translation(quiz)
    page = client.get(es("quizzes:quiz-detail", quiz.slug)).text
    assert f"[es] {quiz.title}" in page and f"[es] {quiz.intro}" in page
    assert FALLBACK_ES not in page


def test_quiz_page_without_a_published_translation_is_english_with_the_notice(client):
    quiz = make_quiz(questions=1)
    make_translation(quiz, status=Status.DRAFT)
    page = client.get(es("quizzes:quiz-detail", quiz.slug)).text
    assert quiz.title in page and "[es]" not in page
    assert FALLBACK_ES in page


def test_english_pages_show_no_notice_and_no_spanish(client):
    quiz = make_quiz(questions=1)
    make_translation(quiz)
    page = client.get(en("quizzes:quiz-detail", quiz.slug)).text
    assert "[es]" not in page and FALLBACK not in page


def test_step_feedback_and_result_in_spanish(client):
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.IMMEDIATE)
    make_translation(quiz)
    first, second = quiz.questions.order_by("position")
    user = make_user()
    client.force_login(user)
    with translation.override("es"):
        response = client.post(es("quizzes:quiz-detail", quiz.slug))
    attempt = Attempt.objects.get()
    assert attempt.language == "es"

    step = client.get(es("quizzes:attempt-detail", attempt.pk), {"q": 1}).text
    assert f"[es] {first.prompt}" in step
    assert f"[es] {right_choice(first).text}" in step
    # The form still answers with the source's ids.
    assert f'value="{right_choice(first).pk}"' in step

    response = client.post(
        es("quizzes:attempt-answer", attempt.pk),
        {"question": first.pk, "choice": wrong_choice(first).pk},
    )
    assert response.status_code == 302
    feedback = client.get(es("quizzes:attempt-detail", attempt.pk), {"q": 1}).text
    assert f"[es] {first.explanation}" in feedback
    assert f"[es] {wrong_choice(first).feedback}" in feedback

    client.post(es("quizzes:attempt-submit", attempt.pk), {"confirm": "1"})
    result = client.get(es("quizzes:attempt-result", attempt.pk)).text
    assert f"[es] {quiz.title}" in result
    assert f"[es] {first.prompt}" in result and f"[es] {second.prompt}" in result
    assert f"[es] {first.explanation}" in result
    # The same attempt read in English is in English: the record itself is language-free.
    english = client.get(en("quizzes:attempt-result", attempt.pk)).text
    assert "[es]" not in english and first.prompt in english


def test_steps_fall_back_to_english_with_the_notice(client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    user = make_user()
    client.force_login(user)
    with translation.override("es"):
        attempt = start(quiz, user=user)
    step = client.get(es("quizzes:attempt-detail", attempt.pk)).text
    assert question.prompt in step and FALLBACK_ES in step
    submit = client.get(es("quizzes:attempt-submit", attempt.pk)).text
    assert FALLBACK_ES in submit


def test_a_question_added_after_the_translation_shows_in_english(client):
    quiz = make_quiz(questions=1)
    make_translation(quiz)
    later = make_question(quiz=quiz)
    user = make_user()
    client.force_login(user)
    with translation.override("es"):
        attempt = start(quiz, user=user)
    step = client.get(es("quizzes:attempt-detail", attempt.pk), {"q": 2}).text
    assert later.prompt in step and f"[es] {later.prompt}" not in step


def test_the_translation_is_never_listed_as_a_quiz(client):
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    page = client.get(es("quizzes:quiz-list")).text
    assert spanish.get_absolute_url() not in page
    assert Quiz.objects.published().sources().get() == quiz


# --- query budget: the words of a translation cost the same for 3 questions or 15 ---------


def _spanish_counts(client, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quiz = make_quiz(questions=size, feedback_timing=FeedbackTiming.IMMEDIATE)
    make_translation(quiz)
    questions = list(quiz.questions.order_by("position"))
    user = make_user()
    client.force_login(user)
    with translation.override("es"):
        attempt = start(quiz, user=user)
    for question in questions[: size // 2]:
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[wrong_choice(question).pk]
        )
    pages = {
        "quiz page": lambda: client.get(es("quizzes:quiz-detail", quiz.slug)),
        "step": lambda: client.get(es("quizzes:attempt-detail", attempt.pk), {"q": 1}),
        "api attempt": lambda: client.get(
            f"/api/v1/attempts/{attempt.pk}/", HTTP_ACCEPT_LANGUAGE="es"
        ),
        "result": lambda: (
            services.attempt_submit(attempt=attempt),
            client.get(es("quizzes:attempt-result", attempt.pk)),
        )[1],
    }
    counts = {}
    for name, call in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code == 200, (name, response.status_code)
        assert "[es]" in response.content.decode(), name
        counts[name] = len(queries)
    return counts


def test_spanish_pages_make_as_many_queries_for_3_questions_as_for_15(client):
    assert _spanish_counts(client, 3) == _spanish_counts(client, 15)
