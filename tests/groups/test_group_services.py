import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Profile
from groups import services
from groups.models import Accommodation, Hold, LearnerGroup, Membership
from groups.services import AssignmentStatus
from quizzes.models import Attempt
from tests.factories import make_quiz

pytestmark = pytest.mark.django_db

NOW = timezone.now()


# --- join codes ----------------------------------------------------------------------------


def test_join_code_is_eight_characters_without_look_alikes(educator):
    codes = {services.group_create(educator=educator, name=f"G{i}").join_code for i in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("0O1lI")
        assert set(code) <= set(services.JOIN_CODE_ALPHABET)


def test_join_code_is_shown_in_two_groups_of_four():
    assert services.format_join_code("KQ4M7XPT") == "KQ4M-7XPT"


def test_join_code_matching_ignores_case_spaces_and_hyphens(group, outsider):
    typed = f" {group.join_code[:4].lower()} - {group.join_code[4:].lower()} "
    joined_group, joined = services.group_join(user=outsider, code=typed)
    assert joined_group == group
    assert joined is True


def test_join_code_collision_is_retried(educator, monkeypatch):
    first = services.group_create(educator=educator, name="First")
    codes = iter([first.join_code, "ABCDEFGH"])
    monkeypatch.setattr(services, "_random_join_code", lambda: next(codes))
    second = services.group_create(educator=educator, name="Second")
    assert second.join_code == "ABCDEFGH"


def test_regenerated_code_replaces_the_old_one(group, educator, outsider):
    old = group.join_code
    new = services.group_regenerate_code(group=group, educator=educator)
    assert new != old
    with pytest.raises(ValidationError):
        services.group_join(user=outsider, code=old)
    assert services.group_join(user=outsider, code=new)[1] is True


# --- groups and membership -----------------------------------------------------------------


def test_only_educators_create_groups(learner, editor):
    for user in (learner, editor):
        with pytest.raises(PermissionDenied):
            services.group_create(educator=user, name="Mine")
    assert not LearnerGroup.objects.exists()


def test_group_name_is_required(educator):
    with pytest.raises(ValidationError):
        services.group_create(educator=educator, name="  ")


def test_joining_twice_is_harmless(group, learner):
    assert services.group_join(user=learner, code=group.join_code) == (group, False)
    assert Membership.objects.filter(group=group, user=learner).count() == 1


def test_closed_group_refuses_new_members_with_a_clear_message(group, educator, outsider):
    services.group_close(group=group, educator=educator)
    with pytest.raises(ValidationError, match="closed to new members"):
        services.group_join(user=outsider, code=group.join_code)
    assert not Membership.objects.filter(user=outsider).exists()
    services.group_open(group=group, educator=educator)
    assert services.group_join(user=outsider, code=group.join_code)[1] is True


def test_unknown_and_malformed_codes_are_refused(outsider):
    with pytest.raises(ValidationError, match="could not find"):
        services.group_join(user=outsider, code="ABCD-EFGH")
    with pytest.raises(ValidationError, match="8 letters"):
        services.group_join(user=outsider, code="ABC")


def test_educator_cannot_join_their_own_group(group, educator):
    with pytest.raises(ValidationError, match="You run this group"):
        services.group_join(user=educator, code=group.join_code)


def test_join_attempts_are_rate_limited_per_user(group, outsider, learner):
    for _ in range(services.JOIN_RATE_LIMIT):
        with pytest.raises(ValidationError):
            services.group_join(user=outsider, code="ZZZZ-ZZZZ")
    # Even the right code is refused now: the limit counts every try.
    with pytest.raises(services.JoinRateLimited, match="too many codes"):
        services.group_join(user=outsider, code=group.join_code)
    assert not Membership.objects.filter(user=outsider).exists()
    # Other people are not affected.
    assert services.group_join(user=learner, code=group.join_code)[0] == group


def test_only_the_owner_changes_a_group(group, other_educator, learner):
    code = group.join_code
    for user in (other_educator, learner):
        for action in (services.group_regenerate_code, services.group_close):
            with pytest.raises(PermissionDenied):
                action(group=group, educator=user)
        with pytest.raises(PermissionDenied):
            services.membership_remove(group=group, educator=user, user=learner)
    group.refresh_from_db()
    assert (group.join_code, group.is_open) == (code, True)
    assert Membership.objects.filter(group=group, user=learner).exists()


def test_membership_remove_keeps_the_learners_attempts(group, educator, learner, assignment):
    Attempt.objects.create(quiz=assignment.quiz, user=learner, assignment=assignment)
    services.membership_remove(group=group, educator=educator, user=learner)
    assert not Membership.objects.filter(group=group, user=learner).exists()
    assert Attempt.objects.filter(user=learner).count() == 1
    with pytest.raises(ValidationError):
        services.membership_remove(group=group, educator=educator, user=learner)


# --- assignments ---------------------------------------------------------------------------


def test_assignment_needs_a_published_quiz(group, educator):
    draft = make_quiz(status="draft")
    with pytest.raises(ValidationError) as info:
        services.assignment_create(group=group, educator=educator, quiz=draft)
    assert "quiz" in info.value.message_dict


def test_assignment_due_date_must_follow_opening(group, educator, quiz):
    with pytest.raises(ValidationError) as info:
        services.assignment_create(
            group=group,
            educator=educator,
            quiz=quiz,
            opens_at=NOW,
            due_at=NOW - datetime.timedelta(hours=1),
        )
    assert "due_at" in info.value.message_dict
    assert not group.assignments.exists()


def test_assignment_needs_at_least_one_attempt(group, educator, quiz):
    with pytest.raises(ValidationError):
        services.assignment_create(group=group, educator=educator, quiz=quiz, max_attempts=0)


def test_assignment_update_changes_dates_and_checks_them(assignment, educator):
    due = NOW + datetime.timedelta(days=30)
    services.assignment_update(
        assignment=assignment, educator=educator, due_at=due, max_attempts=2, instructions=" Hi "
    )
    assignment.refresh_from_db()
    assert (assignment.due_at, assignment.max_attempts, assignment.instructions) == (due, 2, "Hi")
    with pytest.raises(ValidationError):
        services.assignment_update(
            assignment=assignment, educator=educator, opens_at=due, due_at=NOW
        )


def test_other_educator_cannot_assign_to_my_group(group, other_educator, quiz):
    with pytest.raises(PermissionDenied):
        services.assignment_create(group=group, educator=other_educator, quiz=quiz)


# --- accommodations ------------------------------------------------------------------------


def test_accommodation_set_and_cleared(assignment, educator, learner):
    later = assignment.due_at + datetime.timedelta(days=3)
    services.accommodation_set(
        assignment=assignment, educator=educator, user=learner, extra_attempts=1, due_at=later
    )
    accommodation = Accommodation.objects.get(assignment=assignment, user=learner)
    assert (accommodation.extra_attempts, accommodation.due_at) == (1, later)
    services.accommodation_set(assignment=assignment, educator=educator, user=learner)
    assert not Accommodation.objects.exists()


def test_accommodation_due_date_must_be_later(assignment, educator, learner):
    with pytest.raises(ValidationError):
        services.accommodation_set(
            assignment=assignment,
            educator=educator,
            user=learner,
            due_at=assignment.due_at - datetime.timedelta(days=1),
        )


def test_accommodation_values_are_checked_before_saving(assignment, educator, learner):
    with pytest.raises(ValidationError):
        services.accommodation_set(
            assignment=assignment, educator=educator, user=learner, extra_time="x3"
        )
    assert not Accommodation.objects.exists()


def test_accommodation_only_for_members(assignment, educator, outsider):
    with pytest.raises(ValidationError):
        services.accommodation_set(
            assignment=assignment, educator=educator, user=outsider, extra_attempts=1
        )


def test_accommodation_summary_reads_plainly():
    due = datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)
    assert services.accommodation_summary(extra_attempts=1, due_at=due, extra_time="x2") == [
        "1 extra attempt",
        "due 3 June 2026",
        "double time",
    ]


