"""The quiz-taking services: every rule, and that a refused request changes nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile
from publishing.models import Status
from quizzes import services
from quizzes.models import Attempt, FeedbackTiming, Response, ResponseChoice
from tests.factories import make_question, make_quiz, make_user
from tests.quizzes.taking import right_choice, start, state, wrong_choice

pytestmark = pytest.mark.django_db


# --- Question.grade ------------------------------------------------------------------------


def test_grade_single_choice_is_all_or_nothing():
    question = make_question()
    assert question.grade([right_choice(question).pk]) == (True, 1.0)
    assert question.grade([wrong_choice(question).pk]) == (False, 0.0)


def test_grade_multiple_without_partial_credit_needs_exactly_the_right_choices():
    question = make_question(kind="multiple", choices=[("a", True), ("b", True), ("c", False)])
    a, b, c = question.choices.all()
    assert question.grade([a.pk, b.pk]) == (True, 1.0)
    assert question.grade([a.pk]) == (False, 0.0)
    assert question.grade([a.pk, b.pk, c.pk]) == (False, 0.0)


def test_grade_partial_credit_subtracts_wrong_picks_and_never_goes_below_zero():
    question = make_question(
        kind="multiple", choices=[("a", True), ("b", True), ("c", False), ("d", False)]
    )
    a, b, c, d = question.choices.all()
    assert question.grade([a.pk], partial_credit=True) == (False, 0.5)
    assert question.grade([a.pk, c.pk], partial_credit=True) == (False, 0.0)
    assert question.grade([a.pk, b.pk, c.pk, d.pk], partial_credit=True) == (False, 0.0)
    assert question.grade([c.pk, d.pk], partial_credit=True) == (False, 0.0)
    assert question.grade([a.pk, b.pk], partial_credit=True) == (True, 1.0)


def test_grade_partial_credit_does_not_apply_to_single_choice():
    question = make_question()
    assert question.grade([wrong_choice(question).pk], partial_credit=True) == (False, 0.0)


def test_grade_refuses_a_choice_of_another_question():
    question, other = make_question(), make_question()
    with pytest.raises(ValueError):
        question.grade([right_choice(other).pk])


# --- attempt_start -------------------------------------------------------------------------


def test_start_fixes_question_and_choice_order_and_numbers_the_attempt():
    quiz = make_quiz(questions=3)
    attempt = start(quiz)
    questions = list(quiz.questions.order_by("position"))
    assert attempt.question_order == [q.pk for q in questions]
    assert attempt.choice_order == {
        str(q.pk): list(q.choices.values_list("pk", flat=True)) for q in questions
    }
    assert attempt.number == 1
    assert attempt.deadline_at is None
    assert attempt.submitted_at is None


def test_start_shuffles_when_the_quiz_says_so_but_keeps_every_question_and_choice():
    quiz = make_quiz(questions=12, shuffle_questions=True, shuffle_choices=True)
    make_question(quiz=quiz, kind="true_false")
    orders = [start(quiz).question_order for _ in range(4)]
    ids = sorted(quiz.questions.values_list("pk", flat=True))
    assert all(sorted(order) == ids for order in orders)
    # 13! orders: four identical shuffles would mean no shuffling at all.
    assert len({tuple(order) for order in orders}) > 1
    attempt = start(quiz)
    tf = quiz.questions.get(kind="true_false")
    assert attempt.choice_order[str(tf.pk)] == list(tf.choices.values_list("pk", flat=True))


def test_start_resumes_the_unsubmitted_attempt_instead_of_creating_another():
    quiz = make_quiz(questions=2)
    user = make_user()
    first = start(quiz, user=user)
    again = services.attempt_start(quiz=quiz, user=user)
    assert again.pk == first.pk
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1


def test_start_after_submit_creates_the_next_attempt():
    quiz = make_quiz(questions=2)
    user = make_user()
    services.attempt_submit(attempt=start(quiz, user=user))
    second = services.attempt_start(quiz=quiz, user=user)
    assert second.number == 2


def test_start_enforces_max_attempts():
    quiz = make_quiz(questions=1, max_attempts=1)
    user = make_user()
    services.attempt_submit(attempt=start(quiz, user=user))
    with pytest.raises(services.NoAttemptsLeft) as error:
        services.attempt_start(quiz=quiz, user=user)
    assert error.value.code == "no_attempts_left"
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_start_counts_attempts_per_owner():
    quiz = make_quiz(questions=1, max_attempts=1)
    services.attempt_submit(attempt=start(quiz))
    assert start(quiz).number == 1
    assert start(quiz, visitor_id="visitor-a").number == 1


def test_start_refuses_drafts_and_scheduled_quizzes():
    draft = make_quiz(questions=1, status=Status.DRAFT)
    later = make_quiz(questions=1, publish_at=timezone.now() + datetime.timedelta(days=1))
    for quiz in (draft, later):
        with pytest.raises(services.QuizNotFound):
            start(quiz)
    assert not Attempt.objects.exists()


def test_start_refuses_a_quiz_without_questions():
    with pytest.raises(services.QuizNotOpen):
        start(make_quiz())


def test_start_needs_an_owner():
    with pytest.raises(ValueError):
        services.attempt_start(quiz=make_quiz(questions=1))


def test_start_by_a_visitor_belongs_to_the_visitor_only():
    attempt = start(make_quiz(questions=1), visitor_id="visitor-a")
    assert attempt.user is None
    assert attempt.visitor_id == "visitor-a"


def test_start_sets_the_deadline_from_the_time_limit():
    before = timezone.now()
    attempt = start(make_quiz(questions=1, time_limit_minutes=20))
    assert before + datetime.timedelta(minutes=20) <= attempt.deadline_at
    assert attempt.deadline_at <= timezone.now() + datetime.timedelta(minutes=20)


@pytest.mark.parametrize(
    ("extra_time", "minutes"), [("", 20), ("x1.5", 30), ("x2", 40), ("unlimited", None)]
)
def test_start_applies_the_learners_standing_extra_time(extra_time, minutes):
    user = make_user()
    Profile.objects.create(user=user, extra_time=extra_time)
    now = timezone.now()
    attempt = start(make_quiz(questions=1, time_limit_minutes=20), user=user)
    if minutes is None:
        assert attempt.deadline_at is None
    else:
        expected = now + datetime.timedelta(minutes=minutes)
        assert abs((attempt.deadline_at - expected).total_seconds()) < 5


def test_start_closes_an_attempt_whose_time_ran_out_and_starts_a_new_one():
    quiz = make_quiz(questions=1, time_limit_minutes=5)
    user = make_user()
    old = start(quiz, user=user)
    Attempt.objects.filter(pk=old.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    new = services.attempt_start(quiz=quiz, user=user)
    assert new.pk != old.pk
    assert Attempt.objects.get(pk=old.pk).submitted_at is not None


# --- attempt_answer ------------------------------------------------------------------------


def test_answer_grades_on_the_server_and_stores_score_snapshot_and_choices():
    quiz = make_quiz(questions=2)
    attempt = start(quiz)
    question = quiz.questions.first()
    right = right_choice(question)
    response = services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[str(right.pk)]
    )
    assert response.is_correct is True
    assert response.score == 1.0
    assert response.snapshot["prompt"] == question.prompt
    assert response.snapshot["explanation"] == question.explanation
    assert response.snapshot["chosen"] == [right.pk]
    assert {c["id"]: c["is_correct"] for c in response.snapshot["choices"]} == {
        c.pk: c.is_correct for c in question.choices.all()
    }
    assert list(ResponseChoice.objects.values_list("choice_id", flat=True)) == [right.pk]


def test_answer_with_a_wrong_choice_scores_zero():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    response = services.attempt_answer(
        attempt=start(quiz), question_id=question.pk, choice_ids=[wrong_choice(question).pk]
    )
    assert (response.is_correct, response.score) == (False, 0.0)


def test_answer_snapshot_follows_the_attempts_choice_order():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    reversed_ids = list(reversed(attempt.choice_order[str(question.pk)]))
    Attempt.objects.filter(pk=attempt.pk).update(choice_order={str(question.pk): reversed_ids})
    response = services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[reversed_ids[0]]
    )
    assert [c["id"] for c in response.snapshot["choices"]] == reversed_ids


def test_answer_cannot_change_after_immediate_feedback():
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.get()
    attempt = start(quiz)
    services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[wrong_choice(question).pk]
    )
    before = state(attempt)
    with pytest.raises(services.AnswerLocked) as error:
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
        )
    assert error.value.code == "answer_locked"
    assert state(attempt) == before


def test_answer_can_change_until_submit_with_feedback_at_the_end():
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.AT_END)
    question = quiz.questions.get()
    attempt = start(quiz)
    first = services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[wrong_choice(question).pk]
    )
    second = services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
    )
    assert second.pk == first.pk
    assert Response.objects.filter(attempt=attempt).count() == 1
    assert Response.objects.get().is_correct is True
    assert list(ResponseChoice.objects.values_list("choice_id", flat=True)) == [
        right_choice(question).pk
    ]


def test_answer_to_a_question_of_another_quiz_is_refused_and_changes_nothing():
    quiz = make_quiz(questions=1)
    attempt = start(quiz)
    other = make_question(quiz=make_quiz())
    before = state(attempt)
    with pytest.raises(services.WrongQuestion) as error:
        services.attempt_answer(
            attempt=attempt, question_id=other.pk, choice_ids=[right_choice(other).pk]
        )
    assert error.value.code == "wrong_question"
    assert state(attempt) == before
    assert not Response.objects.exists()


def test_answer_to_a_question_added_after_the_start_is_refused():
    quiz = make_quiz(questions=1)
    attempt = start(quiz)
    late = make_question(quiz=quiz)
    with pytest.raises(services.WrongQuestion):
        services.attempt_answer(
            attempt=attempt, question_id=late.pk, choice_ids=[right_choice(late).pk]
        )
    assert not Response.objects.exists()


def test_answer_with_a_choice_of_another_question_is_refused_and_changes_nothing():
    quiz = make_quiz(questions=2)
    first, second = quiz.questions.all()
    attempt = start(quiz)
    before = state(attempt)
    with pytest.raises(services.InvalidChoice) as error:
        services.attempt_answer(
            attempt=attempt, question_id=first.pk, choice_ids=[right_choice(second).pk]
        )
    assert error.value.code == "invalid_choice"
    assert state(attempt) == before


@pytest.mark.parametrize(
    ("choice_ids", "error"),
    [
        ([], services.NoChoice),
        (None, services.NoChoice),
        (["abc"], services.InvalidChoice),
        (["-1"], services.InvalidChoice),
        ([-1], services.InvalidChoice),
        ([0], services.InvalidChoice),
        ([""], services.InvalidChoice),
        (["1.5"], services.InvalidChoice),
        ([True], services.InvalidChoice),
        (["99999999999999999999999"], services.InvalidChoice),
    ],
)
def test_answer_with_malformed_choice_ids_is_refused(choice_ids, error):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    before = state(attempt)
    with pytest.raises(error):
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=choice_ids)
    assert state(attempt) == before


@pytest.mark.parametrize("question_id", ["", "abc", "-3", 0, -3, None, "1 OR 1=1", 10**30])
def test_answer_with_a_malformed_question_id_is_refused(question_id):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    before = state(attempt)
    with pytest.raises(services.WrongQuestion):
        services.attempt_answer(
            attempt=attempt, question_id=question_id, choice_ids=[right_choice(question).pk]
        )
    assert state(attempt) == before


def test_answer_with_two_choices_on_a_single_choice_question_is_refused():
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    attempt = start(quiz)
    before = state(attempt)
    two = list(question.choices.values_list("pk", flat=True))[:2]
    with pytest.raises(services.TooManyChoices) as error:
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=two)
    assert error.value.code == "too_many_choices"
    assert state(attempt) == before


def test_answer_with_two_choices_on_a_true_false_question_is_refused():
    quiz = make_quiz()
    question = make_question(quiz=quiz, kind="true_false")
    attempt = start(quiz)
    with pytest.raises(services.TooManyChoices):
        services.attempt_answer(
            attempt=attempt,
            question_id=question.pk,
            choice_ids=list(question.choices.values_list("pk", flat=True)),
        )
    assert not Response.objects.exists()


def test_answer_with_duplicate_choices_is_refused():
    quiz = make_quiz()
    question = make_question(quiz=quiz, kind="multiple", choices=[("a", True), ("b", False)])
    attempt = start(quiz)
    a = right_choice(question).pk
    with pytest.raises(services.InvalidChoice):
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[a, a])
    assert not Response.objects.exists()


def test_answer_with_more_choices_than_the_question_has_is_refused():
    quiz = make_quiz()
    question = make_question(quiz=quiz, kind="multiple", choices=[("a", True), ("b", False)])
    attempt = start(quiz)
    ids = list(question.choices.values_list("pk", flat=True))
    with pytest.raises(services.TooManyChoices):
        services.attempt_answer(attempt=attempt, question_id=question.pk, choice_ids=[*ids, ids[0]])
    assert not Response.objects.exists()


def test_answer_multiple_accepts_every_choice():
    quiz = make_quiz()
    question = make_question(quiz=quiz, kind="multiple", choices=[("a", True), ("b", True)])
    response = services.attempt_answer(
        attempt=start(quiz),
        question_id=question.pk,
        choice_ids=list(question.choices.values_list("pk", flat=True)),
    )
    assert response.is_correct is True


def test_answer_to_a_submitted_attempt_is_refused_and_changes_nothing():
    quiz = make_quiz(questions=2)
    first, second = quiz.questions.all()
    attempt = start(quiz)
    services.attempt_submit(attempt=attempt)
    before = state(attempt)
    with pytest.raises(services.AttemptSubmitted) as error:
        services.attempt_answer(
            attempt=attempt, question_id=second.pk, choice_ids=[right_choice(second).pk]
        )
    assert error.value.code == "attempt_submitted"
    assert state(attempt) == before


def test_answer_within_the_grace_period_counts(settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=1, time_limit_minutes=10)
    question = quiz.questions.get()
    attempt = start(quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=10)
    )
    attempt.refresh_from_db()
    response = services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
    )
    assert response.is_correct is True
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_answer_after_the_grace_period_is_refused_and_submits_what_was_answered(settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    quiz = make_quiz(questions=2, time_limit_minutes=10)
    first, second = quiz.questions.all()
    attempt = start(quiz)
    services.attempt_answer(
        attempt=attempt, question_id=first.pk, choice_ids=[right_choice(first).pk]
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=31)
    )
    attempt.refresh_from_db()
    with pytest.raises(services.TimeOver) as error:
        services.attempt_answer(
            attempt=attempt, question_id=second.pk, choice_ids=[right_choice(second).pk]
        )
    assert error.value.code == "time_over"
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert (attempt.score, attempt.max_score, attempt.percent) == (1.0, 2.0, 50.0)
    assert list(Response.objects.values_list("question_id", flat=True)) == [first.pk]


# --- attempt_flag --------------------------------------------------------------------------


def test_flag_and_unflag_a_question():
    quiz = make_quiz(questions=2)
    first, second = quiz.questions.all()
    attempt = start(quiz)
    services.attempt_flag(attempt=attempt, question_id=second.pk, flagged=True)
    services.attempt_flag(attempt=attempt, question_id=str(first.pk), flagged=True)
    services.attempt_flag(attempt=attempt, question_id=second.pk, flagged=True)
    assert Attempt.objects.get(pk=attempt.pk).flagged == [first.pk, second.pk]
    services.attempt_flag(attempt=attempt, question_id=first.pk, flagged=False)
    assert Attempt.objects.get(pk=attempt.pk).flagged == [second.pk]


def test_flag_refuses_a_question_of_another_quiz_and_a_submitted_attempt():
    quiz = make_quiz(questions=1)
    attempt = start(quiz)
    other = make_question()
    with pytest.raises(services.WrongQuestion):
        services.attempt_flag(attempt=attempt, question_id=other.pk, flagged=True)
    services.attempt_submit(attempt=attempt)
    before = state(attempt)
    with pytest.raises(services.AttemptSubmitted):
        services.attempt_flag(attempt=attempt, question_id=quiz.questions.get().pk, flagged=True)
    assert state(attempt) == before


# --- attempt_submit ------------------------------------------------------------------------


def test_submit_computes_score_percent_and_passed():
    quiz = make_quiz(questions=4, pass_percent=75)
    questions = list(quiz.questions.all())
    attempt = start(quiz)
    for question in questions[:3]:
        services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
        )
    submitted = services.attempt_submit(attempt=attempt)
    assert submitted.submitted_at is not None
    assert (submitted.score, submitted.max_score, submitted.percent) == (3.0, 4.0, 75.0)
    assert submitted.passed is True
    assert Attempt.objects.get(pk=attempt.pk).passed is True


def test_submit_below_the_pass_mark_is_not_passed():
    quiz = make_quiz(questions=4, pass_percent=75)
    question = quiz.questions.first()
    attempt = start(quiz)
    services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
    )
    submitted = services.attempt_submit(attempt=attempt)
    assert (submitted.percent, submitted.passed) == (25.0, False)


def test_submit_adds_partial_credit():
    quiz = make_quiz(partial_credit=True)
    question = make_question(
        quiz=quiz, kind="multiple", choices=[("a", True), ("b", True), ("c", False)]
    )
    make_question(quiz=quiz)
    attempt = start(quiz)
    services.attempt_answer(
        attempt=attempt, question_id=question.pk, choice_ids=[right_choice(question).pk]
    )
    submitted = services.attempt_submit(attempt=attempt)
    assert (submitted.score, submitted.max_score, submitted.percent) == (0.5, 2.0, 25.0)


def test_submit_twice_returns_the_submitted_attempt_unchanged():
    quiz = make_quiz(questions=2)
    attempt = start(quiz)
    first = services.attempt_submit(attempt=attempt)
    after_first = state(attempt)
    second = services.attempt_submit(attempt=attempt)
    assert second.submitted_at == first.submitted_at
    assert state(attempt) == after_first


def test_submit_twice_from_stale_copies_grades_once():
    """Two tabs: both hold the attempt as it was before either submitted."""
    quiz = make_quiz(questions=2)
    attempt = start(quiz)
    tab_one = Attempt.objects.get(pk=attempt.pk)
    tab_two = Attempt.objects.get(pk=attempt.pk)
    with CaptureQueriesContext(connection) as queries:
        one = services.attempt_submit(attempt=tab_one)
        two = services.attempt_submit(attempt=tab_two)
    grading_updates = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "submitted_at" in q["sql"]
    ]
    assert len(grading_updates) == 1
    assert one.submitted_at == two.submitted_at


# --- ownership -----------------------------------------------------------------------------


def test_attempt_for_owner_finds_only_the_owners_attempt():
    quiz = make_quiz(questions=1)
    owner, other, staff = make_user(), make_user(), make_user(is_staff=True, is_superuser=True)
    mine = start(quiz, user=owner)
    visitors = start(quiz, visitor_id="visitor-a")
    assert services.attempt_for_owner(attempt_id=mine.pk, user=owner) == mine
    assert services.attempt_for_owner(attempt_id=visitors.pk, visitor_id="visitor-a") == visitors
    for kwargs in (
        {"user": other},
        {"user": staff},
        {"visitor_id": "visitor-b"},
        {"visitor_id": ""},
    ):
        with pytest.raises(services.QuizNotFound):
            services.attempt_for_owner(attempt_id=mine.pk, **kwargs)
    with pytest.raises(services.QuizNotFound):
        services.attempt_for_owner(attempt_id=visitors.pk, visitor_id="visitor-b")


@pytest.mark.parametrize("attempt_id", ["not-a-uuid", "", "1", None, "' OR 1=1 --"])
def test_attempt_for_owner_treats_a_malformed_id_as_not_found(attempt_id):
    user = make_user()
    start(make_quiz(questions=1), user=user)
    with pytest.raises(services.QuizNotFound):
        services.attempt_for_owner(attempt_id=attempt_id, user=user)
