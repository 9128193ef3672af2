"""Taking a quiz: start, answer, flag and submit attempts.

The HTML views and the REST API both call these functions. They take plain values, check every
rule on the server and raise a QuizError subclass (a machine-readable `code` and a message a
learner can read) when a request breaks one. A refused request changes nothing.

Every write to an attempt first locks its row (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs
write transactions one at a time, see `transaction_mode` in settings). Answers, flags and the
submit of one attempt therefore happen one after another, even from two tabs or two servers:
an answer can never slip in after the attempt was graded, and it is graded exactly once.
"""

import datetime
import hashlib
import math
import random
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import terms as terms_module
from quizzes.answer_input import clean_choice_ids, parse_id
from quizzes.choices import choices_in_order, question_shuffles_choices, question_snapshot
from quizzes.confidence import clean_confidence
from quizzes.exceptions import (  # noqa: F401 - re-exported for views and the API
    AnswerLocked,
    AttemptSubmitted,
    InvalidChoice,
    NoAttemptsLeft,
    NoChoice,
    QuizError,
    QuizNotFound,
    QuizNotOpen,
    TimeOver,
    TooManyChoices,
    WrongQuestion,
)
from quizzes.mastery import refresh_tallies
from quizzes.models import (
    Attempt,
    FeedbackTiming,
    Question,
    Quiz,
    Response,
    ResponseChoice,
)
from quizzes.signals import attempt_submitted
from quizzes.terms import AttemptTerms  # noqa: F401 - re-exported for the groups app
from quizzes.translations import active_language, is_source

# Shuffled orders must not be guessable from earlier ones.
_random = random.SystemRandom()

# --- terms: what other apps may change about an attempt (quizzes/terms.py) ----------------


def _attempts_allowed(quiz: Quiz, terms: AttemptTerms | None) -> int | None:
    """How many attempts this learner may make (None: no limit): the terms', else the quiz's."""
    return terms.attempts_allowed if terms is not None else quiz.max_attempts


def _time_limit_for(quiz: Quiz, user, terms: AttemptTerms | None) -> datetime.timedelta | None:
    """How long this learner has for one attempt (None: no time limit).

    With terms, their time factor (which already weighs the learner's standing extra time);
    otherwise the learner's standing extra time alone.
    """
    if not quiz.time_limit_minutes:
        return None
    if terms is not None:
        factor = terms.time_factor
    else:
        factor = terms_module.standing_time_factor(user) if user is not None else 1
    if factor is None:
        return None
    return datetime.timedelta(minutes=quiz.time_limit_minutes * factor)


def quiz_attempts_allowed(*, quiz: Quiz, user=None, terms=None) -> int | None:
    """Public face of `_attempts_allowed`, for pages that show the limit."""
    return _attempts_allowed(quiz, terms)


def quiz_time_limit(*, quiz: Quiz, user=None, terms=None) -> datetime.timedelta | None:
    """Public face of `_time_limit_for`, for pages that show the limit."""
    return _time_limit_for(quiz, _account(user), terms)


def grace_period() -> datetime.timedelta:
    """How long after the deadline answers still count (slow connections, a last click)."""
    return datetime.timedelta(seconds=settings.QUIZ_TIME_GRACE_SECONDS)


# --- services ------------------------------------------------------------------------------


def attempt_start(
    *, quiz: Quiz, user=None, visitor_id: str = "", terms: AttemptTerms | None = None
) -> Attempt:
    """Start an attempt at a published quiz, or resume the learner's unfinished one.

    The owner is the account `user`, or else the anonymous `visitor_id`. An unsubmitted
    attempt of the same quiz is returned as it is (its time over: submitted first). A new
    attempt fixes its question and choice order (shuffled when the quiz says so) and its
    deadline, so a resumed attempt looks and behaves the same. It records the active language
    (`Attempt.language`) but always belongs to the source quiz: a translation is refused as
    not found (quizzes/translations.py).
    """
    attempt, _created = attempt_start_or_resume(
        quiz=quiz, user=user, visitor_id=visitor_id, terms=terms
    )
    return attempt