# --- holds ---------------------------------------------------------------------------------


def test_hold_moves_the_due_date_by_whole_paused_days(assignment, learner):
    start = NOW - datetime.timedelta(days=2, hours=3)
    services.hold_start(assignment=assignment, user=learner, now=start)
    services.hold_end(assignment=assignment, user=learner, now=NOW)
    # 2 days 3 hours rounds up to 3 days.
    due = services.assignment_due_at(assignment=assignment, user=learner, now=NOW)
    assert due == assignment.due_at + datetime.timedelta(days=3)


def test_many_short_holds_round_up_once(assignment, learner):
    for hour in range(5):
        at = NOW + datetime.timedelta(hours=hour)
        services.hold_start(assignment=assignment, user=learner, now=at)
        services.hold_end(
            assignment=assignment, user=learner, now=at + datetime.timedelta(minutes=5)
        )
    later = NOW + datetime.timedelta(days=1)
    assert services.assignment_due_at(assignment=assignment, user=learner, now=later) == (
        assignment.due_at + datetime.timedelta(days=1)
    )


def test_only_one_open_hold(assignment, learner):
    services.hold_start(assignment=assignment, user=learner)
    with pytest.raises(ValidationError, match="already paused"):
        services.hold_start(assignment=assignment, user=learner)
    assert Hold.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Hold.objects.create(assignment=assignment, user=learner, started_at=NOW)


def test_resume_without_a_hold_is_refused(assignment, learner):
    with pytest.raises(ValidationError, match="not paused"):
        services.hold_end(assignment=assignment, user=learner)


def test_only_members_pause(assignment, outsider, educator):
    for user in (outsider, educator):
        with pytest.raises(PermissionDenied):
            services.hold_start(assignment=assignment, user=user)
    assert not Hold.objects.exists()


# --- rules ---------------------------------------------------------------------------------


