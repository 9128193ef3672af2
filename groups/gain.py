"""Before and after: the rules of an assignment with a before test (a pre-test).

One place for them; the learner's page, its Start button, the API and the educator's waiver
all ask these. The learner takes the before test first (once), reads the module, then the
after test (the assignment's own quiz) opens: only once the before test is submitted, or the
educator has waived it for them. The before test's attempt carries the assignment (so the
group rules, membership and dates apply) and a PreTest row marks it as the before test, so
it never counts as the assignment's result. The figures are in groups/gain_stats.py.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import services
from groups.models import Assignment, Membership, PreTest
from quizzes import services as quiz_services
from quizzes.exceptions import QuizConflict, QuizNotFound
from quizzes.models import Attempt, Quiz


class Step(TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")


# The before-and-after refusals are conflicts with where the learner stands (the API's 409,
# quizzes/api/common.py), the quizzes app's kind; a quiz that is not the step's is its
# QuizNotFound.
class PreTestFirst(QuizConflict):
    code = "pre_test_first"
    default_message = _(
        "Take the before test first. The after test opens once you have submitted it."
    )


class WrongStep(QuizConflict):
    code = "wrong_step"
    default_message = _("Choose the step: “before” or “after”.")


class PreTestDone(QuizConflict):
    code = "pre_test_done"
    default_message = _("You have already taken the before test. It is taken once.")


class PreTestWaived(QuizConflict):
    code = "pre_test_waived"
    default_message = _("Your educator has let you skip the before test. Go on to the after test.")


@dataclasses.dataclass(frozen=True)
class PreState:
    """Where one learner is with a before test."""

    attempt: Attempt | None = None
    waived: bool = False

    @property
    def submitted(self) -> bool:
        return self.attempt is not None and self.attempt.submitted_at is not None

    @property
    def in_progress(self) -> bool:
        return self.attempt is not None and self.attempt.submitted_at is None

    @property
    def after_open(self) -> bool:
        """The after test opens once the before test is submitted, or waived and not begun
        (an unfinished before test is finished first, so it is never mistaken for the after
        test)."""
        return self.submitted or (self.waived and not self.in_progress)


def pre_state(*, assignment: Assignment, user, lock: bool = False) -> PreState:
    """This learner's before test on an assignment (a plain assignment: nothing to take)."""
    rows = PreTest.objects.filter(assignment=assignment, user=user).select_related("attempt")
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.first()
    if row is None:
        return PreState()
    return PreState(attempt=row.attempt, waived=row.waived_at is not None)


def pre_states(*, assignment_ids, user) -> dict[int, PreState]:
    """The learner's before tests on several assignments, in one query (their list page)."""
    rows = PreTest.objects.filter(assignment_id__in=assignment_ids, user=user)
    return {
        row.assignment_id: PreState(attempt=row.attempt, waived=row.waived_at is not None)
        for row in rows.select_related("attempt")
    }


def step_for(*, assignment: Assignment, quiz: Quiz, state: PreState, asked: str = "") -> Step:
    """Which step a start is for: the one asked for, else the quiz's (when the two quizzes
    differ), else the learner's next one. An unknown step or a quiz that is not the step's
    is refused as not found."""
    if asked and asked not in Step.values:
        raise WrongStep()
    if not assignment.is_before_after:
        step = Step(asked or Step.AFTER)
        if step != Step.AFTER:
            raise WrongStep(_("This assignment has no before test."))
    elif asked:
        step = Step(asked)
    elif assignment.pre_quiz_id != assignment.quiz_id:
        step = Step.BEFORE if quiz.pk == assignment.pre_quiz_id else Step.AFTER
    else:
        step = Step.AFTER if state.submitted or state.waived else Step.BEFORE
    expected = assignment.pre_quiz_id if step == Step.BEFORE else assignment.quiz_id
    if quiz.pk != expected:
        raise QuizNotFound()
    return step


@transaction.atomic
def start_step(*, assignment: Assignment, user, quiz: Quiz | None = None, asked: str = ""):
    """Start or resume the learner's before or after test; (attempt, created).

    Refuses (a QuizConflict or QuizNotFound, nothing created) an after test before the
    before test is submitted or waived, a second before test, and a before test that was
    waived.
    """
    if user is None or not user.is_authenticated:
        raise QuizNotFound()
    if not assignment.is_before_after:
        step_for(assignment=assignment, quiz=quiz or assignment.quiz, state=PreState(), asked=asked)
        return services.assignment_attempt_start_or_resume(
            quiz=quiz or assignment.quiz, user=user, assignment=assignment
        )
    # Membership and opening date, as for any assignment attempt.
    services._check_assignment(quiz=assignment.quiz, user=user, assignment=assignment)
    state = pre_state(assignment=assignment, user=user, lock=True)
    if quiz is None:
        quiz = assignment.pre_quiz if _next_is_before(assignment, state, asked) else assignment.quiz
    step = step_for(assignment=assignment, quiz=quiz, state=state, asked=asked)
    if step == Step.BEFORE:
        return _start_before(assignment=assignment, user=user, state=state)
    if not state.after_open:
        raise PreTestFirst()
    terms = services.assignment_terms(assignment=assignment, user=user)
    if state.attempt is not None and assignment.pre_quiz_id == assignment.quiz_id:
        # The before test is an attempt at the same quiz: it does not use up an attempt.
        allowed = terms.attempts_allowed
        terms = dataclasses.replace(terms, attempts_allowed=allowed and allowed + 1)
    return quiz_services.attempt_start_or_resume(quiz=assignment.quiz, user=user, terms=terms)


def _next_is_before(assignment, state: PreState, asked: str) -> bool:
    if asked:
        return asked == Step.BEFORE
    return assignment.is_before_after and not (state.submitted or state.waived)


def _start_before(*, assignment: Assignment, user, state: PreState):
    if state.submitted:
        raise PreTestDone()
    if state.in_progress:
        # Resumed as it is; a before test whose time ran out is graded and closed.
        if quiz_services.attempt_expire(attempt=state.attempt):
            raise PreTestDone()
        return state.attempt, False
    if state.waived:
        raise PreTestWaived()
    terms = services.assignment_terms(assignment=assignment, user=user)
    # One before test, whatever the assignment's attempt limit (checked above).
    terms = dataclasses.replace(terms, attempts_allowed=None)
    attempt, created = quiz_services.attempt_start_or_resume(
        quiz=assignment.pre_quiz, user=user, terms=terms
    )
    PreTest.objects.update_or_create(
        assignment=assignment, user=user, defaults={"attempt": attempt}
    )
    return attempt, created


@transaction.atomic
def waive(*, assignment: Assignment, educator, user) -> PreTest:
    """The group's educator lets one member skip the before test (not once they took it)."""
    services._require_owner(assignment.group, educator)
    if not assignment.is_before_after:
        raise ValidationError(_("This assignment has no before test."))
    if not Membership.objects.filter(group_id=assignment.group_id, user=user).exists():
        raise ValidationError(_("That person is not a member of this group."))
    state = pre_state(assignment=assignment, user=user, lock=True)
    if state.attempt is not None:
        raise ValidationError(_("This learner has already started the before test."))
    if state.waived:
        raise ValidationError(_("The before test is already waived for this learner."))
    try:
        with transaction.atomic():
            return PreTest.objects.create(
                assignment=assignment, user=user, waived_at=timezone.now()
            )
    except IntegrityError:  # two clicks at once
        raise ValidationError(_("The before test is already waived for this learner.")) from None
