"""The quiz step kept whole with holes (publishing/holes.py, quizzes/views/attempts.py).

Made from the kept copy, the step page is the page made in full; each learner gets their own
step (answers, choice order, flags, progress), title, account menu, messages, CSRF token and
attempt address; an edit shows on the very next request; languages are kept apart.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from publishing import holes
from quizzes.models import FeedbackTiming
from tests.factories import make_quiz, make_user
from tests.quizzes.taking import right_choice, start, wrong_choice
from tests.quizzes.translating import make_translation
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
CHOICES = re.compile(r'name="choice" value="(\d+)"')
PICKED = re.compile(r'name="choice" value="\d+" checked')


@pytest.fixture(autouse=True)
def _nothing_kept_yet():
    holes.KEPT.clear()


def _learner(quiz, **user_fields):
    user = make_user(**user_fields)
    client = Client()
    client.force_login(user)
    return client, start(quiz, user=user), user


def _url(attempt, language="en"):
    with translation.override(language):
        return reverse("quizzes:attempt-detail", args=[attempt.pk])


def _page(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    return response.content.decode()


def _answer(client, attempt, question, choice):
    url = reverse("quizzes:attempt-answer", args=[attempt.pk])
    assert client.post(url, {"question": question.pk, "choice": choice.pk}).status_code == 302


@pytest.mark.parametrize("query", ["", "?q=2"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_kept_step_is_the_step_made_in_full(settings, language, query):
    quiz = make_quiz(questions=3, ask_confidence=True, feedback_timing=FeedbackTiming.AT_END)
    make_translation(quiz)
    client, attempt, _user = _learner(quiz)
    url = _url(attempt, language) + query
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    full = _page(client, url)
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    made, kept = _page(client, url), _page(client, url)
    assert holes.KEPT._entries  # the page really was kept
    assert TOKEN.sub("T", made) == TOKEN.sub("T", full) == TOKEN.sub("T", kept)
    assert "<title>Question " in kept or "<title>Pregunta " in kept


def test_each_learner_gets_their_own_step_menu_address_and_token():
    quiz = make_quiz(questions=2, shuffle_choices=True, feedback_timing=FeedbackTiming.AT_END)
    first_question = quiz.questions.order_by("position").first()
    mine_client, mine, me = _learner(quiz, first_name="Quillon", is_staff=True)
    theirs_client, theirs, _them = _learner(quiz)
    order = list(first_question.choices.order_by("position").values_list("pk", flat=True))
    for attempt, shown in ((mine, order), (theirs, order[::-1])):
        attempt.choice_order = {str(first_question.pk): shown}
        attempt.question_order = [first_question.pk, *attempt.question_order[1:]]
        attempt.save(update_fields=["choice_order", "question_order"])
    take_quiz(user=me, answers=("wrong",))  # a review card: "Review (1)" in my menu only
    _answer(mine_client, mine, first_question, wrong_choice(first_question))
    mine_page = _page(mine_client, _url(mine) + "?q=1")
    theirs_page = _page(theirs_client, _url(theirs) + "?q=1")  # from the copy I kept
    assert f'value="{wrong_choice(first_question).pk}" checked' in mine_page
    assert not PICKED.search(theirs_page)
    assert [int(pk) for pk in CHOICES.findall(mine_page)] == order
    assert [int(pk) for pk in CHOICES.findall(theirs_page)] == order[::-1]
    assert "1 of 2 answered" in mine_page and "0 of 2 answered" in theirs_page
    assert "Review (1)" in mine_page and "Admin</a>" in mine_page
    assert "Review (" not in theirs_page and "Admin</a>" not in theirs_page
    assert str(mine.pk) not in theirs_page and str(theirs.pk) in theirs_page
    assert str(theirs.pk) not in mine_page
    assert set(TOKEN.findall(mine_page)).isdisjoint(TOKEN.findall(theirs_page))
    for page in (mine_page, theirs_page):
        assert "Quillon" not in page and me.username not in page
    for _valid, page in holes.KEPT._entries.values():
        text = repr(page)
        assert not TOKEN.search(text) and str(mine.pk) not in text and "Quillon" not in text
        assert "Review (" not in text and not PICKED.search(text) and "answered)" not in text


def test_an_edit_to_the_quiz_or_a_question_shows_on_the_very_next_request():
    quiz = make_quiz(questions=2)
    question = quiz.questions.order_by("position").first()
    client, attempt, _user = _learner(quiz)
    url = _url(attempt) + f"?q={attempt.question_order.index(question.pk) + 1}"
    _page(client, url)
    _page(client, url)  # from the kept copy
    quiz.title = "Gut and brain, revised"
    quiz.save()
    question.prompt = "Which food feeds gut bacteria?"
    question.save()
    page = _page(client, url)
    assert '<h1 class="quiz-take__title">Gut and brain, revised</h1>' in page
    assert "Gut and brain, revised · msportal</title>" in page
    assert "Which food feeds gut bacteria?" in page


def test_spanish_and_english_are_kept_apart():
    quiz = make_quiz(questions=1)
    make_translation(quiz)
    client, attempt, _user = _learner(quiz)
    for _ in range(2):
        english = _page(client, _url(attempt))
        spanish = _page(client, _url(attempt, "es"))
        assert f"[es] {quiz.title}" in spanish and "Pregunta 1 de 1" in spanish
        assert "[es]" not in english and "Question 1 of 1" in english
        assert f'hreflang="es" href="http://testserver/es/quizzes/attempts/{attempt.pk}/"' in (
            english
        )


def test_another_persons_attempt_is_still_not_found():
    quiz = make_quiz(questions=1)
    client, attempt, _user = _learner(quiz)
    other, other_attempt, _other_user = _learner(quiz)
    _page(other, _url(other_attempt))  # the quiz's page is kept
    _page(client, _url(other_attempt), status=404)
    _page(Client(), _url(attempt), status=404)


def test_htmx_gets_the_step_alone_and_other_addresses_the_page_made_in_full():
    quiz = make_quiz(questions=2)
    client, attempt, _user = _learner(quiz)
    step = _page(client, _url(attempt) + "?q=2", headers={"HX-Request": "true"})
    assert '<section id="question"' in step and "<html" not in step and "site-footer" not in step
    assert not holes.KEPT._entries
    page = _page(client, _url(attempt) + "?q=2&from=email")
    assert "Question 2 of 2" in page and not holes.KEPT._entries


def test_an_answer_shows_on_the_next_kept_step():
    quiz = make_quiz(questions=1, feedback_timing=FeedbackTiming.IMMEDIATE)
    question = quiz.questions.get()
    client, attempt, _user = _learner(quiz)
    assert 'name="choice"' in _page(client, _url(attempt))
    _answer(client, attempt, question, right_choice(question))
    page = _page(client, _url(attempt))
    assert "You chose this: right" in page and 'name="choice"' not in page


def test_a_fill_must_be_a_long_random_value(rf):
    with pytest.raises(ValueError):
        holes.keep(rf.get("/"), "quizzes/attempt_detail.html", {}, fills={"attempt": "12"})


def test_a_visitor_without_an_account_gets_the_kept_step_too(settings):
    quiz = make_quiz(questions=2)
    visitors = [Client(), Client()]
    urls = []
    for visitor in visitors:
        response = visitor.post(quiz.get_absolute_url(), {})
        assert response.status_code == 302
        urls.append(response["Location"])
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    full = _page(visitors[0], urls[0])
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    made, kept = _page(visitors[0], urls[0]), _page(visitors[0], urls[0])
    assert holes.KEPT._entries
    assert TOKEN.sub("T", made) == TOKEN.sub("T", full) == TOKEN.sub("T", kept)
    assert "Log in" in kept
    theirs = _page(visitors[1], urls[1])
    assert urls[0] not in theirs and urls[1] in theirs
