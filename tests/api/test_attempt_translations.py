"""The quiz and attempt API in Spanish: the published translation's words over the source's
ids, the attempt's `language`, and a translation's ids refused as answers."""

import pytest

from publishing.models import Status
from quizzes.models import Attempt, FeedbackTiming
from tests.api.test_attempts import API, attempt_url, error, post, start_url
from tests.factories import make_quiz
from tests.quizzes.taking import right_choice, state, wrong_choice
from tests.quizzes.translating import make_translation

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def quiz():
    quiz = make_quiz(questions=2, feedback_timing=FeedbackTiming.IMMEDIATE)
    make_translation(quiz)
    return quiz


def test_an_attempt_started_in_spanish_says_so_and_shows_spanish(client, learner, quiz):
    client.force_login(learner)
    response = post(client, start_url(quiz), **SPANISH)
    assert response.status_code == 201, response.content
    body = response.json()
    first = quiz.questions.order_by("position").first()
    assert body["language"] == "es"
    assert body["quiz"]["title"] == f"[es] {quiz.title}"
    item = next(q for q in body["questions"] if q["id"] == first.pk)
    assert item["prompt"] == f"[es] {first.prompt}"
    assert {c["id"]: c["text"] for c in item["choices"]} == {
        c.pk: f"[es] {c.text}" for c in first.choices.all()
    }
    attempt = Attempt.objects.get()
    assert attempt.language == "es" and attempt.quiz_id == quiz.pk

    answer = post(
        client,
        attempt_url(attempt.pk, "responses"),
        {"question": first.pk, "choices": [wrong_choice(first).pk]},
        **SPANISH,
    )
    assert answer.status_code == 200, answer.content
    feedback = answer.json()["feedback"]
    assert feedback["explanation"] == f"[es] {first.explanation}"
    assert feedback["choice_feedback"] == [
        {"choice": wrong_choice(first).pk, "text": f"[es] {wrong_choice(first).feedback}"}
    ]
    assert feedback["correct_choice_ids"] == [right_choice(first).pk]

    # The same attempt read in English: English words, the same ids and grade.
    english = client.get(attempt_url(attempt.pk), HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["language"] == "es"
    item = next(q for q in english["questions"] if q["id"] == first.pk)
    assert item["prompt"] == first.prompt
    assert item["feedback"]["explanation"] == first.explanation

    mine = client.get(f"{API}/me/attempts/").json()
    assert [row["language"] for row in mine["results"]] == ["es"]


def test_english_asker_gets_english_and_language_en(client, learner, quiz):
    client.force_login(learner)
    body = post(client, start_url(quiz), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["language"] == "en"
    assert "[es]" not in str(body)


def test_a_translated_question_or_choice_id_is_refused_and_changes_nothing(client, learner):
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    question, copy = quiz.questions.get(), spanish.questions.get()
    client.force_login(learner)
    post(client, start_url(quiz), **SPANISH)
    attempt = Attempt.objects.get()
    before = state(attempt)
    url = attempt_url(attempt.pk, "responses")

    wrong_question = post(client, url, {"question": copy.pk, "choices": [right_choice(copy).pk]})
    error(wrong_question, 400, "wrong_question")
    wrong_choice_id = post(
        client, url, {"question": question.pk, "choices": [right_choice(copy).pk]}
    )
    error(wrong_choice_id, 400, "invalid_choice")
    assert state(attempt) == before


def test_a_translations_slug_starts_nothing(client, learner):
    quiz = make_quiz(questions=1)
    spanish = make_translation(quiz)
    client.force_login(learner)
    error(post(client, start_url(spanish), **SPANISH), 404, "not_found")
    assert client.get(f"{API}/quizzes/{spanish.slug}/").status_code == 404
    assert not Attempt.objects.exists()


def test_quiz_detail_in_spanish_and_the_fallback(client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    url = f"{API}/quizzes/{quiz.slug}/"
    english = client.get(url, **SPANISH).json()  # no translation yet: English
    assert english["title"] == quiz.title and english["questions"][0]["prompt"] == question.prompt
    make_translation(quiz, status=Status.DRAFT)  # a draft is not shown either
    assert client.get(url, **SPANISH).json()["title"] == quiz.title

    translated = make_quiz(questions=1)
    make_translation(translated)
    body = client.get(f"{API}/quizzes/{translated.slug}/", **SPANISH).json()
    source = translated.questions.get()
    assert body["title"] == f"[es] {translated.title}"
    assert body["questions"][0]["id"] == source.pk
    assert body["questions"][0]["prompt"] == f"[es] {source.prompt}"
    assert body["questions"][0]["choices"][0] == {
        "id": source.choices.order_by("position").first().pk,
        "position": 1,
        "text": f"[es] {source.choices.order_by('position').first().text}",
    }
    listed = client.get(f"{API}/quizzes/", **SPANISH).json()
    assert sorted(q["slug"] for q in listed["results"]) == sorted([quiz.slug, translated.slug])