@transaction.atomic
def attempt_start_or_resume(
    *, quiz: Quiz, user=None, visitor_id: str = "", terms: AttemptTerms | None = None
) -> tuple[Attempt, bool]:
    """`attempt_start`, also saying whether the attempt is new (True) or resumed (False).

    Decided under a lock held by this owner's starts of this quiz, so of two starts at once
    one says "new" and the other "resumed" (the API answers 201 and 200).
    """
    user = _account(user)
    if user is None and not visitor_id:
        raise ValueError("An attempt needs an account or a visitor id as its owner.")
    now = timezone.now()
    # The lock makes two clicks on Start create one attempt, not two, and keeps the attempt
    # count honest; other people starting the same quiz do not wait for it.
    try:
        locked_quiz = _lock_starts(quiz, user=user, visitor_id=visitor_id)
    except Quiz.DoesNotExist:
        raise QuizNotFound() from None
    if not locked_quiz.is_public(now) or not is_source(locked_quiz):
        raise QuizNotFound()
    owned = Attempt.objects.owned_by(user=user, visitor_id=visitor_id).filter(quiz=locked_quiz)
    if terms is not None:
        # An assignment counts (and resumes) only the attempts made for it.
        owned = owned.filter(assignment_id=terms.assignment_id)
    current = owned.in_progress().order_by("-started_at").first()
    # An unfinished attempt is resumed, unless its time ran out: then it is graded and closed.
    if current is not None and not attempt_expire(attempt=current):
        return current, False
    used = owned.count()
    allowed = _attempts_allowed(locked_quiz, terms)
    if allowed is not None and used >= allowed:
        raise NoAttemptsLeft()

    questions = list(
        locked_quiz.questions.order_by("position", "pk").prefetch_related(choices_in_order())
    )
    if not questions:
        raise QuizNotOpen(_("This quiz has no questions yet."))
    question_order = [question.pk for question in questions]
    if locked_quiz.shuffle_questions:
        _random.shuffle(question_order)
    choice_order = {}
    for question in questions:
        choice_ids = [choice.pk for choice in question.choices.all()]
        if locked_quiz.shuffle_choices and question_shuffles_choices(question):
            _random.shuffle(choice_ids)
        choice_order[str(question.pk)] = choice_ids

    limit = _time_limit_for(locked_quiz, user, terms)
    attempt = Attempt(
        quiz=locked_quiz,
        user=user,
        visitor_id="" if user else visitor_id,
        assignment_id=terms.assignment_id if terms is not None else None,
        number=used + 1,
        language=active_language(),
        question_order=question_order,
        choice_order=choice_order,
        deadline_at=now + limit if limit else None,
    )
    # flagged and passed are filled in while the attempt is taken and graded. The quiz,
    # owner and assignment were loaded above; the database checks keys and constraints.
    attempt.full_clean(
        exclude=["flagged", "passed", "quiz", "user", "assignment"],
        validate_unique=False,
        validate_constraints=False,
    )
    attempt.save(force_insert=True)
    return attempt, True


