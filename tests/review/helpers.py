"""Helpers for the review tests: a quiz taken with some answers wrong or guessed."""

from quizzes import services as quiz_services
from quizzes.attempt_models import Response
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice, wrong_choice


def take_quiz(*, quiz=None, user=None, visitor_id="", answers=("wrong", "right"), guessed=()):
    """Submit an attempt at `quiz` (a new one with as many questions as `answers`), answering
    each question "wrong" or "right" in order; question numbers in `guessed` (from 0) are
    marked "Guessing". Returns (quiz, attempt)."""
    if quiz is None:
        quiz = make_quiz(questions=len(answers))
    if user is None and not visitor_id:
        user = make_user()
    attempt = quiz_services.attempt_start(quiz=quiz, user=user, visitor_id=visitor_id)
    questions = list(quiz.questions.order_by("position"))
    for number, (question, how) in enumerate(zip(questions, answers, strict=False)):
        choice = right_choice(question) if how == "right" else wrong_choice(question)
        quiz_services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[choice.pk]
        )
        if number in guessed:
            Response.objects.filter(attempt=attempt, question=question).update(
                confidence="guessing"
            )
    return quiz, quiz_services.attempt_submit(attempt=attempt)
