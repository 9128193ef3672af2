"""The kept tallies behind the dashboard's mastery (quizzes.mastery.refresh_tallies): they
always give the same levels as the rule read live from the answers, whatever changed."""

import importlib

import pytest
from django.db import connection

from accounts.services import claim_visitor_data
from quizzes import services
from quizzes.attempt_models import Confidence, ObjectiveTally, Response
from quizzes.mastery import Mastery, learners_mastery, objective_mastery, refresh_tallies
from tests.factories import make_question, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice
from tests.quizzes.test_mastery import objective_quiz, take

pytestmark = pytest.mark.django_db

SURE, GUESS = Confidence.SURE, Confidence.GUESSING
TALLY_FIELDS = ("user", "objective", "answered", "right", "guessed_right")


def live_counts(users, objectives):
    """The levels per objective worked out from the answers themselves, learner by learner."""
    counts = {o.pk: {} for o in objectives}
    for user in users:
        for objective_id, level in objective_mastery(user=user, objectives=objectives).items():
            counts[objective_id][level] = counts[objective_id].get(level, 0) + 1
    return counts


def kept_counts(users, objectives):
    levels = learners_mastery(user_ids=[u.pk for u in users], objectives=objectives)
    return {pk: {level: n for level, n in counter.items() if n} for pk, counter in levels.items()}


def test_a_submitted_attempt_is_counted_and_matches_the_live_rule():
    quiz, objective, other = objective_quiz()
    ann, bob, cat = make_user(), make_user(), make_user()
    take(quiz, ann, right=True, confidence=SURE)
    take(quiz, bob, right=True, confidence=GUESS)
    take(quiz, bob, right=False)
    levels = kept_counts([ann, bob, cat], [objective, other])
    assert levels == {
        objective.pk: {Mastery.SECURE: 1, Mastery.NOT_YET: 1, Mastery.NOT_TRIED: 1},
        other.pk: {Mastery.NOT_TRIED: 3},
    }
    assert levels == live_counts([ann, bob, cat], [objective, other])
    row = ObjectiveTally.objects.get(user=ann, objective=objective)
    assert (row.answered, row.right, row.guessed_right) == (4, 4, 0)


def test_only_the_latest_four_answers_are_kept():
    quiz, objective, _other = objective_quiz(questions=3)
    user = make_user()
    take(quiz, user, right=True, confidence=GUESS)
    take(quiz, user, right=False)
    row = ObjectiveTally.objects.get(user=user, objective=objective)
    # The three wrong answers and one of the guessed right ones.
    assert (row.answered, row.right, row.guessed_right) == (4, 1, 1)
    assert kept_counts([user], [objective]) == live_counts([user], [objective])


def test_an_unsubmitted_attempt_is_not_counted():
    quiz, objective, _other = objective_quiz(questions=2)
    user = make_user()
    attempt = start(quiz, user=user)
    question = quiz.questions.first()
    services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
    )
    assert not ObjectiveTally.objects.filter(user=user).exists()
    services.attempt_submit(attempt=attempt)
    assert ObjectiveTally.objects.get(user=user, objective=objective).answered == 1


def test_tagging_and_untagging_a_question_recounts_every_learner():
    quiz, objective, other = objective_quiz(questions=2)
    users = [make_user(), make_user()]
    for user in users:
        take(quiz, user, right=True, confidence=SURE)
    question = quiz.questions.first()
    assert not ObjectiveTally.objects.filter(objective=other).exists()

    question.objectives.add(other)
    assert ObjectiveTally.objects.filter(objective=other, answered=1).count() == 2
    assert kept_counts(users, [objective, other]) == live_counts(users, [objective, other])

    question.objectives.remove(objective)
    assert set(ObjectiveTally.objects.filter(objective=objective).values_list("answered")) == {(1,)}
    question.objectives.clear()
    assert not ObjectiveTally.objects.filter(objective=other).exists()
    assert kept_counts(users, [objective, other]) == live_counts(users, [objective, other])

    # From the objective's side (the admin's inline and the sample loader may tag this way).
    other.questions.add(*quiz.questions.all())
    assert set(ObjectiveTally.objects.filter(objective=other).values_list("answered")) == {(2,)}
    assert kept_counts(users, [objective, other]) == live_counts(users, [objective, other])


