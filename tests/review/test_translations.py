"""The review step pages in Spanish: the card's source question in the published
translation's words, or English with the notice; the answer still uses the source's ids."""

import pytest
from django.urls import reverse
from django.utils import translation

from review.models import ReviewCard
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice
from tests.quizzes.translating import make_translation
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db


def es(name, *args):
    with translation.override("es"):
        return reverse(name, args=args)


def test_review_card_in_spanish_then_its_feedback(client):
    user = make_user()
    client.force_login(user)
    quiz = make_quiz(questions=1)
    make_translation(quiz)
    take_quiz(quiz=quiz, user=user, answers=("wrong",))
    card = ReviewCard.objects.get()
    question = card.question
    step = client.get(es("review:step")).text
    assert f"[es] {question.prompt}" in step
    assert f'value="{right_choice(question).pk}"' in step
    assert "Esta página aún no está traducida" not in step

    data = {"choice": [right_choice(question).pk], "confidence": "sure"}
    assert client.post(es("review:answer", card.pk), data).status_code == 302
    feedback = client.get(es("review:card", card.pk)).text
    assert f"[es] {question.explanation}" in feedback


def test_review_card_without_a_translation_is_english_with_the_notice(client):
    user = make_user()
    client.force_login(user)
    quiz, _attempt = take_quiz(user=user, answers=("wrong",))
    step = client.get(es("review:step")).text
    assert quiz.questions.get().prompt in step
    assert "Esta página aún no está traducida" in step