def test_due_date_uses_the_later_accommodation_plus_held_days(assignment, educator, learner):
    later = assignment.due_at + datetime.timedelta(days=5)
    services.accommodation_set(assignment=assignment, educator=educator, user=learner, due_at=later)
    Hold.objects.create(
        assignment=assignment,
        user=learner,
        started_at=NOW - datetime.timedelta(days=1),
        ended_at=NOW,
    )
    assert services.assignment_due_at(assignment=assignment, user=learner, now=NOW) == (
        later + datetime.timedelta(days=1)
    )


def test_no_due_date_stays_none(group, educator, learner, quiz):
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz)
    assert services.assignment_due_at(assignment=assignment, user=learner) is None


@pytest.mark.parametrize(
    ("assignment_max", "quiz_max", "extra", "expected"),
    [(None, None, 2, None), (None, 3, 0, 3), (2, 5, 0, 2), (2, None, 1, 3), (None, 1, 2, 3)],
)
def test_attempts_allowed(group, educator, learner, assignment_max, quiz_max, extra, expected):
    quiz = make_quiz(questions=1, max_attempts=quiz_max)
    assignment = services.assignment_create(
        group=group, educator=educator, quiz=quiz, max_attempts=assignment_max
    )
    if extra:
        services.accommodation_set(
            assignment=assignment, educator=educator, user=learner, extra_attempts=extra
        )
    assert services.assignment_attempts_allowed(assignment=assignment, user=learner) == expected


@pytest.mark.parametrize(
    ("educator_setting", "own_setting", "expected"),
    [
        ("", "", 1),
        ("x1.5", "", 1.5),
        ("", "x2", 2),
        ("x2", "x1.5", 2),
        ("x1.5", "unlimited", None),
        ("unlimited", "x2", None),
    ],
)
def test_time_multiplier_takes_the_more_generous(
    assignment, educator, learner, educator_setting, own_setting, expected
):
    if educator_setting:
        services.accommodation_set(
            assignment=assignment, educator=educator, user=learner, extra_time=educator_setting
        )
    Profile.objects.create(user=learner, extra_time=own_setting)
    assert services.assignment_time_multiplier(assignment=assignment, user=learner) == expected


def test_time_multiplier_without_a_profile_is_one(assignment, learner):
    assert services.assignment_time_multiplier(assignment=assignment, user=learner) == 1


def _attempt(submitted):
    return Attempt(submitted_at=NOW if submitted else None)


def test_status_goes_from_not_started_to_submitted(assignment, learner):
    def status(attempts, now=NOW):
        return services.assignment_status(
            assignment=assignment, user=learner, attempts=attempts, now=now
        )

    assert status([]) == AssignmentStatus.NOT_STARTED
    assert status([_attempt(False)]) == AssignmentStatus.IN_PROGRESS
    assert status([_attempt(True), _attempt(False)]) == AssignmentStatus.SUBMITTED
    late = assignment.due_at + datetime.timedelta(hours=1)
    assert status([], now=late) == AssignmentStatus.OVERDUE
    assert status([_attempt(False)], now=late) == AssignmentStatus.OVERDUE
    assert status([_attempt(True)], now=late) == AssignmentStatus.SUBMITTED


def test_nothing_is_overdue_while_on_hold(assignment, learner):
    late = assignment.due_at + datetime.timedelta(days=30)
    services.hold_start(assignment=assignment, user=learner, now=assignment.due_at)
    assert (
        services.assignment_status(assignment=assignment, user=learner, attempts=[], now=late)
        == AssignmentStatus.ON_HOLD
    )


def test_after_a_hold_the_due_date_has_moved(assignment, learner):
    start = assignment.due_at - datetime.timedelta(days=1)
    services.hold_start(assignment=assignment, user=learner, now=start)
    services.hold_end(assignment=assignment, user=learner, now=start + datetime.timedelta(days=4))
    three_days_after_due = assignment.due_at + datetime.timedelta(days=3)
    assert (
        services.assignment_status(
            assignment=assignment, user=learner, attempts=[], now=three_days_after_due
        )
        == AssignmentStatus.NOT_STARTED
    )


def test_learner_assignments_list_only_their_groups(assignment, learner, outsider, educator):
    other_group = services.group_create(educator=educator, name="Other")
    services.assignment_create(group=other_group, educator=educator, quiz=assignment.quiz)
    items = services.learner_assignments(user=learner)
    assert [i["assignment"] for i in items] == [assignment]
    assert items[0]["status"] == AssignmentStatus.NOT_STARTED
    assert services.learner_assignments(user=outsider) == []


def test_learner_assignments_query_count_is_fixed(
    group, educator, learner, django_assert_max_num_queries
):
    for _ in range(5):
        assignment = services.assignment_create(
            group=group, educator=educator, quiz=make_quiz(questions=1)
        )
        Attempt.objects.create(quiz=assignment.quiz, user=learner, assignment=assignment)
        services.hold_start(assignment=assignment, user=learner)
    with django_assert_max_num_queries(4):
        assert len(services.learner_assignments(user=learner)) == 5
