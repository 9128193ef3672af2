"""The review queue's rules: which questions are queued, the Leitner moves, claiming,
retiring, and refusals that change nothing."""

import datetime
import time

import pytest
from django.utils import timezone

from accounts.services import claim_visitor_data
from publishing.models import Status
from quizzes import services as quiz_services
from quizzes.attempt_models import Attempt
from quizzes.exceptions import InvalidConfidence
from review import queue_count, services
from review.models import ReviewAnswer, ReviewCard
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice, wrong_choice
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db


def answer(card, how, confidence="sure"):
    question = card.question
    choice = right_choice(question) if how == "right" else wrong_choice(question)
    card = services.card_for_owner(card_id=card.pk, user=card.user, visitor_id=card.visitor_id)
    return services.card_answer(card=card, choice_ids=[choice.pk], confidence=confidence)


def make_due(card, box=None):
    ReviewCard.objects.filter(pk=card.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1), **({"box": box} if box else {})
    )
    return ReviewCard.objects.get(pk=card.pk)


def state(user):
    return sorted(ReviewCard.objects.filter(user=user).values_list("pk", "box", "due_at")), list(
        ReviewAnswer.objects.filter(card__user=user).values_list("pk", flat=True)
    )


def test_submit_queues_wrong_and_guessed_questions_only():
    quiz, attempt = take_quiz(answers=("wrong", "right", "right"), guessed=(2,))
    questions = list(quiz.questions.order_by("position"))
    cards = ReviewCard.objects.filter(user=attempt.user)
    assert {card.question_id for card in cards} == {questions[0].pk, questions[2].pk}
    assert all(card.box == 1 and card.due_at <= timezone.now() for card in cards)


def test_a_second_submit_queues_nothing_more():
    _quiz, attempt = take_quiz(answers=("wrong",))
    quiz_services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
    assert ReviewCard.objects.filter(user=attempt.user).count() == 1


def test_missed_again_in_a_quiz_sends_an_existing_card_back_to_box_1():
    user = make_user()
    quiz, _attempt = take_quiz(user=user, answers=("wrong",))
    card = ReviewCard.objects.get(user=user)
    ReviewCard.objects.filter(pk=card.pk).update(box=3)
    take_quiz(quiz=quiz, user=user, answers=("wrong",))
    card.refresh_from_db()
    assert card.box == 1
    assert ReviewCard.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("how", "confidence", "box_after", "days"),
    [
        ("right", "sure", 3, 7),
        ("right", "fairly", 3, 7),
        ("right", "guessing", 2, 3),
        ("wrong", "sure", 1, 1),
        ("wrong", "guessing", 1, 1),
    ],
)
def test_leitner_moves(how, confidence, box_after, days):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = make_due(ReviewCard.objects.get(user=attempt.user), box=2)
    before = timezone.now()
    result = answer(card, how, confidence)
    card.refresh_from_db()
    assert (card.box, result.box_before, result.box_after) == (box_after, 2, box_after)
    assert before + datetime.timedelta(days=days) <= card.due_at
    assert card.due_at <= timezone.now() + datetime.timedelta(days=days)


def test_the_intervals_are_1_3_7_21_days_then_learned():
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get(user=attempt.user)
    gaps = []
    for _box in range(4):
        card = make_due(card)
        start = timezone.now()
        answer(card, "right")
        card.refresh_from_db()
        gaps.append(round((card.due_at - start).total_seconds() / 86400))
    assert gaps == [3, 7, 21, 21]
    assert card.box == 5
    assert not ReviewCard.objects.filter(pk=card.pk).due(
        timezone.now() + datetime.timedelta(days=99)
    )


def test_review_answers_never_touch_the_attempt():
    _quiz, attempt = take_quiz(answers=("wrong", "wrong"))
    before = Attempt.objects.filter(pk=attempt.pk).values().get()
    for card in ReviewCard.objects.filter(user=attempt.user):
        answer(card, "right")
    assert Attempt.objects.filter(pk=attempt.pk).values().get() == before
    assert attempt.responses.count() == 2


def test_a_card_not_due_is_refused_and_nothing_changes():
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get(user=attempt.user)
    answer(card, "right")  # now due in 3 days: a second (double) submit is refused
    before = state(attempt.user)
    with pytest.raises(services.CardNotDue):
        answer(card, "wrong")
    assert state(attempt.user) == before


