import pytest

from groups import stats
from groups.results_rules import (
    MIN_LEARNERS_FOR_STATS,
    ReviewReason,
    enough_learners_for_stats,
    question_review_reason,
)
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


def test_enough_learners_follows_the_small_group_rule():
    assert not enough_learners_for_stats(MIN_LEARNERS_FOR_STATS - 1)
    assert enough_learners_for_stats(MIN_LEARNERS_FOR_STATS)


@pytest.mark.parametrize(
    ("learners", "facility", "discrimination", "reason"),
    [
        (10, 10, 0.5, ReviewReason.HARD),
        (10, 60, -0.5, ReviewReason.REVERSED),
        (10, 100, 0, ReviewReason.EASY),  # everyone right: easy, never suspect
        (10, 96, 0.1, ReviewReason.EASY),
        (10, 96, -0.3, ReviewReason.REVERSED),
        (10, 60, 0.4, ReviewReason.NONE),
        # Below the small-group rule nothing is concluded, however the figures look.
        (MIN_LEARNERS_FOR_STATS - 1, 0, -1, ReviewReason.NONE),
        (MIN_LEARNERS_FOR_STATS - 1, 50, -1, ReviewReason.NONE),
    ],
)
def test_question_review_reason(learners, facility, discrimination, reason):
    assert (
        question_review_reason(learners=learners, facility=facility, discrimination=discrimination)
        == reason
    )


def test_a_question_stronger_learners_miss_needs_review_in_plain_words(group, assignment):
    # Learners 0-2 get questions 1-3 right and question 4 wrong (75%); learners 3-5 get only
    # question 4 right (25%): the stronger learners missed question 4.
    users = add_members(group, 6)
    for i, user in enumerate(users):
        strong = i < 3
        submit_attempt(assignment=assignment, user=user, correct=[strong] * 3 + [not strong])
    question = stats.assignment_results(assignment=assignment).questions[3]
    assert question.discrimination < 0
    assert question.needs_review and question.review_reason == "reversed"
    assert "did well overall got this one wrong more often" in str(question.advice)
