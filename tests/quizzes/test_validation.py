import pytest
from django.core.exceptions import ValidationError

from publishing.models import Status
from quizzes.validation import question_problems, questions_problems, quiz_publish_problems
from tests.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "correct"),
    [
        ("single", [True, False, False]),
        ("multiple", [True, True, False]),
        ("multiple", [True, False]),
        ("true_false", [False, True]),
        ("single", [False, False, False, False, False, True]),
    ],
)
def test_question_following_the_rules_has_no_problems(kind, correct):
    assert question_problems(kind, correct) == []


@pytest.mark.parametrize(
    ("kind", "correct", "expected"),
    [
        ("single", [False, False], "exactly one correct choice; it has 0"),
        ("single", [True, True, False], "exactly one correct choice; it has 2"),
        ("multiple", [False, False, False], "at least one correct choice"),
        ("single", [True], "at least two choices; it has 1"),
        ("multiple", [True], "at least two choices; it has 1"),
        ("true_false", [True, False, False], "exactly two choices; it has 3"),
        ("true_false", [True, True], "exactly one correct choice; it has 2"),
        ("single", [True] + [False] * 6, "at most 6 choices; it has 7"),
        ("essay", [True, False], "Unknown question kind"),
    ],
)
def test_question_breaking_a_rule_gets_a_plain_problem(kind, correct, expected):
    problems = question_problems(kind, correct)
    assert len(problems) == 1
    assert expected in problems[0]


def test_quiz_problems_name_each_question_by_number_and_text():
    problems = questions_problems(
        [
            ("single", [True, False], "Fine question?"),
            ("single", [False, False], "What is myelin?"),
        ]
    )
    assert problems == [
        "Question 2 (“What is myelin?”): A single-choice question needs exactly one correct "
        "choice; it has 0."
    ]


def test_quiz_without_questions_cannot_be_published():
    assert questions_problems([]) == [
        "A quiz needs at least one question before it can be published."
    ]
    assert quiz_publish_problems(make_quiz(status=Status.DRAFT)) == [
        "A quiz needs at least one question before it can be published."
    ]


def test_quiz_publish_problems_check_the_saved_questions_in_order():
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz, position=2, choices=[("A", True), ("B", True)])
    make_question(quiz=quiz, position=1)
    problems = quiz_publish_problems(quiz)
    assert len(problems) == 1
    assert problems[0].startswith("Question 2 ")


def test_model_clean_refuses_a_published_quiz_with_a_broken_question():
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz, kind="multiple", choices=[("A", False), ("B", False)])
    quiz.full_clean()  # A draft may be unfinished.

    quiz.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as caught:
        quiz.full_clean()
    assert "at least one correct choice" in str(caught.value.message_dict["status"])


def test_model_clean_accepts_a_published_quiz_that_follows_the_rules():
    quiz = make_quiz(questions=2)
    quiz.full_clean()


def test_model_clean_refuses_a_new_published_quiz_without_questions():
    from quizzes.models import Quiz

    quiz = Quiz(title="Empty", slug="empty", status=Status.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        quiz.full_clean()
    assert "at least one question" in str(caught.value)
