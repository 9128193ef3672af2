"""The review queue's operations: queue missed questions, answer a card, move a visitor's
cards into an account, turn reviews on or off. Pages and the API both call these.

Leitner boxes: a card starts in box 1 and is due at once (it is offered as "Practise now"
right after the quiz). A right answer given "Sure" or "Fairly sure" moves it up a box, to
come back after 3, 7 and 21 days, and from box 4 to box 5, learned; a right answer given as a
guess keeps it in its box, back after that box's interval; a wrong answer sends it back to
box 1, due again in 1 day. Answers go to ReviewAnswer, never to attempts.
"""

import random

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.answer_input import clean_choice_ids, parse_id
from quizzes.attempt_models import Confidence
from quizzes.choices import choices_in_attempt_order, question_shuffles_choices, question_snapshot
from quizzes.confidence import clean_confidence
from quizzes.exceptions import QuizConflict, QuizError, QuizNotFound  # noqa: F401 - re-exported
from quizzes.models import Choice
from review import queue_count
from review.models import LEARNED_BOX, Move, ReviewAnswer, ReviewCard, ReviewSettings, due_after

# A card's choice order must not be guessable from another's.
_random = random.SystemRandom()


class CardNotFound(QuizNotFound):
    code = "not_found"
    default_message = _("We could not find that question in your review queue.")


class CardNotDue(QuizConflict):
    code = "not_due"
    default_message = _(
        "This question is not due for review now. You may have answered it already."
    )


def needs_review(response) -> bool:
    """A quiz answer that queues its question: wrong, or right but a guess."""
    return not response.is_correct or response.confidence == Confidence.GUESSING


def cards_from_attempt(sender=None, *, attempt, **kwargs) -> int:
    """Queue a just-submitted attempt's missed and guessed questions; returns how many.

    Receiver for quizzes.signals.attempt_submitted, inside the submit's transaction. A
    question already queued goes back to box 1 when it was missed again; a guess leaves an
    existing card where it is. Nothing is queued for a learner who turned reviews off.
    """
    owner = {"user": attempt.user, "visitor_id": attempt.visitor_id}
    if not queue_count.reviews_enabled(attempt.user):
        return 0
    answered = attempt.responses.select_related("question__quiz").prefetch_related(
        question_choices()
    )
    responses = [response for response in answered if needs_review(response)]
    if not responses:
        return 0
    now = attempt.submitted_at or timezone.now()
    mine = ReviewCard.objects.owned_by(**owner)
    existing = {c.question_id: c for c in mine.filter(question__in=[r.question for r in responses])}
    new, reset = [], []
    for response in responses:
        card = existing.get(response.question_id)
        if card is None:
            new.append(_new_card(owner, response.question, now))
        elif not response.is_correct or card.retired:
            card.box, card.due_at, card.retired = 1, now, False
            reset.append(card)
    ReviewCard.objects.bulk_create(new)
    ReviewCard.objects.bulk_update(reset, ["box", "due_at", "retired"])
    queue_count.refresh(**owner)
    return len(new) + len(reset)


def _new_card(owner, question, now) -> ReviewCard:
    order = [choice.pk for choice in question.choices.all()]
    if question.quiz.shuffle_choices and question_shuffles_choices(question):
        _random.shuffle(order)
    visitor_id = "" if owner["user"] is not None else owner["visitor_id"]
    return ReviewCard(
        user=owner["user"], visitor_id=visitor_id, question=question, due_at=now, choice_order=order
    )


