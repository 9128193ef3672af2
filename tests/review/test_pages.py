"""The review pages: the queue, one card per step (with and without htmx), what moved,
"Practise now" on the quiz result, "Review (N)" in the header and on My progress, and the
on/off setting."""

import pytest
from django.urls import reverse

from quizzes.attempt_models import Attempt
from review.models import ReviewAnswer, ReviewCard
from tests.factories import make_user
from tests.quizzes.taking import right_choice, wrong_choice
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def learner(client):
    user = make_user()
    client.force_login(user)
    return user


def post_answer(client, card, how="right", confidence="sure", **extra):
    choice = right_choice(card.question) if how == "right" else wrong_choice(card.question)
    data = {"choice": [choice.pk], "confidence": confidence}
    return client.post(reverse("review:answer", args=[card.pk]), data, **extra)


def test_queue_page_says_how_many_are_due_and_starts(client, learner):
    take_quiz(user=learner, answers=("wrong", "wrong", "right"))
    page = client.get(reverse("review:queue")).content.decode()
    assert "You have 2 questions to practise today." in page
    response = client.post(reverse("review:queue"))
    assert response.url == reverse("review:step")
    step = client.get(reverse("review:step")).content.decode()
    assert "How sure are you?" in step
    assert "Correct" not in step  # no answer before it is given


def test_nothing_due(client, learner):
    assert "Nothing to practise today." in client.get(reverse("review:queue")).content.decode()
    assert client.get(reverse("review:step")).url == reverse("review:queue")


def test_a_round_without_javascript_ends_with_what_moved(client, learner):
    take_quiz(user=learner, answers=("wrong", "wrong", "wrong"))
    client.post(reverse("review:queue"))
    for how, confidence in [("right", "sure"), ("right", "guessing"), ("wrong", "sure")]:
        card = ReviewCard.objects.due().filter(user=learner).first()
        response = post_answer(client, card, how, confidence)
        assert response.url == reverse("review:card", args=[card.pk])
        feedback = client.get(response.url).content.decode()
        assert ("Correct" if how == "right" else "Not quite") in feedback
        assert "Why:" in feedback
    summary = client.get(client.get(reverse("review:step")).url).content.decode()
    assert "1 card moves on" in summary
    assert "1 card stays where it was" in summary
    assert "1 card comes back tomorrow." in summary
    assert "Nothing to practise today." in summary


