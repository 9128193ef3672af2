import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.factories import make_module, make_question, make_quiz

pytestmark = pytest.mark.django_db

API = "/api/v1"

# Keys that would tell a learner the answers, and must never appear in quiz answers.
SECRET_KEYS = {
    "is_correct",
    "correct",
    "correct_choices",
    "explanation",
    "feedback",
    "misconception",
}


def _walk(value):
    """Every (key, value) pair anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _quiz_with_secrets():
    quiz = make_quiz(slug="gut-quiz", title="Gut quiz")
    make_question(
        quiz=quiz,
        prompt="What is dysbiosis?",
        explanation="SECRET-EXPLANATION: an imbalance of gut microbes.",
        choices=[("An imbalance of microbes", True), ("A probiotic", False)],
    )
    make_question(quiz=quiz, kind="true_false", prompt="Probiotics cure MS.")
    make_question(
        quiz=quiz,
        kind="multiple",
        choices=[("Fatigue", True), ("Numbness", True), ("Green hair", False)],
    )
    for question in quiz.questions.all():
        question.choices.update(misconception="SECRET-MISCONCEPTION")
    # make_question gives every choice feedback: "About <text>."
    return quiz


def test_quiz_list_gives_published_quizzes_with_question_counts(client):
    module = make_module(slug="gut", title="Gut")
    make_quiz(slug="gut-quiz", module=module, questions=3, max_attempts=2)
    make_quiz(slug="loose", questions=1)
    make_quiz(slug="draft", status=Status.DRAFT)
    make_quiz(slug="later", publish_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get(f"{API}/quizzes/")

    assert response.status_code == 200
    results = {quiz["slug"]: quiz for quiz in response.json()["results"]}
    assert set(results) == {"gut-quiz", "loose"}
    assert results["gut-quiz"]["question_count"] == 3
    assert results["gut-quiz"]["module"] == {"slug": "gut", "title": "Gut"}
    assert results["gut-quiz"]["max_attempts"] == 2
    assert results["gut-quiz"]["time_limit_minutes"] is None
    assert results["gut-quiz"]["url"] == "http://testserver/quizzes/gut-quiz/"
    assert results["loose"]["module"] is None


def test_quiz_of_an_unpublished_module_shows_no_module(client):
    make_quiz(slug="q", module=make_module(status=Status.DRAFT))

    assert client.get(f"{API}/quizzes/q/").json()["module"] is None


def test_quiz_list_filters_by_module(client):
    module = make_module(slug="gut")
    make_quiz(slug="in", module=module)
    make_quiz(slug="out")

    response = client.get(f"{API}/quizzes/", {"module": "gut"})

    assert [quiz["slug"] for quiz in response.json()["results"]] == ["in"]
    assert client.get(f"{API}/quizzes/", {"module": "nope"}).status_code == 404
    assert client.get(f"{API}/quizzes/", {"module": ""}).status_code == 400


def test_quiz_detail_gives_questions_and_choices_in_position_order(client):
    quiz = make_quiz(slug="ordered")
    second = make_question(quiz=quiz, position=2, prompt="Second?")
    first = make_question(
        quiz=quiz,
        position=1,
        prompt="First?",
        choices=[("B", False), ("A", True)],
    )
    # Reorder the choices of the first question: positions decide, not ids.
    b, a = first.choices.order_by("pk")
    b.position, a.position = 2, 1
    b.save()
    a.save()

    response = client.get(f"{API}/quizzes/ordered/")

    assert response.status_code == 200
    body = response.json()
    assert [q["prompt"] for q in body["questions"]] == ["First?", "Second?"]
    assert body["questions"][0] == {
        "id": first.pk,
        "position": 1,
        "kind": "single",
        "prompt": "First?",
        "choices": [
            {"id": a.pk, "position": 1, "text": "A"},
            {"id": b.pk, "position": 2, "text": "B"},
        ],
    }
    assert body["questions"][1]["id"] == second.pk
    assert body["question_count"] == 2


@pytest.mark.parametrize("path", ["quizzes/", "quizzes/gut-quiz/"])
def test_no_correctness_explanation_feedback_or_misconception_reaches_the_client(client, path):
    _quiz_with_secrets()

    response = client.get(f"{API}/{path}")

    assert response.status_code == 200
    leaked = [key for key, _value in _walk(response.json()) if key in SECRET_KEYS]
    assert leaked == []
    text = response.content.decode()
    assert "SECRET-EXPLANATION" not in text
    assert "SECRET-MISCONCEPTION" not in text
    assert "About " not in text  # choice feedback
    # No true/false flag of any name: the quiz answers have no boolean fields at all.
    assert [key for key, value in _walk(response.json()) if isinstance(value, bool)] == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": Status.DRAFT},
        {"publish_at": "future"},
        {"expires_at": "past"},
    ],
)
def test_hidden_quizzes_are_404(client, kwargs):
    now = timezone.now()
    when = {"future": now + datetime.timedelta(days=1), "past": now - datetime.timedelta(hours=1)}
    make_quiz(slug="hidden", questions=1, **{k: when.get(v, v) for k, v in kwargs.items()})

    response = client.get(f"{API}/quizzes/hidden/")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Nothing was found at this address."}
    }
