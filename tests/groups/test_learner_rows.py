"""The dashboard's learner rows ask each rule once per distinct input (groups.stats): they must
give what asking the rules once per learner gives, whatever the mix of pauses and adjustments."""

import datetime
import random

import pytest
from django.utils import timezone

from groups import rules, stats
from groups.models import Assignment, LearnerGroup
from quizzes.models import GradingMethod, Quiz

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _attempts(rng, user_id) -> list[dict]:
    attempts = []
    for n in range(rng.choice([0, 0, 1, 1, 2, 3])):
        submitted = rng.random() < 0.7
        attempts.append(
            {
                "id": user_id * 10 + n,
                "user_id": user_id,
                "submitted_at": NOW - datetime.timedelta(hours=rng.randint(1, 500))
                if submitted
                else None,
                "percent": rng.choice([None, 0.0, 50.0, 72.5, 100.0]) if submitted else None,
                "score": rng.randint(0, 5),
                "max_score": rng.choice([0, 5]),
                "last_activity_at": NOW - datetime.timedelta(minutes=rng.randint(1, 9000)),
                "language": rng.choice(["en", "es"]),
            }
        )
    return attempts


def _holds(rng) -> list[dict]:
    holds = []
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        started = NOW - datetime.timedelta(hours=rng.randint(1, 400))
        ended = rng.choice([None, started + datetime.timedelta(hours=rng.randint(0, 60))])
        holds.append({"user_id": 0, "started_at": started, "ended_at": ended})
    return sorted(holds, key=lambda h: h["started_at"])


def _data(rng, learners: int) -> dict:
    data = {"members": [], "attempts": {}, "accommodations": {}, "holds": {}, "standing_time": {}}
    for user_id in range(1, learners + 1):
        data["members"].append((user_id, f"user{user_id}", rng.choice(["Ana", ""]), "Ruiz"))
        data["attempts"][user_id] = _attempts(rng, user_id)
        if holds := _holds(rng):
            data["holds"][user_id] = holds
        if rng.random() < 0.4:
            data["accommodations"][user_id] = {
                "user_id": user_id,
                "extra_attempts": rng.choice([0, 1, 2]),
                "due_at": rng.choice([None, NOW + datetime.timedelta(days=rng.randint(-5, 5))]),
                "extra_time": rng.choice(["", "x1.5", "unlimited"]),
            }
        data["standing_time"][user_id] = rng.choice(["", "", "x2"])
    return data


def _expected_row(assignment, data, user_id, username, first_name, last_name):
    """One learner's row, asking every rule for this learner alone."""
    quiz = assignment.quiz
    attempts = data["attempts"].get(user_id, [])
    accommodation = data["accommodations"].get(user_id) or {}
    holds = data["holds"].get(user_id, [])
    counted = rules.counted_attempt(attempts, quiz.grading_method)
    score = rules.attempt_percent(counted) if counted else None
    due_at = rules.due_at_for(
        base_due=assignment.due_at,
        accommodation_due=accommodation.get("due_at"),
        holds=holds,
        now=NOW,
        zone=assignment.group.zone_name if holds else None,
    )
    return (
        f"{first_name} {last_name}".strip() or username,
        rules.status_for(
            submitted=counted is not None,
            in_progress=bool(attempts),
            on_hold=any(h["ended_at"] is None for h in holds),
            due_at=due_at,
            now=NOW,
        ),
        score,
        None if score is None else score >= quiz.pass_percent,
        rules.attempts_allowed_for(
            assignment_max=assignment.max_attempts,
            quiz_max=quiz.max_attempts,
            extra_attempts=accommodation.get("extra_attempts", 0),
        ),
        due_at,
        rules.held_days(holds, NOW),
        counted["id"] if counted else None,
    )


@pytest.mark.parametrize("seed", range(6))
def test_learner_rows_match_the_rules_asked_per_learner(monkeypatch, seed):
    rng = random.Random(seed)
    quiz = Quiz(
        grading_method=rng.choice([GradingMethod.HIGHEST, GradingMethod.LATEST]),
        pass_percent=70,
        max_attempts=rng.choice([None, 2]),
        time_limit_minutes=rng.choice([None, 20]),
    )
    assignment = Assignment(
        group=LearnerGroup(time_zone=rng.choice(["", "Europe/Madrid", "America/New_York"])),
        quiz=quiz,
        due_at=rng.choice([None, NOW + datetime.timedelta(days=rng.randint(-3, 3))]),
        max_attempts=rng.choice([None, 1, 3]),
    )
    data = _data(rng, 120)
    monkeypatch.setattr(stats, "_assignment_data", lambda _assignment: data)

    rows = {row.user_id: row for row in stats._learner_rows(assignment, NOW)}

    assert len(rows) == 120
    for member in data["members"]:
        row = rows[member[0]]
        got = (
            row.name,
            row.status,
            row.score,
            row.reached_pass_mark,
            row.attempts_allowed,
            row.due_at,
            row.days_on_hold,
            row.counted_attempt_id,
        )
        assert got == _expected_row(assignment, data, *member)
    # The inputs really were varied: paused and unpaused learners, several due dates.
    assert any(row.days_on_hold for row in rows.values())
    assert len({row.due_at for row in rows.values()}) > (2 if assignment.due_at else 0)