def test_answer_with_htmx_swaps_the_card_and_announces(client, learner):
    take_quiz(user=learner, answers=("wrong", "wrong"))
    card = ReviewCard.objects.filter(user=learner).first()
    response = post_answer(client, card, "wrong", headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-announce="Not quite. The right answer is shown."' in body
    assert "<html" not in body
    assert "comes back tomorrow" in body
    # The header's count is updated out of band: one card is left.
    assert 'id="review-nav" hx-swap-oob="true">' in body
    assert "Review (1)" in body
    assert response["HX-Push-Url"] == reverse("review:card", args=[card.pk])


def test_choices_keep_the_cards_order(client, learner):
    take_quiz(user=learner, answers=("wrong",))
    card = ReviewCard.objects.get(user=learner)
    ReviewCard.objects.filter(pk=card.pk).update(choice_order=list(reversed(card.choice_order)))
    page = client.get(reverse("review:card", args=[card.pk])).content.decode()
    texts = [c.text for c in card.question.choices.order_by("-position")]
    positions = [page.index(text) for text in texts]
    assert positions == sorted(positions)


def test_a_double_submit_changes_nothing_and_goes_on(client, learner):
    take_quiz(user=learner, answers=("wrong", "wrong"))
    card = ReviewCard.objects.filter(user=learner).first()
    post_answer(client, card)
    box = ReviewCard.objects.get(pk=card.pk).box
    again = post_answer(client, card, "wrong")
    assert again.url == reverse("review:step")
    assert ReviewCard.objects.get(pk=card.pk).box == box
    assert ReviewAnswer.objects.filter(card=card).count() == 1
    htmx_again = post_answer(client, card, headers=HTMX)
    assert htmx_again["HX-Redirect"] == reverse("review:step")


@pytest.mark.parametrize(
    "data",
    [
        {"confidence": "sure"},
        {"choice": ["99999999"], "confidence": "sure"},
        {"choice": ["not-a-number"], "confidence": "sure"},
        {"confidence": "certain", "choice": "RIGHT"},
        {"choice": "RIGHT"},
    ],
)
def test_bad_input_shows_the_error_on_the_card_and_changes_nothing(client, learner, data):
    take_quiz(user=learner, answers=("wrong",))
    card = ReviewCard.objects.get(user=learner)
    if data.get("choice") == "RIGHT":
        data = {**data, "choice": [right_choice(card.question).pk]}
    response = client.post(reverse("review:answer", args=[card.pk]), data)
    assert response.status_code == 400
    assert 'class="field-error step-error"' in response.content.decode()
    assert not ReviewAnswer.objects.exists()
    assert ReviewCard.objects.get(pk=card.pk).box == 1


def test_someone_elses_card_is_not_found(client, learner):
    _quiz, attempt = take_quiz(answers=("wrong",))
    card = ReviewCard.objects.get(user=attempt.user)
    assert client.get(reverse("review:card", args=[card.pk])).status_code == 404
    assert post_answer(client, card).status_code == 404
    assert not ReviewAnswer.objects.exists()


def test_practise_now_on_the_result_page_and_review_in_the_header(client, learner):
    _quiz, attempt = take_quiz(user=learner, answers=("wrong", "right", "right"), guessed=(1,))
    page = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "Practise now" in page
    assert "2 questions you missed or guessed are waiting" in page
    assert "Review (2)" in page
    for card in ReviewCard.objects.filter(user=learner):
        post_answer(client, card)
    page = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "Practise now" not in page
    assert "Review (" not in page


def test_my_progress_says_what_is_due_and_starts_a_round(client, learner):
    # On a phone "Review (N)" is inside the menu: My progress says it in the page as well.
    me = reverse("accounts:me")
    assert 'id="review-due-heading"' not in client.get(me).content.decode()
    take_quiz(user=learner, answers=("wrong", "wrong", "right"))
    page = client.get(me).content.decode()
    assert 'id="review-due-heading"' in page
    assert "You have 2 questions to practise today." in page
    assert f'<form method="post" action="{reverse("review:queue")}">' in page
    assert client.post(reverse("review:queue")).url == reverse("review:step")
    for card in ReviewCard.objects.filter(user=learner):
        post_answer(client, card)
    assert 'id="review-due-heading"' not in client.get(me).content.decode()


def test_an_anonymous_visitor_practises_and_keeps_the_queue_at_signup(client):
    quiz = take_quiz(answers=("wrong", "wrong"))[0]
    client.post(quiz.get_absolute_url())  # start as a visitor
    attempt = Attempt.objects.get(user__isnull=True)
    for question in quiz.questions.all():
        client.post(
            reverse("quizzes:attempt-answer", args=[attempt.pk]),
            {"question": question.pk, "choice": [wrong_choice(question).pk]},
        )
    client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
    assert "Review (2)" in client.get(reverse("review:queue")).content.decode()
    post_answer(client, ReviewCard.objects.filter(user__isnull=True).first())
    client.post(
        reverse("accounts:signup"),
        {
            "username": "newlearner",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    cards = ReviewCard.objects.filter(user__username="newlearner")
    assert cards.count() == 2
    assert "Review (1)" in client.get(reverse("review:queue")).content.decode()


def test_reviews_can_be_turned_off_and_on_in_settings(client, learner):
    take_quiz(user=learner, answers=("wrong",))
    assert "Offer me" not in client.get(reverse("accounts:settings")).content.decode()
    response = client.post(reverse("accounts:settings-review"), {})
    assert response.url == reverse("accounts:settings")
    page = client.get(reverse("review:queue")).content.decode()
    assert "You turned reviews off" in page
    assert "Review (" not in page
    assert client.get(reverse("review:step")).url == reverse("review:queue")
    client.post(reverse("accounts:settings-review"), {"enabled": "on"})
    assert "Review (1)" in client.get(reverse("review:queue")).content.decode()
