"""Nobody passes a sample quiz by position: always picking the first choice scores under half.

A visitor takes every sample quiz through the real services (start, answer, submit), picking
the first choice shown each time (for a multiple-answer question, only the first choice):
in the attempt's own shuffled order (the services' random source seeded, several seeds) and
in the files' own order (the quiz set not to shuffle), which is what editors, previews and a
quiz without shuffling show.
"""

import random

import pytest

from quizzes import services
from quizzes.models import Quiz
from tests.sample_content import load_sample_content

pytestmark = pytest.mark.django_db

SAMPLE_SLUGS = {"ms-basics", "gut-brain-axis", "probiotics-evidence", "reading-the-evidence"}
SEEDS = [0, 1, 2, 3, 4, 5, 6, 7]


@pytest.fixture
def sample_quizzes():
    load_sample_content()
    quizzes = list(Quiz.objects.published().order_by("slug"))
    assert {quiz.slug for quiz in quizzes} >= SAMPLE_SLUGS
    assert all(quiz.shuffle_choices for quiz in quizzes)
    return quizzes


def first_choice_percent(quiz, visitor_id):
    """The score of a visitor who always picks the first choice the attempt shows."""
    attempt = services.attempt_start(quiz=quiz, visitor_id=visitor_id)
    for question_id in attempt.question_order:
        first = attempt.choice_order[str(question_id)][0]
        services.attempt_answer(
            attempt=attempt, question_id=question_id, choice_ids=[first], confidence="guessing"
        )
    return services.attempt_submit(attempt=attempt).percent


@pytest.mark.parametrize("seed", SEEDS)
def test_always_picking_the_first_shuffled_choice_scores_under_half(
    sample_quizzes, monkeypatch, seed
):
    # The services shuffle with an unguessable source; a seeded one makes this repeatable.
    monkeypatch.setattr(services, "_random", random.Random(seed))

    scores = {quiz.slug: first_choice_percent(quiz, f"visitor-{seed}") for quiz in sample_quizzes}

    assert all(score < 50 for score in scores.values()), scores


def test_always_picking_the_first_choice_in_the_files_order_scores_under_half(sample_quizzes):
    Quiz.objects.update(shuffle_choices=False)
    scores = {}
    for quiz in Quiz.objects.filter(pk__in=[quiz.pk for quiz in sample_quizzes]):
        attempt = services.attempt_start(quiz=quiz, visitor_id="in-file-order")
        for question in quiz.questions.prefetch_related("choices"):
            # Unshuffled: the attempt shows each question's choices as the file lists them.
            assert attempt.choice_order[str(question.pk)] == [c.pk for c in question.choices.all()]
        services.attempt_submit(attempt=attempt)
        scores[quiz.slug] = first_choice_percent(quiz, "first-pick")

    assert all(score < 50 for score in scores.values()), scores


def test_the_right_choices_are_also_right_when_shuffled(sample_quizzes, monkeypatch):
    """The control: picking the right choices in a shuffled attempt still scores 100%."""
    monkeypatch.setattr(services, "_random", random.Random(1))
    for quiz in sample_quizzes:
        attempt = services.attempt_start(quiz=quiz, visitor_id="knows-it")
        for question in quiz.questions.prefetch_related("choices"):
            right = [c.pk for c in question.choices.all() if c.is_correct]
            services.attempt_answer(
                attempt=attempt, question_id=question.pk, choice_ids=right, confidence="sure"
            )
        assert services.attempt_submit(attempt=attempt).percent == 100, quiz.slug