@pytest.mark.parametrize(
    ("choices", "confidence", "error"),
    [
        (["999999"], "sure", quiz_services.InvalidChoice),
        ([], "sure", quiz_services.NoChoice),
        (["x"], "sure", quiz_services.InvalidChoice),
        (None, "certain", InvalidConfidence),
        (None, "", InvalidConfidence),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(choices, confidence, error):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = services.card_for_owner(card_id=ReviewCard.objects.get().pk, user=attempt.user)
    if choices is None:
        choices = [right_choice(card.question).pk]
    before = state(attempt.user)
    with pytest.raises(error):
        services.card_answer(card=card, choice_ids=choices, confidence=confidence)
    assert state(attempt.user) == before


def test_a_choice_of_another_question_is_refused():
    _quiz, attempt = take_quiz(answers=("wrong", "wrong"))
    first, second = ReviewCard.objects.filter(user=attempt.user).order_by("pk")
    card = services.card_for_owner(card_id=first.pk, user=attempt.user)
    with pytest.raises(services.QuizError) as refused:
        services.card_answer(
            card=card, choice_ids=[right_choice(second.question).pk], confidence="sure"
        )
    assert refused.value.code == "invalid_choice"


@pytest.mark.parametrize("card_id", ["other", "0", "-1", "abc", "99999999"])
def test_someone_elses_or_a_made_up_card_is_not_found(card_id):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get(user=attempt.user)
    with pytest.raises(services.CardNotFound):
        services.card_for_owner(
            card_id=card.pk if card_id == "other" else card_id, user=make_user()
        )
    with pytest.raises(services.CardNotFound):
        services.card_for_owner(card_id=card.pk, visitor_id="someone-else")


def test_a_visitors_cards_move_into_the_account_at_login():
    quiz, _attempt = take_quiz(visitor_id="v-1", answers=("wrong", "wrong"))
    user = make_user()
    first = quiz.questions.order_by("position").first()
    ReviewCard.objects.create(user=user, question=first, due_at=timezone.now(), box=3)
    result = claim_visitor_data(user=user, visitor_id="v-1")
    assert result["review_cards_moved"] == 1
    cards = ReviewCard.objects.filter(user=user)
    assert cards.count() == 2
    assert cards.get(question=first).box == 3  # the account's own card is kept
    assert not ReviewCard.objects.filter(visitor_id="v-1").exists()


def test_edited_question_cards_show_the_current_version():
    quiz, attempt = take_quiz(answers=("wrong",))
    question = quiz.questions.get()
    question.prompt = "Edited prompt?"
    question.save()
    card = services.next_due_card(user=attempt.user)
    assert card.question.prompt == "Edited prompt?"


@pytest.mark.parametrize("change", ["archive", "unpublish", "expire"])
def test_cards_retire_with_their_quiz_or_question(change):
    quiz, attempt = take_quiz(answers=("wrong",))
    assert queue_count.due_count(user=attempt.user) == 1
    if change == "archive":
        quiz.status = Status.ARCHIVED
    elif change == "unpublish":
        quiz.status = Status.DRAFT
    elif change == "expire":
        quiz.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    quiz.save()
    card = ReviewCard.objects.get()
    with pytest.raises(services.CardNotDue):
        answer(card, "right")
    assert services.next_due_card(user=attempt.user) is None
    assert queue_count.due_count(user=attempt.user) == 0
    quiz.status, quiz.expires_at = Status.PUBLISHED, None
    quiz.save()  # published again: the card is back
    assert queue_count.due_count(user=attempt.user) == 1


def test_a_deleted_question_takes_its_cards_and_the_count_follows():
    user = make_user()
    question = make_quiz(questions=1).questions.get()  # not answered: it may be deleted
    ReviewCard.objects.create(user=user, question=question, due_at=timezone.now())
    assert queue_count.due_count(user=user) == 1
    question.delete()
    assert not ReviewCard.objects.exists()
    assert queue_count.due_count(user=user) == 0


def test_turned_off_nothing_is_queued_or_offered():
    user = make_user()
    services.review_settings_save(user=user, enabled=False)
    take_quiz(user=user, answers=("wrong",))
    assert not ReviewCard.objects.filter(user=user).exists()
    services.review_settings_save(user=user, enabled=True)
    take_quiz(user=user, answers=("wrong",))
    assert queue_count.due_count(user=user) == 1
    services.review_settings_save(user=user, enabled=False)
    assert queue_count.due_count(user=user) == 0
    assert services.next_due_card(user=user) is None


def test_the_cached_count_goes_up_when_a_card_falls_due(django_assert_max_num_queries):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get()
    ReviewCard.objects.filter(pk=card.pk).update(
        due_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert queue_count.refresh(user=attempt.user) == 0
    with django_assert_max_num_queries(0):
        assert queue_count.due_count(user=attempt.user) == 0
    time.sleep(1.1)  # the card falls due: the cached entry knew when, and counts again
    assert queue_count.due_count(user=attempt.user) == 1
