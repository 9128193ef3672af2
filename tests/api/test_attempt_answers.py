"""Answering and submitting through the API: grading on the server, feedback only when it is
due, every kind of tampering refused with a clear error and nothing changed."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt, FeedbackTiming, Question, Response
from tests.api.conftest import bearer, walk
from tests.factories import make_article, make_question, make_quiz
from tests.quizzes.taking import right_choice, state, wrong_choice

pytestmark = pytest.mark.django_db

API = "/api/v1"
SECRET_KEYS = {
    "is_correct",
    "correct",
    "correct_choice_ids",
    "explanation",
    "choice_feedback",
    "misconception",
    "status",
    "score",
    "lesson_url",
}


def url(attempt, action=""):
    return f"{API}/attempts/{attempt.pk}/{action + '/' if action else ''}"


def post(client, path, body=None, **kwargs):
    data = "" if body is None else json.dumps(body)
    return client.post(path, data, content_type="application/json", **kwargs)


def answer(client, attempt, question, choices, **kwargs):
    ids = [choice.pk if hasattr(choice, "pk") else choice for choice in choices]
    return post(
        client, url(attempt, "responses"), {"question": question.pk, "choices": ids}, **kwargs
    )


def error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def secret_quiz(feedback_timing=FeedbackTiming.IMMEDIATE):
    """Three questions whose explanations, feedback and misconceptions are easy to spot."""
    quiz = make_quiz(feedback_timing=feedback_timing)
    lesson = make_article(slug="dysbiosis")
    for n in range(3):
        question = make_question(
            quiz=quiz,
            prompt=f"Prompt {n}?",
            explanation=f"SECRET-EXPLANATION-{n}",
            article=lesson,
            anchor="what-it-means",
        )
        for choice in question.choices.all():
            choice.feedback = f"SECRET-FEEDBACK-{n}-{choice.position}"
            choice.misconception = f"SECRET-MISCONCEPTION-{n}"
            choice.save()
    return quiz


def questions_of(attempt):
    by_id = Question.objects.in_bulk(attempt.question_order)
    return [by_id[pk] for pk in attempt.question_order]


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    client.user = learner
    return client


def start(client, quiz):
    return services.attempt_start(quiz=quiz, user=client.user)


# --- answering -------------------------------------------------------------------------------


def test_an_answer_is_graded_and_comes_with_feedback_after_each_question(signed_in):
    quiz = secret_quiz()
    attempt = start(signed_in, quiz)
    first = questions_of(attempt)[0]

    response = answer(signed_in, attempt, first, [wrong_choice(first)])

    assert response.status_code == 200, response.content
    body = response.json()
    wrong = wrong_choice(first)
    assert body["question"] == first.pk
    assert body["chosen"] == [wrong.pk]
    assert (body["answered_count"], body["question_count"]) == (1, 3)
    assert body["feedback"] == {
        "status": "not_quite",
        "is_correct": False,
        "score": 0.0,
        "explanation": "SECRET-EXPLANATION-0",
        "correct_choice_ids": [right_choice(first).pk],
        "choice_feedback": [{"choice": wrong.pk, "text": wrong.feedback}],
        "lesson_url": "http://testserver" + first.article.get_absolute_url() + "#what-it-means",
    }
    stored = Response.objects.get(attempt=attempt)
    assert (stored.question_id, stored.is_correct, stored.score) == (first.pk, False, 0.0)
    assert "SECRET-MISCONCEPTION" not in response.content.decode()


def test_partial_credit_is_reported_as_partly(signed_in):
    quiz = make_quiz(partial_credit=True)
    question = make_question(
        quiz=quiz, kind="multiple", choices=[("A", True), ("B", True), ("C", False)]
    )
    attempt = start(signed_in, quiz)
    a = question.choices.get(text="A")

    feedback = answer(signed_in, attempt, question, [a]).json()["feedback"]

    assert (feedback["status"], feedback["is_correct"], feedback["score"]) == ("partly", False, 0.5)
    assert sorted(feedback["correct_choice_ids"]) == sorted(
        question.choices.filter(is_correct=True).values_list("pk", flat=True)
    )


def test_with_feedback_at_the_end_an_answer_can_change_and_says_nothing_yet(signed_in):
    quiz = secret_quiz(FeedbackTiming.AT_END)
    attempt = start(signed_in, quiz)
    first = questions_of(attempt)[0]

    one = answer(signed_in, attempt, first, [wrong_choice(first)])
    two = answer(signed_in, attempt, first, [right_choice(first)])

    assert one.status_code == two.status_code == 200
    assert one.json()["feedback"] is None and two.json()["feedback"] is None
    assert "SECRET" not in one.content.decode() + two.content.decode()
    assert two.json()["chosen"] == [right_choice(first).pk]
    assert Response.objects.get(attempt=attempt).is_correct


def test_with_feedback_after_each_question_an_answer_is_final_409(signed_in):
    quiz = make_quiz(questions=1)
    attempt = start(signed_in, quiz)
    question = questions_of(attempt)[0]
    answer(signed_in, attempt, question, [wrong_choice(question)])
    before = state(attempt)

    response = answer(signed_in, attempt, question, [right_choice(question)])

    error(response, 409, "answer_locked")
    assert state(attempt) == before


# --- tampering ---------------------------------------------------------------------------------


def _case(name, attempt, question, other_question, other_quiz_question):
    right, wrong = right_choice(question), wrong_choice(question)
    cases = {
        # name: (body, status, code, field in details)
        "choice of another question": (
            {"question": question.pk, "choices": [right_choice(other_question).pk]},
            400,
            "invalid_choice",
            "choices",
        ),
        "question of another quiz": (
            {"question": other_quiz_question.pk, "choices": [right_choice(other_quiz_question).pk]},
            400,
            "wrong_question",
            "question",
        ),
        "unknown question": (
            {"question": 999_999_999, "choices": [right.pk]},
            400,
            "wrong_question",
            "question",
        ),
        "too many choices": (
            {"question": question.pk, "choices": [right.pk, wrong.pk]},
            400,
            "too_many_choices",
            "choices",
        ),
        "more choices than there are": (
            {"question": question.pk, "choices": [right.pk, wrong.pk, wrong.pk + 1, 5, 6]},
            400,
            "too_many_choices",
            "choices",
        ),
        "duplicate choices": (
            {"question": question.pk, "choices": [right.pk, right.pk]},
            400,
            "invalid_choice",
            "choices",
        ),
        "no choice": ({"question": question.pk, "choices": []}, 400, "no_choice", "choices"),
        "choice id 0": ({"question": question.pk, "choices": [0]}, 400, "invalid", "choices"),
        "negative choice id": (
            {"question": question.pk, "choices": [-right.pk]},
            400,
            "invalid",
            "choices",
        ),
        "choice id as text": (
            {"question": question.pk, "choices": [str(right.pk)]},
            400,
            "invalid",
            "choices",
        ),
        "choice id with a fraction": (
            {"question": question.pk, "choices": [right.pk + 0.5]},
            400,
            "invalid",
            "choices",
        ),
        "choice id true": ({"question": question.pk, "choices": [True]}, 400, "invalid", "choices"),
        "choice id too big": (
            {"question": question.pk, "choices": [2**70]},
            400,
            "invalid",
            "choices",
        ),
        "choices not a list": (
            {"question": question.pk, "choices": right.pk},
            400,
            "invalid",
            "choices",
        ),
        "choices as an object": (
            {"question": question.pk, "choices": {"id": right.pk}},
            400,
            "invalid",
            "choices",
        ),
        "question id as text": (
            {"question": str(question.pk), "choices": [right.pk]},
            400,
            "invalid",
            "question",
        ),
        "question null": ({"question": None, "choices": [right.pk]}, 400, "invalid", "question"),
        "question missing": ({"choices": [right.pk]}, 400, "invalid", "question"),
        "choices missing": ({"question": question.pk}, 400, "invalid", "choices"),
        "unknown field": (
            {"question": question.pk, "choices": [right.pk], "is_correct": True},
            400,
            "invalid",
            "is_correct",
        ),
        "misspelled field": (
            {"question": question.pk, "choice": [right.pk]},
            400,
            "invalid",
            "choice",
        ),
        "not an object": ([question.pk, right.pk], 400, "invalid", "non_field_errors"),
    }
    return cases[name]


TAMPERING = [
    "choice of another question",
    "question of another quiz",
    "unknown question",
    "too many choices",
    "more choices than there are",
    "duplicate choices",
    "no choice",
    "choice id 0",
    "negative choice id",
    "choice id as text",
    "choice id with a fraction",
    "choice id true",
    "choice id too big",
    "choices not a list",
    "choices as an object",
    "question id as text",
    "question null",
    "question missing",
    "choices missing",
    "unknown field",
    "misspelled field",
    "not an object",
]


@pytest.mark.parametrize("name", TAMPERING)
def test_tampered_answers_are_400_with_the_field_and_change_nothing(signed_in, name):
    quiz = make_quiz(questions=2)
    other_quiz_question = make_question(quiz=make_quiz())
    attempt = start(signed_in, quiz)
    question, other_question = questions_of(attempt)
    answer(signed_in, attempt, other_question, [wrong_choice(other_question)])
    before = state(attempt)
    body, status, code, field = _case(name, attempt, question, other_question, other_quiz_question)

    response = post(signed_in, url(attempt, "responses"), body)

    assert field in error(response, status, code)["details"]
    assert state(attempt) == before


def test_one_answer_for_a_true_false_question(signed_in):
    quiz = make_quiz()
    question = make_question(quiz=quiz, kind="true_false")
    attempt = start(signed_in, quiz)
    before = state(attempt)

    response = answer(signed_in, attempt, question, list(question.choices.all()))

    assert error(response, 400, "too_many_choices")["message"] == "Choose one answer only."
    assert state(attempt) == before


def test_malformed_json_oversized_and_non_json_bodies_change_nothing(signed_in, settings):
    attempt = start(signed_in, make_quiz(questions=1))
    before = state(attempt)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps({"question": 1, "choices": [1] * 1000})

    malformed = signed_in.post(url(attempt, "responses"), '{"question": 1,', "application/json")
    oversized = signed_in.post(url(attempt, "responses"), big, "application/json")
    form = signed_in.post(url(attempt, "responses"), {"question": 1, "choices": 1})

    error(malformed, 400, "malformed_json")
    error(oversized, 413, "request_too_large")
    error(form, 415, "unsupported_media_type")
    assert state(attempt) == before


@pytest.mark.parametrize("action", ["responses", "submit"])
@pytest.mark.parametrize("who", ["other_learner", "educator", "editor", "anonymous"])
def test_someone_elses_attempt_is_404_and_nothing_changes(client, learner, action, who, request):
    quiz = make_quiz(questions=1)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    question = questions_of(attempt)[0]
    before = state(attempt)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    body = {"question": question.pk, "choices": [right_choice(question).pk]}

    response = post(client, url(attempt, action), body if action == "responses" else None)

    error(response, 404, "not_found")
    assert state(attempt) == before


def test_another_anonymous_visitors_attempt_is_404_and_nothing_changes(client):
    quiz = make_quiz(questions=1)
    attempt = services.attempt_start(quiz=quiz, visitor_id="someone-else")
    question = questions_of(attempt)[0]
    before = state(attempt)
    post(client, f"{API}/quizzes/{quiz.slug}/attempts/")  # this browser has a visitor id too

    answered = answer(client, attempt, question, [right_choice(question)])
    submitted = post(client, url(attempt, "submit"))

    error(answered, 404, "not_found")
    error(submitted, 404, "not_found")
    assert state(attempt) == before


def test_an_answer_to_a_submitted_attempt_is_409_and_changes_nothing(signed_in):
    attempt = start(signed_in, make_quiz(questions=2))
    question = questions_of(attempt)[0]
    services.attempt_submit(attempt=attempt)
    before = state(attempt)

    response = answer(signed_in, attempt, question, [right_choice(question)])

    error(response, 409, "attempt_submitted")
    assert state(attempt) == before


def test_an_answer_after_the_time_and_grace_is_409_and_submits_what_was_given(signed_in, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    attempt = start(signed_in, make_quiz(questions=2, time_limit_minutes=5))
    first, second = questions_of(attempt)
    answer(signed_in, attempt, first, [right_choice(first)])
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=31)
    )

    response = answer(signed_in, attempt, second, [right_choice(second)])

    error(response, 409, "time_over")
    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.submitted_at is not None
    assert (stored.score, stored.max_score) == (1.0, 2.0)
    assert not Response.objects.filter(attempt=attempt, question=second).exists()


def test_an_answer_within_the_grace_period_counts(signed_in, settings):
    settings.QUIZ_TIME_GRACE_SECONDS = 30
    attempt = start(signed_in, make_quiz(questions=1, time_limit_minutes=5))
    question = questions_of(attempt)[0]
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=5)
    )

    assert answer(signed_in, attempt, question, [right_choice(question)]).status_code == 200


# --- no answers before their time ---------------------------------------------------------------


def _assert_no_secrets_outside_answered_feedback(body, answered_ids, shown):
    """Walk the attempt: answer details only inside `feedback` of answered questions."""
    for question in body["questions"]:
        for choice in question["choices"]:
            assert set(choice) == {"id", "text"}
        if question["id"] in answered_ids and shown:
            assert question["feedback"] is not None
            continue
        assert question["feedback"] is None
        assert [key for key, _v in walk(question) if key in SECRET_KEYS] == []
    top_level = {key: value for key, value in body.items() if key != "questions"}
    assert not {key for key, _v in walk(top_level)} & (SECRET_KEYS - {"score", "status"})


@pytest.mark.parametrize("timing", [FeedbackTiming.IMMEDIATE, FeedbackTiming.AT_END])
def test_no_answer_details_reach_the_client_before_a_question_is_answered(signed_in, timing):
    quiz = secret_quiz(timing)
    attempt = start(signed_in, quiz)
    first = questions_of(attempt)[0]
    first_n = int(first.prompt.split()[1].rstrip("?"))

    fresh = signed_in.get(url(attempt))
    answer(signed_in, attempt, first, [right_choice(first)])
    after_one = signed_in.get(url(attempt))

    text = fresh.content.decode()
    assert "SECRET" not in text
    _assert_no_secrets_outside_answered_feedback(fresh.json(), set(), shown=False)
    immediate = timing == FeedbackTiming.IMMEDIATE
    _assert_no_secrets_outside_answered_feedback(after_one.json(), {first.pk}, shown=immediate)
    text = after_one.content.decode()
    assert "SECRET-MISCONCEPTION" not in text
    for n in {0, 1, 2} - {first_n}:
        assert f"SECRET-EXPLANATION-{n}" not in text
        assert f"SECRET-FEEDBACK-{n}" not in text
    assert (f"SECRET-EXPLANATION-{first_n}" in text) is immediate


@pytest.mark.parametrize("timing", [FeedbackTiming.IMMEDIATE, FeedbackTiming.AT_END])
def test_after_submit_feedback_is_given_for_answered_questions_only(signed_in, timing):
    quiz = secret_quiz(timing)
    attempt = start(signed_in, quiz)
    first = questions_of(attempt)[0]
    answer(signed_in, attempt, first, [right_choice(first)])

    response = post(signed_in, url(attempt, "submit"))

    body = response.json()
    _assert_no_secrets_outside_answered_feedback(body, {first.pk}, shown=True)
    graded = body["questions"][0]
    assert graded["feedback"]["status"] == "correct"
    assert graded["feedback"]["correct_choice_ids"] == [right_choice(first).pk]
    assert "SECRET-MISCONCEPTION" not in response.content.decode()


def test_feedback_comes_from_what_was_answered_not_from_later_edits(signed_in):
    quiz = make_quiz(questions=1)
    attempt = start(signed_in, quiz)
    question = questions_of(attempt)[0]
    right = right_choice(question)
    answer(signed_in, attempt, question, [right])
    Question.objects.filter(pk=question.pk).update(explanation="Edited later.")
    question.choices.update(is_correct=False)

    feedback = signed_in.get(url(attempt)).json()["questions"][0]["feedback"]

    assert feedback["explanation"] == question.explanation
    assert feedback["correct_choice_ids"] == [right.pk]
    assert feedback["is_correct"] is True


def test_the_lesson_link_is_left_out_while_the_lesson_is_not_public(signed_in):
    quiz = make_quiz()
    make_question(quiz=quiz, article=make_article(status="draft"))
    attempt = start(signed_in, quiz)
    question = questions_of(attempt)[0]

    feedback = answer(signed_in, attempt, question, [right_choice(question)]).json()["feedback"]

    assert feedback["lesson_url"] is None


# --- submitting --------------------------------------------------------------------------------


def test_submit_grades_and_returns_the_attempt_with_its_score(signed_in):
    quiz = make_quiz(questions=4, pass_percent=50)
    attempt = start(signed_in, quiz)
    questions = questions_of(attempt)
    for question in questions[:2]:
        answer(signed_in, attempt, question, [right_choice(question)])
    answer(signed_in, attempt, questions[2], [wrong_choice(questions[2])])

    response = post(signed_in, url(attempt, "submit"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert (body["score"], body["max_score"], body["percent"], body["passed"]) == (
        2.0,
        4.0,
        50.0,
        True,
    )
    assert body["submitted_at"] is not None
    assert [q["answered"] for q in body["questions"]] == [True, True, True, False]
    assert body["url"].endswith("/result/")


def grading_updates(queries):
    return [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "submitted_at" in q["sql"]
    ]


def test_submitting_twice_grades_once_and_returns_the_same_grade(signed_in):
    attempt = start(signed_in, make_quiz(questions=2))
    question = questions_of(attempt)[0]
    answer(signed_in, attempt, question, [right_choice(question)])

    with CaptureQueriesContext(connection) as first_queries:
        first = post(signed_in, url(attempt, "submit"))
    with CaptureQueriesContext(connection) as second_queries:
        second = post(signed_in, url(attempt, "submit"))

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(grading_updates(first_queries.captured_queries)) == 1
    assert grading_updates(second_queries.captured_queries) == []


def test_submit_accepts_an_empty_body_with_or_without_a_content_type(signed_in):
    one = start(signed_in, make_quiz(questions=1))
    two = start(signed_in, make_quiz(questions=1))

    assert signed_in.generic("POST", url(one, "submit")).status_code == 200
    assert post(signed_in, url(two, "submit"), {}).status_code == 200


@pytest.mark.parametrize("body", [{"confirm": True}, {"score": 100}, [1], None])
def test_a_submit_with_a_body_other_than_empty_is_400_and_submits_nothing(signed_in, body):
    attempt = start(signed_in, make_quiz(questions=1))

    response = signed_in.post(url(attempt, "submit"), json.dumps(body), "application/json")

    error(response, 400, "invalid")
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_an_anonymous_visitor_takes_a_quiz_end_to_end(client):
    quiz = make_quiz(questions=2)

    started = post(client, f"{API}/quizzes/{quiz.slug}/attempts/").json()
    for question in started["questions"]:
        chosen = {"question": question["id"], "choices": [question["choices"][0]["id"]]}
        assert post(client, f"{API}/attempts/{started['id']}/responses/", chosen).status_code == 200
    graded = post(client, f"{API}/attempts/{started['id']}/submit/").json()

    assert graded["status"] == "submitted"
    assert graded["score"] == graded["max_score"] == 2.0  # the factory's first choice is right


def test_a_learner_takes_a_quiz_end_to_end_with_a_token(client, learner):
    quiz = make_quiz(questions=3, feedback_timing=FeedbackTiming.AT_END)
    headers = bearer(learner)

    started = post(client, f"{API}/quizzes/{quiz.slug}/attempts/", headers=headers).json()
    for question in started["questions"]:
        chosen = {"question": question["id"], "choices": [question["choices"][-1]["id"]]}
        saved = post(client, f"{API}/attempts/{started['id']}/responses/", chosen, headers=headers)
        assert saved.json()["feedback"] is None
    graded = post(client, f"{API}/attempts/{started['id']}/submit/", headers=headers).json()
    read = client.get(f"{API}/attempts/{started['id']}/", headers=headers).json()

    assert graded == read
    assert (graded["score"], graded["passed"]) == (0.0, False)
    assert all(q["feedback"]["status"] == "not_quite" for q in graded["questions"])


# --- rates -------------------------------------------------------------------------------------


def test_writes_count_toward_the_write_rate_and_reads_do_not(signed_in, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api-write": "2/min",
        },
    }
    quiz = make_quiz(questions=2)

    started = post(signed_in, f"{API}/quizzes/{quiz.slug}/attempts/").json()
    reads = [signed_in.get(f"{API}/attempts/{started['id']}/").status_code for _ in range(3)]
    question = started["questions"][0]
    chosen = {"question": question["id"], "choices": [question["choices"][0]["id"]]}
    second_write = post(signed_in, f"{API}/attempts/{started['id']}/responses/", chosen)
    third_write = post(signed_in, f"{API}/attempts/{started['id']}/submit/")

    assert reads == [200, 200, 200]
    assert second_write.status_code == 200
    error(third_write, 429, "throttled")
    assert Attempt.objects.get().submitted_at is None
