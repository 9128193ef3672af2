"""Two tabs, a double click, two servers: submitting, answering and starting stay single.

On PostgreSQL the requests really run at once: threads, each with its own database
connection, lined up by a barrier. SQLite runs one write transaction at a time (and the
in-memory test database is shared between threads), so there the same checks run one after
the other from stale copies of the attempt, which is what a second tab holds.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from quizzes import services
from quizzes.attempt_models import ObjectiveTally
from quizzes.mastery import objective_mastery
from quizzes.models import Attempt, FeedbackTiming, Response, ResponseChoice
from tests.factories import make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice
from tests.quizzes.test_mastery import objective_quiz

pytestmark = pytest.mark.django_db(transaction=True)

CONCURRENT = connection.vendor == "postgresql"


def run_together(*calls):
    """Run each call in its own thread and connection, all released at the same moment.

    Returns (result, SQL statements) per call, in order.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            with CaptureQueriesContext(connection) as queries:
                value = call()
            results[index] = (value, [query["sql"] for query in queries])
        except Exception as error:  # re-raised in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def run_one_after_another(*calls):
    results = []
    for call in calls:
        with CaptureQueriesContext(connection) as queries:
            value = call()
        results.append((value, [query["sql"] for query in queries]))
    return results


def run(*calls):
    return run_together(*calls) if CONCURRENT else run_one_after_another(*calls)


def grading_updates(statements):
    return [sql for sql in statements if sql.startswith("UPDATE") and "submitted_at" in sql]


def test_two_submits_at_once_grade_once():
    quiz = make_quiz(questions=3)
    attempt = start(quiz)
    for question in list(quiz.questions.all())[:2]:
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
        )

    def submit_from_a_tab():
        return services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))

    (one, one_sql), (two, two_sql) = run(submit_from_a_tab, submit_from_a_tab)

    assert len(grading_updates(one_sql)) + len(grading_updates(two_sql)) == 1
    stored = Attempt.objects.get(pk=attempt.pk)
    assert one.submitted_at == two.submitted_at == stored.submitted_at
    assert (stored.score, stored.max_score, stored.passed) == (2.0, 3.0, False)


def test_a_submit_arriving_while_another_is_in_flight_does_not_grade_again():
    """The first submit holds its transaction open on purpose; the second tab's copy is stale."""
    attempt = start(make_quiz(questions=1))
    stale = Attempt.objects.get(pk=attempt.pk)
    first_graded = threading.Event()

    def slow_submit():
        with transaction.atomic():
            result = services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
            first_graded.set()
            if CONCURRENT:
                time.sleep(0.5)  # the second submit arrives while this one is uncommitted
        return result

    def second_submit():
        assert first_graded.wait(timeout=10)
        return services.attempt_submit(attempt=stale)

    (first, first_sql), (second, second_sql) = run(slow_submit, second_submit)
    assert len(grading_updates(first_sql)) == 1
    assert grading_updates(second_sql) == []
    assert second.submitted_at == first.submitted_at
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == first.submitted_at


def test_two_answers_to_the_same_question_at_once_leave_one_response():
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.get()
    attempt = start(quiz)

    def answer(choice):
        return lambda: services.attempt_answer(
            attempt=Attempt.objects.get(pk=attempt.pk),
            question_id=question.pk,
            choice_ids=[choice.pk],
        )

    run(answer(right_choice(question)), answer(wrong_choice(question)))
    response = Response.objects.get(attempt=attempt)
    chosen = list(
        ResponseChoice.objects.filter(response=response).values_list("choice_id", flat=True)
    )
    assert chosen == response.snapshot["chosen"]
    assert len(chosen) == 1
    assert response.is_correct is (chosen[0] == right_choice(question).pk)


def test_an_answer_racing_a_submit_is_either_graded_or_refused():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)

    def answer():
        try:
            return services.attempt_answer(
                attempt=Attempt.objects.get(pk=attempt.pk),
                question_id=question.pk,
                choice_ids=[right_choice(question).pk],
            )
        except services.AttemptSubmitted:
            return None

    def submit():
        return services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))

    run(answer, submit)
    stored = Attempt.objects.get(pk=attempt.pk)
    # Whatever the order, the grade matches the answers that were accepted.
    assert stored.score == float(Response.objects.filter(attempt=attempt).count())


def test_two_starts_at_once_make_one_attempt():
    quiz = make_quiz(questions=2)
    user = make_user()

    def start_from_a_tab():
        return services.attempt_start(quiz=quiz, user=user)

    (one, _), (two, _) = run(start_from_a_tab, start_from_a_tab)
    assert one.pk == two.pk
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1


def test_a_start_waits_only_for_the_same_persons_start_of_the_same_quiz():
    quiz = make_quiz(questions=1)
    busy, other = make_user(), make_user()
    if not CONCURRENT:
        # SQLite runs one write transaction at a time: nothing runs at once to wait for.
        # Starts still belong to their owner: another learner gets an attempt of their own,
        # the same learner's second start resumes the first.
        first = services.attempt_start(quiz=quiz, user=busy)
        assert services.attempt_start(quiz=quiz, user=other).pk != first.pk
        assert services.attempt_start(quiz=quiz, user=busy).pk == first.pk
        return
    holding, release = threading.Event(), threading.Event()
    finished = {}

    def hold_a_start():
        # busy's start is under way (its lock held) until the main thread says go on.
        try:
            with transaction.atomic():
                services._lock_starts(quiz, user=busy, visitor_id="")
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def start_as(user, name):
        try:
            finished[name] = services.attempt_start(quiz=quiz, user=user)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_a_start)
    holder.start()
    assert holding.wait(10)
    someone_else = threading.Thread(target=start_as, args=(other, "other"))
    same_person = threading.Thread(target=start_as, args=(busy, "busy"))
    someone_else.start()
    same_person.start()
    someone_else.join(10)
    same_person.join(0.5)

    assert "other" in finished  # another learner's start did not wait
    assert same_person.is_alive() and "busy" not in finished  # the same learner's did
    release.set()
    holder.join(10)
    same_person.join(10)
    assert finished["busy"].user == busy


def test_two_quizzes_submitted_at_once_by_one_learner_both_count_for_mastery():
    """Each submit counts the learner's answers again (quizzes.mastery.refresh_tallies); the
    second waits for the first, so neither overwrites the other's answers or fails."""
    first, objective, _other = objective_quiz(questions=2)
    second = make_quiz(module=first.module, feedback_timing="end")
    for _ in range(2):
        make_question(quiz=second).objectives.add(objective)
    user = make_user()
    attempts = []
    for quiz in (first, second):
        attempt = start(quiz, user=user)
        for question in quiz.questions.all():
            services.attempt_answer(
                attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
            )
        attempts.append(attempt)

    run(*(lambda a=a: services.attempt_submit(attempt=a) for a in attempts))

    tally = ObjectiveTally.objects.get(user=user, objective=objective)
    assert (tally.answered, tally.right) == (4, 4)
    assert objective_mastery(user=user, objectives=[objective]) == {objective.pk: "secure"}
