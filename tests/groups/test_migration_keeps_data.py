"""Moving the group models from quizzes to groups keeps every table and row.

The database is taken back to just before the move (quizzes 0002, groups not migrated), rows
are made with the models as they were then, and the migrations are run forward again: the
rows must all be there, unchanged, read through the groups app's models.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from groups.models import Accommodation, Assignment, Hold, LearnerGroup, Membership
from quizzes.models import Attempt

BEFORE = [("quizzes", "0002_history_and_check_reason"), ("groups", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The state at those targets (an app taken to zero adds nothing to it).
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(old_apps) -> dict:
    """One of each row, made with the models as they were before the move."""
    now = timezone.now().replace(microsecond=0)
    User = old_apps.get_model("auth", "User")
    Quiz = old_apps.get_model("quizzes", "Quiz")
    Question = old_apps.get_model("quizzes", "Question")
    educator = User.objects.create(username="old-educator")
    learner = User.objects.create(username="old-learner")
    quiz = Quiz.objects.create(title="Old quiz", slug="old-quiz", status="published")
    Question.objects.create(quiz=quiz, prompt="Still here?", explanation="Yes.")
    group = old_apps.get_model("quizzes", "LearnerGroup").objects.create(
        name="Old group", educator=educator, join_code="OLDCODE1", is_open=False
    )
    membership = old_apps.get_model("quizzes", "Membership").objects.create(
        group=group, user=learner
    )
    assignment = old_apps.get_model("quizzes", "Assignment").objects.create(
        group=group,
        quiz=quiz,
        due_at=now + datetime.timedelta(days=7),
        max_attempts=2,
        instructions="Do it.",
    )
    accommodation = old_apps.get_model("quizzes", "Accommodation").objects.create(
        assignment=assignment, user=learner, extra_attempts=1, extra_time="x2"
    )
    hold = old_apps.get_model("quizzes", "Hold").objects.create(
        assignment=assignment, user=learner, started_at=now
    )
    attempt = old_apps.get_model("quizzes", "Attempt").objects.create(
        quiz=quiz, user=learner, assignment=assignment
    )
    return {
        "educator": educator.pk,
        "learner": learner.pk,
        "group": group.pk,
        "membership": membership.pk,
        "assignment": assignment.pk,
        "accommodation": accommodation.pk,
        "hold": hold.pk,
        "attempt": attempt.pk,
        "quiz": quiz.pk,
        "now": now,
    }


@pytest.mark.django_db(transaction=True)
def test_moving_the_group_models_keeps_every_row():
    old_apps = _migrate(BEFORE)
    old_ct = old_apps.get_model("contenttypes", "ContentType").objects
    old_ct.filter(app_label="groups").delete()
    old_ct.get_or_create(app_label="quizzes", model="learnergroup")
    ids = _old_rows(old_apps)

    _migrate(_latest())

    group = LearnerGroup.objects.get(pk=ids["group"])
    assert (group.name, group.educator_id, group.join_code, group.is_open) == (
        "Old group",
        ids["educator"],
        "OLDCODE1",
        False,
    )
    membership = Membership.objects.get(pk=ids["membership"])
    assert (membership.group_id, membership.user_id) == (ids["group"], ids["learner"])
    assignment = Assignment.objects.get(pk=ids["assignment"])
    assert (assignment.group_id, assignment.quiz_id, assignment.max_attempts) == (
        ids["group"],
        ids["quiz"],
        2,
    )
    assert assignment.due_at == ids["now"] + datetime.timedelta(days=7)
    assert assignment.instructions == "Do it."
    assert assignment.quiz.questions.get().prompt == "Still here?"
    accommodation = Accommodation.objects.get(pk=ids["accommodation"])
    assert (accommodation.assignment_id, accommodation.user_id) == (
        ids["assignment"],
        ids["learner"],
    )
    assert (accommodation.extra_attempts, accommodation.extra_time) == (1, "x2")
    hold = Hold.objects.get(pk=ids["hold"])
    assert (hold.assignment_id, hold.user_id, hold.started_at, hold.ended_at) == (
        ids["assignment"],
        ids["learner"],
        ids["now"],
        None,
    )
    attempt = Attempt.objects.get(pk=ids["attempt"])
    assert attempt.assignment == assignment
    assert list(assignment.attempts.all()) == [attempt]
    content_type = ContentType.objects.get_for_model(LearnerGroup)
    assert content_type.app_label == "groups"
    assert not ContentType.objects.filter(app_label="quizzes", model="learnergroup").exists()


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_and_done_again():
    """`migrate groups zero` and back: the content type goes back to quizzes, then returns."""
    old_apps = _migrate(BEFORE)
    old_ct = old_apps.get_model("contenttypes", "ContentType").objects
    assert old_ct.filter(app_label="quizzes", model="learnergroup").exists()
    assert not old_ct.filter(app_label="groups", model="learnergroup").exists()
    _migrate(_latest())
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(LearnerGroup).app_label == "groups"
