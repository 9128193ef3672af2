"""Before and after (groups/gain.py): the before test comes first and once, the after test
opens only after it (or the educator's waiver), and the gain figures (groups/gain_stats.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groups import gain
from groups.gain_stats import gain_results
from groups.models import PreTest
from groups.services import assignment_create
from groups.stats import assignment_results
from quizzes.exceptions import NoAttemptsLeft, QuizNotFound
from quizzes.models import Attempt
from quizzes.services import attempt_submit
from tests.factories import make_quiz
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_after(group, educator, quiz):
    return assignment_create(group=group, educator=educator, quiz=quiz, pre_quiz=quiz)


def _pre(assignment, user, correct):
    """A submitted before test with these answers (the same quiz before and after)."""
    attempt = submit_attempt(assignment=assignment, user=user, correct=correct)
    PreTest.objects.create(assignment=assignment, user=user, attempt=attempt)
    return attempt


def test_the_first_start_is_the_before_test_and_is_tagged(before_after, learner):
    attempt, created = gain.start_step(assignment=before_after, user=learner)
    assert created and attempt.assignment == before_after
    assert PreTest.objects.get(user=learner).attempt == attempt


def test_after_test_before_the_before_test_is_refused_and_creates_nothing(before_after, learner):
    with pytest.raises(gain.PreTestFirst):
        gain.start_step(assignment=before_after, user=learner, asked="after")
    assert not Attempt.objects.exists() and not PreTest.objects.exists()


def test_an_unfinished_before_test_keeps_the_after_test_closed(before_after, learner):
    gain.start_step(assignment=before_after, user=learner, asked="before")
    with pytest.raises(gain.PreTestFirst):
        gain.start_step(assignment=before_after, user=learner, asked="after")
    assert Attempt.objects.count() == 1


def test_after_the_before_test_the_after_test_opens_and_counts_alone(before_after, learner):
    before, _ = gain.start_step(assignment=before_after, user=learner)
    attempt_submit(attempt=before)
    after, created = gain.start_step(assignment=before_after, user=learner)
    assert created and after.pk != before.pk
    assert not hasattr(after, "pre_test") or after.pre_test is None
    # The before test is not the assignment's result.
    row = assignment_results(assignment=before_after).learners[0]
    assert row.counted_attempt_id is None and row.attempts_used == 1


def test_a_second_before_test_is_refused(before_after, learner):
    before, _ = gain.start_step(assignment=before_after, user=learner)
    attempt_submit(attempt=before)
    with pytest.raises(gain.PreTestDone):
        gain.start_step(assignment=before_after, user=learner, asked="before")
    assert Attempt.objects.count() == 1


def test_duplicate_before_starts_give_one_attempt(before_after, learner):
    first, created = gain.start_step(assignment=before_after, user=learner, asked="before")
    again, created_again = gain.start_step(assignment=before_after, user=learner, asked="before")
    assert created and not created_again and first.pk == again.pk
    assert Attempt.objects.count() == 1 and PreTest.objects.count() == 1


def test_the_before_test_does_not_use_up_the_attempt_limit(before_after, learner):
    before_after.max_attempts = 1
    before_after.save()
    attempt_submit(attempt=gain.start_step(assignment=before_after, user=learner)[0])
    attempt_submit(attempt=gain.start_step(assignment=before_after, user=learner)[0])
    with pytest.raises(NoAttemptsLeft):
        gain.start_step(assignment=before_after, user=learner, asked="after")


def test_a_parallel_before_test_is_chosen_by_its_quiz(group, educator, quiz, learner):
    parallel = make_quiz(questions=3)
    assignment = assignment_create(group=group, educator=educator, quiz=quiz, pre_quiz=parallel)
    with pytest.raises(gain.PreTestFirst):
        gain.start_step(assignment=assignment, user=learner, quiz=quiz)
    attempt, _ = gain.start_step(assignment=assignment, user=learner, quiz=parallel)
    assert attempt.quiz == parallel and PreTest.objects.get().attempt == attempt


def test_a_quiz_that_is_not_the_steps_is_not_found(before_after, learner):
    with pytest.raises(QuizNotFound):
        gain.start_step(assignment=before_after, user=learner, quiz=make_quiz(questions=1))


def test_an_unknown_step_is_refused(before_after, learner):
    with pytest.raises(gain.WrongStep):
        gain.start_step(assignment=before_after, user=learner, asked="during")
    assert not Attempt.objects.exists()


def test_a_plain_assignment_has_no_before_step(assignment, learner):
    with pytest.raises(gain.WrongStep):
        gain.start_step(assignment=assignment, user=learner, asked="before")
    attempt, _ = gain.start_step(assignment=assignment, user=learner)
    assert not PreTest.objects.exists() and attempt.assignment == assignment


def test_outsiders_cannot_start_either_step(before_after, outsider):
    with pytest.raises(QuizNotFound):
        gain.start_step(assignment=before_after, user=outsider)
    assert not Attempt.objects.exists()


def test_waiver_opens_the_after_test(before_after, educator, learner):
    gain.waive(assignment=before_after, educator=educator, user=learner)
    with pytest.raises(gain.PreTestWaived):
        gain.start_step(assignment=before_after, user=learner, asked="before")
    attempt, _ = gain.start_step(assignment=before_after, user=learner)
    assert not PreTest.objects.filter(attempt=attempt).exists()


def test_only_the_groups_educator_waives(before_after, other_educator, learner):
    with pytest.raises(PermissionDenied):
        gain.waive(assignment=before_after, educator=other_educator, user=learner)
    with pytest.raises(PermissionDenied):
        gain.waive(assignment=before_after, educator=learner, user=learner)
    assert not PreTest.objects.exists()


def test_waiver_refused_for_non_members_started_tests_and_twice(
    before_after, assignment, educator, learner, outsider
):
    with pytest.raises(ValidationError):
        gain.waive(assignment=before_after, educator=educator, user=outsider)
    with pytest.raises(ValidationError):
        gain.waive(assignment=assignment, educator=educator, user=learner)  # plain assignment
    gain.waive(assignment=before_after, educator=educator, user=learner)
    with pytest.raises(ValidationError):
        gain.waive(assignment=before_after, educator=educator, user=learner)
    assert PreTest.objects.count() == 1


def test_waiver_refused_once_the_before_test_is_started(before_after, educator, learner):
    gain.start_step(assignment=before_after, user=learner)
    with pytest.raises(ValidationError):
        gain.waive(assignment=before_after, educator=educator, user=learner)
    assert PreTest.objects.get().waived_at is None


# --- the figures --------------------------------------------------------------------------


def _gain(assignment):
    return gain_results(assignment=assignment, results=assignment_results(assignment=assignment))


def test_gain_per_learner_and_for_the_group(before_after, group, learner):
    people = [learner, *add_members(group, 5)]
    # before, after (of 4 questions): +50, +50, +25, 0, -25, and one with full marks before.
    plans = [(0, 2), (1, 3), (2, 3), (2, 2), (3, 2), (4, 4)]
    for user, (pre, post) in zip(people, plans, strict=True):
        _pre(before_after, user, [True] * pre + [False] * (4 - pre))
        submit_attempt(
            assignment=before_after, user=user, correct=[True] * post + [False] * (4 - post)
        )
    results = _gain(before_after)
    by_user = {row.user_id: row for row in results.learners}
    assert by_user[learner.pk].pre == 0 and by_user[learner.pk].post == 50
    assert by_user[learner.pk].gain == 50
    assert results.enough_for_stats and results.paired == 6
    assert results.mean_gain == pytest.approx((50 + 50 + 25 + 0 - 25 + 0) / 6)
    # Normalised: 0.5, 0.667, 0.5, 0, -1 (the learner with 100 before is left out).
    assert results.normalised_gain == pytest.approx((0.5 + 2 / 3 + 0.5 + 0 - 1) / 5)
    assert (results.improved, results.stayed, results.dropped) == (3, 2, 1)
    assert results.headline == "3 of 6 learners knew more after: average change 17 points."


def test_gain_under_the_small_group_rule_shows_no_group_figures(before_after, learner):
    _pre(before_after, learner, [False] * 4)
    submit_attempt(assignment=before_after, user=learner, correct=[True] * 4)
    results = _gain(before_after)
    assert not results.enough_for_stats and results.mean_gain is None
    assert results.headline == "" and results.learners[0].gain == 100


def test_plain_assignment_has_no_gain(assignment):
    assert _gain(assignment) is None


def test_gain_per_objective(before_after, group, learner, quiz):
    from learn.objectives import LearningObjective
    from tests.factories import make_module

    module = make_module()
    objective = LearningObjective.objects.create(
        module=module, position=1, code="gut", text="I can explain the gut-brain axis"
    )
    first = quiz.questions.order_by("position").first()
    first.objectives.add(objective)
    for user in [learner, *add_members(group, 4)]:
        _pre(before_after, user, [False, True, True, True])
        submit_attempt(assignment=before_after, user=user, correct=[True, True, True, True])
    (row,) = _gain(before_after).objectives
    assert row.text == "I can explain the gut-brain axis"
    assert (row.pre_share, row.post_share) == (0, 100)


def test_gain_dashboard_queries_do_not_grow_with_learners(
    before_after, group, educator, client, django_assert_max_num_queries
):
    client.force_login(educator)
    url = reverse("groups:assignment-detail", args=[group.pk, before_after.pk])
    for count in (5, 40):
        for user in add_members(group, count, prefix=f"n{count}"):
            _pre(before_after, user, [False, True, False, True])
            submit_attempt(assignment=before_after, user=user, correct=[True] * 4)
        with django_assert_max_num_queries(30):
            response = client.get(url)
        assert b"Most learners knew more after" in response.content


def test_before_tests_stay_out_of_the_question_statistics(before_after, group, learner):
    for user in [learner, *add_members(group, 4)]:
        _pre(before_after, user, [False] * 4)
        submit_attempt(assignment=before_after, user=user, correct=[True] * 4)
    results = assignment_results(assignment=before_after)
    assert results.enough_for_stats and results.mean == 100
    assert {q.facility for q in results.questions} == {100}
