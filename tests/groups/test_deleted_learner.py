"""A learner who deletes their account leaves no trace in an educator's statistics."""

import pytest

from accounts.services import account_delete
from groups.models import Membership
from groups.stats import assignment_results
from quizzes.models import Attempt, Response
from tests.factories import make_user
from tests.groups.conftest import submit_attempt

pytestmark = pytest.mark.django_db


def test_deleting_an_account_removes_its_attempts_from_the_results(assignment, group):
    learners = [make_user() for _ in range(6)]
    for index, user in enumerate(learners):
        Membership.objects.create(group=group, user=user)
        submit_attempt(assignment=assignment, user=user, correct=[index % 2 == 0] * 4)
    leaving = learners[0]
    before = assignment_results(assignment=assignment)
    assert before.submitted_count == 6 and before.enough_for_stats

    account_delete(user=leaving)

    after = assignment_results(assignment=assignment)
    assert after.submitted_count == 5
    assert all(row.user_id != leaving.pk for row in after.learners)
    # Removed, not kept as anonymous rows: nothing of theirs is left to count.
    assert not Attempt.objects.filter(user_id=leaving.pk).exists()
    assert Response.objects.filter(attempt__assignment=assignment).count() == 5 * 4