def _lock_starts(quiz: Quiz, *, user, visitor_id: str) -> Quiz:
    """Serialise one owner's starts of one quiz (until the transaction ends); return the quiz.

    On PostgreSQL a transaction-level advisory lock keyed by (quiz, owner), so 50 people
    starting the same quiz at once do not queue behind each other; elsewhere the quiz row's
    lock (SQLite runs one write at a time anyway).
    """
    if connection.vendor != "postgresql":
        return Quiz.objects.select_for_update().get(pk=quiz.pk)
    owner = f"user:{user.pk}" if user is not None else f"visitor:{visitor_id}"
    digest = hashlib.sha256(f"msportal:attempt-start:{quiz.pk}:{owner}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    return Quiz.objects.get(pk=quiz.pk)


def attempt_answer(
    *, attempt: Attempt, question_id, choice_ids: Iterable, confidence=None
) -> Response:
    """Record (or, with feedback at the end, change) the answer to one question, graded now.

    `question_id` and `choice_ids` may be ints or strings (form and JSON input). The question
    must be one of this attempt's, every choice one of that question's, without repeats; a
    single-choice or true/false question takes exactly one choice, a multiple-answer one at
    least one. With feedback after each question an answer cannot change once given.
    `confidence` (a `Confidence` value) is required when the quiz asks how sure learners are,
    stored with the answer and never graded (see quizzes/confidence.py).

    After the deadline plus the grace period the answer is refused (TimeOver) and the attempt
    is submitted with the answers already given; that submit is committed, which is why this
    function is not one atomic block.
    """
    try:
        return _attempt_answer(
            attempt=attempt, question_id=question_id, choice_ids=choice_ids, confidence=confidence
        )
    except TimeOver:
        attempt_submit(attempt=attempt)
        raise


@transaction.atomic
def _attempt_answer(*, attempt: Attempt, question_id, choice_ids: Iterable, confidence) -> Response:
    locked = _lock(attempt)
    if locked.is_submitted:
        raise AttemptSubmitted()
    if locked.time_is_over(grace=grace_period()):
        raise TimeOver()
    pk = parse_id(question_id)
    if pk is None or pk not in locked.question_order:
        raise WrongQuestion()
    question = (
        Question.objects.filter(pk=pk, quiz_id=locked.quiz_id)
        .prefetch_related(choices_in_order())
        .order_by("pk")
        .first()
    )
    if question is None:
        raise WrongQuestion()
    chosen = clean_choice_ids(question, choice_ids)
    sureness = clean_confidence(confidence, asked=locked.quiz.ask_confidence)

    response = Response.objects.filter(attempt=locked, question=question).first()
    if response is not None and locked.quiz.feedback_timing == FeedbackTiming.IMMEDIATE:
        raise AnswerLocked()
    is_correct, score = question.grade(chosen, partial_credit=locked.quiz.partial_credit)
    snapshot = question_snapshot(question, chosen, locked.choice_order.get(str(pk)))
    if response is None:
        response = Response(attempt=locked, question=question)
    else:
        ResponseChoice.objects.filter(response=response).delete()
    response.is_correct = is_correct
    response.score = score
    response.snapshot = snapshot
    response.confidence = sureness
    response.save()
    ResponseChoice.objects.bulk_create(
        ResponseChoice(response=response, choice_id=choice_id) for choice_id in snapshot["chosen"]
    )
    Attempt.objects.filter(pk=locked.pk).update(last_activity_at=timezone.now())
    return response


@transaction.atomic
def attempt_flag(*, attempt: Attempt, question_id, flagged: bool) -> Attempt:
    """Mark a question to come back to, or clear the mark. Returns the updated attempt."""
    locked = _lock(attempt)
    if locked.is_submitted:
        raise AttemptSubmitted()
    pk = parse_id(question_id)
    if pk is None or pk not in locked.question_order:
        raise WrongQuestion()
    flags = [flag for flag in locked.flagged if flag != pk]
    if flagged:
        flags.append(pk)
    locked.flagged = flags
    locked.save(update_fields=["flagged", "last_activity_at"])
    attempt.flagged = flags
    return locked


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Grade and close an attempt; a second call returns the submitted attempt unchanged.

    Score = sum of the response scores, max score = number of questions (unanswered ones
    count as 0), passed = percent >= the quiz's pass mark. Safe against double clicks, two
    tabs and two servers: the row lock serialises callers, and the conditional UPDATE ...
    WHERE submitted_at IS NULL lets only one of them write the grade.
    """
    locked = _lock(attempt)
    if locked.is_submitted:
        return locked
    score = locked.responses.aggregate(total=Sum("score"))["total"] or 0.0
    # Questions deleted before they were answered no longer count (answered ones are kept).
    max_score = float(Question.objects.filter(pk__in=locked.question_order).count())
    percent = round(100 * score / max_score, 1) if max_score else 0.0
    grade = {
        "submitted_at": timezone.now(),
        "score": score,
        "max_score": max_score,
        "percent": percent,
        "passed": percent >= locked.quiz.pass_percent,
    }
    written = Attempt.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(**grade)
    if not written:
        return Attempt.objects.select_related("quiz").get(pk=locked.pk)
    for field, value in grade.items():
        setattr(locked, field, value)
    if locked.user_id:
        refresh_tallies(user_ids=[locked.user_id])
    attempt_submitted.send(sender=Attempt, attempt=locked)
    return locked


def attempt_expire(*, attempt: Attempt) -> bool:
    """Submit an unsubmitted attempt whose time (plus grace) is over.

    Returns True when this attempt was closed because its time ran out; the given attempt
    object is updated with the grade.
    """
    if attempt.is_submitted or not attempt.time_is_over(grace=grace_period()):
        return False
    submitted = attempt_submit(attempt=attempt)
    for field in ("submitted_at", "score", "max_score", "percent", "passed"):
        setattr(attempt, field, getattr(submitted, field))
    return True


def attempt_for_owner(
    *,
    attempt_id,
    user=None,
    visitor_id: str = "",
    related: tuple[str, ...] = ("quiz__module", "assignment"),
) -> Attempt:
    """The attempt with this id when it belongs to this learner, else QuizNotFound.

    Nobody else may see an attempt, staff included: they get "not found", which also keeps
    attempt ids from being confirmed by guessing. `related` names what to load with it in the
    same query (a quiz step needs no module: fewer joins are cheaper to build and read).
    """
    try:
        attempt_id = uuid.UUID(str(attempt_id))
    except ValueError:
        raise QuizNotFound(_("We could not find that quiz attempt.")) from None
    queryset = Attempt.objects.owned_by(user=_account(user), visitor_id=visitor_id)
    try:
        # get(), not first(): the id is the primary key, so no ORDER BY to build or run.
        return queryset.select_related(*related).get(pk=attempt_id)
    except Attempt.DoesNotExist:
        raise QuizNotFound(_("We could not find that quiz attempt.")) from None


# --- helpers -------------------------------------------------------------------------------


def minutes_left(attempt: Attempt, now=None) -> int | None:
    """Whole minutes until the deadline, rounded up (None without a time limit)."""
    if attempt.deadline_at is None:
        return None
    seconds = (attempt.deadline_at - (now or timezone.now())).total_seconds()
    return max(0, math.ceil(seconds / 60))


def _account(user):
    return user if user is not None and user.is_authenticated else None


def _lock(attempt: Attempt) -> Attempt:
    # of=("self",): lock the attempt row only, not the quiz joined in for its settings.
    return Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt.pk)
