import datetime

import pytest
from django.utils import timezone

from groups import stats
from groups.models import Hold
from groups.services import AssignmentStatus
from quizzes.models import Attempt, Choice
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db

# Ten learners, four questions. Learner i gets question 1 always right, question 2 right when
# i >= 5, question 3 only when i == 9, question 4 when i is even.
PATTERNS = [[True, i >= 5, i == 9, i % 2 == 0] for i in range(10)]


@pytest.fixture
def ten_submitted(group, assignment):
    users = add_members(group, 10)
    for user, pattern in zip(users, PATTERNS, strict=True):
        submit_attempt(assignment=assignment, user=user, correct=pattern)
    return users


def test_counted_attempt_highest_or_latest():
    now = timezone.now()
    attempts = [
        {"id": 1, "submitted_at": now, "percent": 80, "score": 4, "max_score": 5},
        {
            "id": 2,
            "submitted_at": now + datetime.timedelta(hours=1),
            "percent": 40,
            "score": 2,
            "max_score": 5,
        },
        {"id": 3, "submitted_at": None, "percent": None, "score": None, "max_score": None},
    ]
    assert stats.counted_attempt(attempts, "highest")["id"] == 1
    assert stats.counted_attempt(attempts, "latest")["id"] == 2
    assert stats.counted_attempt(attempts[2:], "highest") is None


def test_histogram_has_ten_bins_and_puts_100_in_the_last():
    bins = stats.histogram([0, 9.9, 10, 55, 99, 100])
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert (bins[9]["low"], bins[9]["high"]) == (90, 100)


def test_summary_statistics(group, assignment, ten_submitted):
    add_members(group, 1, prefix="late")  # plus the fixture's learner: 2 not started
    results = stats.assignment_results(assignment=assignment)
    assert (results.member_count, results.submitted_count) == (12, 10)
    assert results.enough_for_stats
    assert results.completion_rate == pytest.approx(100 * 10 / 12)
    assert results.mean == pytest.approx(52.5)
    assert results.median == 50
    assert results.pass_share == 30  # 75% three times; the pass mark is 70%
    assert [b["count"] for b in results.histogram] == [0, 0, 2, 0, 0, 5, 0, 3, 0, 0]
    assert results.status_counts[AssignmentStatus.SUBMITTED] == 10
    assert results.status_counts[AssignmentStatus.NOT_STARTED] == 2


def test_facility_discrimination_and_review_flags(assignment, ten_submitted):
    questions = stats.assignment_results(assignment=assignment).questions
    assert [q.facility for q in questions] == [100, 50, 10, 50]
    # Top 27% (3 learners: 6, 8, 9) against bottom 27% (1, 3, then 0 of the score-2 tie).
    assert [q.discrimination for q in questions] == pytest.approx([0, 1, 1 / 3, 1 / 3])
    # Question 1: everyone got it right, which is easy, not suspect.
    assert [q.needs_review for q in questions] == [False, False, True, False]
    assert [q.review_reason for q in questions] == ["easy", "", "hard", ""]


def test_most_chosen_wrong_answer_with_its_misconception(assignment, ten_submitted):
    question = assignment.quiz.questions.order_by("position")[1]
    tempting = question.choices.order_by("position")[1]
    Choice.objects.filter(pk=tempting.pk).update(misconception="probiotics cure MS")
    row = stats.assignment_results(assignment=assignment).questions[1]
    assert (row.wrong_choice, row.misconception, row.wrong_count) == (
        tempting.text,
        "probiotics cure MS",
        5,
    )


def test_the_counted_attempt_decides_the_question_statistics(group, assignment):
    users = add_members(group, 5)
    for user in users:
        submit_attempt(assignment=assignment, user=user, correct=[False] * 4)
        submit_attempt(assignment=assignment, user=user, correct=[True] * 4, number=2)
    results = stats.assignment_results(assignment=assignment)
    assert [q.facility for q in results.questions] == [100] * 4  # highest counts
    assignment.quiz.grading_method = "latest"
    Attempt.objects.filter(number=1).update(submitted_at=timezone.now() + datetime.timedelta(1))
    results = stats.assignment_results(assignment=assignment)
    assert [q.facility for q in results.questions] == [0] * 4


def test_small_group_hides_aggregates_but_keeps_rows(group, assignment):
    for user in add_members(group, 4):
        submit_attempt(assignment=assignment, user=user, correct=[True, True, False, False])
    results = stats.assignment_results(assignment=assignment)
    assert not results.enough_for_stats
    assert results.mean is None and results.histogram == [] and results.questions == []
    assert sum(1 for r in results.learners if r.score == 50) == 4


def test_learner_rows_show_attempts_accommodations_and_holds(educator, learner, assignment):
    from groups.services import accommodation_set

    accommodation_set(assignment=assignment, educator=educator, user=learner, extra_attempts=2)
    now = timezone.now()
    Hold.objects.create(
        assignment=assignment,
        user=learner,
        started_at=now - datetime.timedelta(days=3),
        ended_at=now - datetime.timedelta(days=1),
    )
    Attempt.objects.create(quiz=assignment.quiz, user=learner, assignment=assignment)
    row = stats.assignment_results(assignment=assignment).learners[0]
    assert (row.name, row.status, row.attempts_used) == ("Sam Lee", "in_progress", 1)
    assert row.accommodations == ["2 extra attempts"]
    assert row.days_on_hold == 2
    assert row.holds[0]["days"] == 2
    assert row.due_at == assignment.due_at + datetime.timedelta(days=2)


def test_standing_extra_time_shows_for_timed_quizzes(learner, assignment):
    from accounts.models import Profile

    Profile.objects.create(user=learner, extra_time="x2")
    assert stats.assignment_results(assignment=assignment).learners[0].accommodations == []
    assignment.quiz.time_limit_minutes = 20
    row = stats.assignment_results(assignment=assignment).learners[0]
    assert row.accommodations == ["double time"]


def test_removed_members_drop_out_of_the_results(group, educator, learner, assignment):
    from groups.services import membership_remove

    submit_attempt(assignment=assignment, user=learner, correct=[True] * 4)
    membership_remove(group=group, educator=educator, user=learner)
    assert stats.assignment_results(assignment=assignment).learners == []
