import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from groups import stats
from groups.demo import create_demo_group
from groups.gain_stats import gain_results
from groups.models import Assignment, LearnerGroup, Membership
from quizzes.models import Attempt, Choice, Response
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db


def build(**options):
    out = io.StringIO()
    call_command("create_synthetic_group", stdout=out, **options)
    return out.getvalue()


def test_synthetic_group_is_realistic():
    build(learners=60, questions=6, seed=3)
    group = LearnerGroup.objects.get(name="Synthetic group")
    assert group.educator.groups.filter(name="Educators").exists()
    assert group.memberships.count() == 60
    assignment = Assignment.objects.get(group=group)
    assert assignment.quiz.is_public()
    assert assignment.quiz.questions.count() == 6
    # One misconception label per question, on a wrong choice.
    labelled = Choice.objects.filter(question__quiz=assignment.quiz).exclude(misconception="")
    assert labelled.count() == 6 and not labelled.filter(is_correct=True).exists()
    attempts = Attempt.objects.filter(assignment=assignment)
    submitted_users = set(
        attempts.filter(submitted_at__isnull=False).values_list("user", flat=True)
    )
    assert 40 <= len(submitted_users) < 60  # some have not started or not finished
    assert attempts.filter(number=2).exists()  # some tried twice
    submitted = attempts.filter(submitted_at__isnull=False)
    assert Response.objects.filter(attempt__in=submitted).count() == submitted.count() * 6
    assert (
        submitted.filter(last_activity_at__lt=F("submitted_at") + timedelta(seconds=1)).count()
        == submitted.count()
    )  # simulated times, not "now"
    percents = set(submitted.values_list("percent", flat=True))
    assert len(percents) >= 4  # varied ability
    results = stats.assignment_results(assignment=assignment)
    assert results.enough_for_stats
    assert any(q.misconception for q in results.questions)


def test_synthetic_group_refuses_to_overwrite_then_replaces():
    build(learners=5, questions=2)
    with pytest.raises(CommandError, match="already exists"):
        build(learners=5, questions=2)
    build(learners=8, questions=3, replace=True)
    group = LearnerGroup.objects.get(name="Synthetic group")
    assert group.memberships.count() == 8
    assert Membership.objects.count() == 8  # the first run's learners are gone
    assert Assignment.objects.get().quiz.questions.count() == 3


def test_synthetic_group_for_a_named_educator(django_user_model):
    educator = make_user(username="real-nurse")
    build(learners=3, questions=2, educator="real-nurse", name="Clinic trial run")
    assert LearnerGroup.objects.get(name="Clinic trial run").educator == educator
    with pytest.raises(CommandError, match="No user"):
        build(learners=3, questions=2, educator="nobody")


def test_bench_dashboard_prints_a_markdown_table():
    build(learners=12, questions=3)
    out = io.StringIO()
    call_command("bench_dashboard", runs=2, warmup=0, stdout=out)
    table = out.getvalue()
    assert (
        "| page | learners | runs | median (ms) | p95 (ms) | app CPU median (ms) | queries |"
        in table
    )
    assert "| Results dashboard (cold) | 12 | 2 |" in table
    assert "| Results CSV (warm) | 12 | 2 |" in table
    # The gain dashboard: a before-and-after assignment made once, its page timed too.
    assert "| Gain dashboard (cold) | 12 | 2 |" in table
    gain = Assignment.objects.get(pre_quiz__isnull=False)
    assert gain.attempts.filter(pre_test__isnull=False).count() == 12
    call_command("bench_dashboard", runs=1, warmup=0, stdout=io.StringIO())
    assert Assignment.objects.filter(pre_quiz__isnull=False).count() == 1


def test_demo_group_is_created_once(learner):
    educator = make_user(username="demo-educator")
    quiz = make_quiz(questions=8)
    out = io.StringIO()
    group = create_demo_group(educator=educator, learner=learner, stdout=out)
    assert "Created the demo group" in out.getvalue()
    assert group.educator == educator
    assert group.memberships.count() == 9
    assert educator.groups.filter(name="Educators").exists()
    assignment = group.assignments.get(pre_quiz__isnull=True)
    assert assignment.quiz == quiz
    submitted = Attempt.objects.filter(assignment=assignment, submitted_at__isnull=False)
    assert submitted.values("user").distinct().count() == 8
    assert not Attempt.objects.filter(user=learner).exists()  # the real demo learner's own
    assert stats.assignment_results(assignment=assignment).enough_for_stats

    again = create_demo_group(educator=educator, learner=learner)
    assert again == group
    assert LearnerGroup.objects.count() == 1
    assert group.memberships.count() == 9
    assert Attempt.objects.filter(assignment=assignment).count() == submitted.count()


def test_demo_group_has_a_before_and_after_assignment_with_a_spread(learner):
    educator = make_user(username="demo-educator")
    make_quiz(questions=8)
    group = create_demo_group(educator=educator, learner=learner)
    assignment = group.assignments.get(pre_quiz__isnull=False)
    results = stats.assignment_results(assignment=assignment)
    gain = gain_results(assignment=assignment, results=results)
    assert gain.enough_for_stats and gain.paired == 8
    assert gain.mean_gain > 10 and gain.dropped >= 1
    gains = sorted(row.gain for row in gain.learners if row.gain is not None)
    assert gains[-1] - gains[0] >= 40  # some gain a lot, one drops
    # Running it again adds nothing.
    before = Attempt.objects.filter(assignment=assignment).count()
    create_demo_group(educator=educator, learner=learner)
    assert Attempt.objects.filter(assignment=assignment).count() == before == 16


def test_demo_group_without_a_published_quiz(learner):
    educator = make_user()
    out = io.StringIO()
    group = create_demo_group(educator=educator, learner=learner, stdout=out)
    assert not group.assignments.exists()
    assert "No published quiz" in out.getvalue()