def card_for_owner(*, card_id, user=None, visitor_id="") -> ReviewCard:
    """This learner's card, else CardNotFound (another person's card is "not found" too)."""
    pk = parse_id(card_id)
    card = (
        ReviewCard.objects.owned_by(user=user, visitor_id=visitor_id)
        .select_related("question__quiz", "question__article__module")
        .prefetch_related(question_choices())
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if card is None:
        raise CardNotFound()
    return card


def next_due_card(*, user=None, visitor_id="") -> ReviewCard | None:
    """The learner's card to practise next: the longest due first."""
    if not queue_count.reviews_enabled(user):
        return None
    return (
        ReviewCard.objects.owned_by(user=user, visitor_id=visitor_id)
        .due()
        .select_related("question__quiz", "question__article__module")
        .prefetch_related(question_choices())
        .order_by("due_at", "pk")
        .first()
    )


def question_choices():
    # Ordered by the choice's own columns, as quizzes.choices.choices_in_order explains.
    return Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk"))


@transaction.atomic
def card_answer(*, card: ReviewCard, choice_ids, confidence) -> ReviewAnswer:
    """Answer a due card: grade it, move it between boxes, record the answer.

    Refused, changing nothing, when the card is not due (answered already: a double click or
    a second tab, learned, or retired), a choice is not one of the question's, or the
    confidence is missing or not one of sure, fairly sure, guessing (quizzes.confidence).
    """
    locked = ReviewCard.objects.select_for_update(of=("self",)).get(pk=card.pk)
    now = timezone.now()
    locked.question = card.question  # the prefetched question and choices
    if queue_count.reviews_enabled(locked.user) is False or not locked.is_due(now):
        raise CardNotDue()
    chosen = clean_choice_ids(card.question, choice_ids)
    # The quizzes app's one check of the value; a practice answer always says how sure.
    confidence = clean_confidence(confidence, asked=True)
    is_correct, score = card.question.grade(
        chosen, partial_credit=card.question.quiz.partial_credit
    )
    box_before = locked.box
    if not is_correct:
        locked.box, move = 1, Move.BACK
    elif confidence == Confidence.GUESSING:
        move = Move.SAME
    else:
        locked.box, move = min(locked.box + 1, LEARNED_BOX), Move.UP
    locked.due_at = due_after(locked.box, now)
    locked.last_answered_at = now
    locked.save(update_fields=["box", "due_at", "last_answered_at"])
    answer = ReviewAnswer.objects.create(
        card=locked,
        chosen=chosen,
        is_correct=is_correct,
        score=score,
        confidence=confidence,
        snapshot=question_snapshot(card.question, chosen, card.choice_order),
        box_before=box_before,
        box_after=locked.box,
        move=move,
        answered_at=now,
    )
    for field in ("box", "due_at", "last_answered_at"):
        setattr(card, field, getattr(locked, field))
    queue_count.refresh(user=locked.user, visitor_id=locked.visitor_id)
    return answer


def card_choices(card: ReviewCard) -> list:
    """The card's question's current choices in the card's fixed order."""
    return choices_in_attempt_order(card.question, card.choice_order)


def round_moves(*, user=None, visitor_id="", since) -> dict:
    """What the answers given since `since` did: {"up": n, "same": n, "back": n}."""
    moves = {move.value: 0 for move in Move}
    cards = ReviewCard.objects.owned_by(user=user, visitor_id=visitor_id)
    answers = ReviewAnswer.objects.filter(answered_at__gte=since, card__in=cards)
    for move in answers.values_list("move", flat=True):
        moves[move] += 1
    return moves


@transaction.atomic
def cards_claim(*, user, visitor_id: str) -> int:
    """Move a visitor's cards into `user`'s account at signup or login; returns how many.

    Where the account already has a card for the same question it keeps its own, and the
    visitor's copy (with its answers) is deleted: one card per learner and question.
    """
    if not visitor_id:
        return 0
    visitor_cards = ReviewCard.objects.filter(user__isnull=True, visitor_id=visitor_id)
    taken = ReviewCard.objects.filter(user=user).values("question_id")
    visitor_cards.filter(question_id__in=taken).delete()
    moved = visitor_cards.update(user=user, visitor_id="")
    queue_count.refresh(user=user)
    queue_count.refresh(visitor_id=visitor_id)
    return moved


@transaction.atomic
def review_settings_save(*, user, enabled: bool) -> ReviewSettings:
    """Turn a learner's reviews on or off. Off hides the queue and stops new cards; the
    cards already queued wait, unchanged, for reviews to be turned on again."""
    setting, _created = ReviewSettings.objects.update_or_create(
        user=user, defaults={"enabled": enabled}
    )
    queue_count.refresh(user=user)
    return setting
