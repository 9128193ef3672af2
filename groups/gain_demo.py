"""Simulated before-and-after results for the demo group and the benchmark.

Each learner takes the before test with what they knew (an ability), reads, and takes the
after test with what they learned: most gain a fair amount, some a lot, some little, and
one in about a dozen does worse (a bad day). Rows go in with groups.demo_rows' bulk INSERTs.
"""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from groups.demo_rows import (
    _answer,
    _insert,
    _insert_attempts,
    _insert_responses,
    _prep,
    _question_model,
)
from groups.models import Assignment, PreTest
from quizzes.mastery import refresh_tallies
from quizzes.models import Attempt


def _gain_of(index: int, rng: random.Random) -> float:
    """How much a learner's ability moves between the tests (the second one drops)."""
    if index == 1:
        return -0.8
    return rng.choice([0.2, 0.6, 1.0, 1.0, 1.5, 2.2, 2.8])


def _attempt(assignment, user, quiz, questions, ability, started, rng, answers):
    attempt = Attempt(
        id=uuid.uuid4(),
        quiz=quiz,
        user=user,
        assignment=assignment,
        number=1,
        question_order=[q["question"].pk for q in questions],
    )
    score = 0
    for q in questions:
        ok, chosen = _answer(q, ability, rng)
        score += ok
        answers.append((attempt, q, ok, chosen))
    finished = started + datetime.timedelta(minutes=rng.uniform(4, 20))
    attempt.started_at, attempt.last_activity_at, attempt.submitted_at = started, finished, finished
    attempt.score, attempt.max_score = score, len(questions)
    attempt.percent = 100 * score / len(questions)
    attempt.passed = attempt.percent >= quiz.pass_percent
    return attempt


@transaction.atomic
def simulate_before_after(*, assignment: Assignment, users: list, seed: int = 1, now=None) -> int:
    """A submitted before test and after test for each of `users`; returns attempts made."""
    rng = random.Random(seed)
    now = now or timezone.now()
    pre_questions = _question_model(assignment.pre_quiz, rng)
    post_questions = (
        pre_questions
        if assignment.pre_quiz_id == assignment.quiz_id
        else _question_model(assignment.quiz, rng)
    )
    pre, post, pre_answers, post_answers = [], [], [], []
    for index, user in enumerate(users):
        ability = rng.gauss(-0.9, 0.8)
        started = now - datetime.timedelta(days=rng.uniform(9, 13))
        pre.append(
            _attempt(
                assignment,
                user,
                assignment.pre_quiz,
                pre_questions,
                ability,
                started,
                rng,
                pre_answers,
            )
        )
        later = now - datetime.timedelta(days=rng.uniform(1, 6))
        post.append(
            _attempt(
                assignment,
                user,
                assignment.quiz,
                post_questions,
                ability + _gain_of(index, rng),
                later,
                rng,
                post_answers,
            )
        )
    _insert_attempts(assignment, pre, pre_questions, quiz=assignment.pre_quiz)
    _insert_responses(pre, pre_answers, pre_questions, now)
    _insert_attempts(assignment, post, post_questions)
    _insert_responses(post, post_answers, post_questions, now)
    _insert(
        PreTest,
        ["assignment", "user", "attempt"],
        [(assignment.pk, a.user_id, _prep(Attempt, "id", a.id)) for a in pre],
    )
    refresh_tallies(user_ids=[user.pk for user in users])
    return len(pre) + len(post)