def test_deleting_a_submitted_attempt_takes_its_answers_out():
    quiz, objective, _other = objective_quiz(questions=2)
    user = make_user()
    take(quiz, user, right=True, confidence=SURE)
    wrong = take(quiz, user, right=False)
    assert ObjectiveTally.objects.get(user=user, objective=objective).right == 2
    wrong.delete()
    row = ObjectiveTally.objects.get(user=user, objective=objective)
    assert (row.answered, row.right) == (2, 2)
    assert kept_counts([user], [objective]) == live_counts([user], [objective])


def test_deleting_the_learner_deletes_their_tallies():
    quiz, _objective, _other = objective_quiz(questions=2)
    user = make_user()
    take(quiz, user, right=True)
    user.delete()
    assert not ObjectiveTally.objects.exists()


def test_a_claimed_visitor_attempt_counts_for_the_new_account():
    quiz, objective, _other = objective_quiz(questions=2)
    attempt = start(quiz, visitor_id="visitor-1")
    for question in quiz.questions.all():
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[wrong_choice(question).pk]
        )
    services.attempt_submit(attempt=attempt)
    assert not ObjectiveTally.objects.exists()  # a visitor has no account to count for
    user = make_user()
    claim_visitor_data(user=user, visitor_id="visitor-1")
    levels = kept_counts([user], [objective])
    assert levels == {objective.pk: {Mastery.NOT_YET: 1}} == live_counts([user], [objective])


def test_refreshing_everything_again_changes_nothing():
    quiz, objective, other = objective_quiz(questions=3)
    make_question(quiz=quiz).objectives.add(other)
    for right, confidence in ((True, SURE), (False, ""), (True, GUESS)):
        take(quiz, make_user(), right=right, confidence=confidence)
    before = sorted(ObjectiveTally.objects.values_list("user", "objective", "answered", "right"))
    refresh_tallies()
    after = sorted(ObjectiveTally.objects.values_list("user", "objective", "answered", "right"))
    assert after == before and len(after) == 6


def test_the_migrations_backfill_counts_as_refresh_tallies_does():
    """The migration that made the table counted the answers already given with its own copy
    of the SQL: it must agree with refresh_tallies."""
    quiz, objective, other = objective_quiz(questions=3)
    make_question(quiz=quiz).objectives.add(other)
    for right, confidence in ((True, SURE), (False, GUESS), (True, GUESS)):
        user = make_user()
        take(quiz, user, right=right, confidence=confidence)
    Response.objects.filter(confidence="").update(confidence=GUESS)
    refresh_tallies()
    expected = sorted(ObjectiveTally.objects.values_list(*TALLY_FIELDS))
    ObjectiveTally.objects.all().delete()
    migration = importlib.import_module("quizzes.migrations.0008_objective_tallies")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    assert sorted(ObjectiveTally.objects.values_list(*TALLY_FIELDS)) == expected
    assert len(expected) == 6


def test_the_dashboard_read_is_one_query_whatever_the_number_of_learners(
    django_assert_num_queries,
):
    quiz, objective, other = objective_quiz(questions=3)
    users = [make_user() for _ in range(12)]
    for user in users:
        take(quiz, user, right=True, confidence=SURE)
    with django_assert_num_queries(1):
        levels = learners_mastery(user_ids=[u.pk for u in users], objectives=[objective, other])
    assert levels[objective.pk][Mastery.SECURE] == 12
    assert levels[other.pk][Mastery.NOT_TRIED] == 12
