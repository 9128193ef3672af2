"""Tagging questions with learning objectives: the one module rule (quizzes/objective_tags.py)
as the question admin and the CSV import apply it."""

import pytest
from django.urls import reverse

from core.roles import EDITORS
from learn.objectives import LearningObjective
from publishing.models import Status
from quizzes.importers import parse_questions_csv
from quizzes.models import Question
from tests.factories import make_module, make_question, make_quiz, make_user
from tests.quizzes.test_import import upload

pytestmark = pytest.mark.django_db

HEADER = "kind,prompt,explanation,choice_1,choice_2,correct,objectives"


def objective(module, code):
    return LearningObjective.objects.create(module=module, code=code, text=f"I can {code}")


@pytest.fixture
def tagged_quiz():
    module = make_module()
    objective(module, "explain-myelin")
    objective(module, "name-symptoms")
    objective(make_module(), "elsewhere")
    return make_quiz(module=module, status=Status.DRAFT)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    return client


def csv_rows(*objective_cells):
    rows = [f"single,Q{n}?,Because.,Yes,No,1,{cell}" for n, cell in enumerate(objective_cells)]
    return "\n".join([HEADER, *rows]) + "\n"


def test_objective_codes_split_on_semicolons_or_bars(tagged_quiz):
    result = parse_questions_csv(
        csv_rows(
            "explain-myelin", "explain-myelin; name-symptoms", "name-symptoms|explain-myelin", ""
        ),
        quiz=tagged_quiz,
    )
    assert result.ok
    codes = [[o.code for o in question.objectives] for question in result.questions]
    assert codes == [
        ["explain-myelin"],
        ["explain-myelin", "name-symptoms"],
        ["name-symptoms", "explain-myelin"],
        [],
    ]


@pytest.mark.parametrize("code", ["no-such-code", "elsewhere"])
def test_unknown_or_other_module_code_is_a_line_numbered_problem(tagged_quiz, code):
    result = parse_questions_csv(
        csv_rows("explain-myelin", f"name-symptoms;{code}"), quiz=tagged_quiz
    )
    assert [(p.line, p.message) for p in result.problems] == [
        (
            3,
            f"No objective of this quiz's module has the code “{code}”. The codes are: "
            "explain-myelin, name-symptoms.",
        )
    ]
    assert [q.line for q in result.questions] == [2]


def test_quiz_without_a_module_takes_no_objectives():
    result = parse_questions_csv(csv_rows("explain-myelin"), quiz=make_quiz(module=None))
    assert [p.line for p in result.problems] == [2]
    assert "belongs to no module" in result.problems[0].message


def test_import_tags_questions_and_a_bad_code_imports_nothing(editor_client, tagged_quiz):
    url = reverse("admin:quizzes_quiz_import", args=[tagged_quiz.pk])
    bad = csv_rows("explain-myelin", "elsewhere")
    response = editor_client.post(url, {"file": upload(bad), "dry_run": ""})
    assert "elsewhere" in response.content.decode()
    assert not tagged_quiz.questions.exists()

    good = csv_rows("explain-myelin;name-symptoms", "name-symptoms")
    editor_client.post(url, {"file": upload(good), "dry_run": ""})
    tags = [
        sorted(q.objectives.values_list("code", flat=True)) for q in tagged_quiz.questions.all()
    ]
    assert tags == [["explain-myelin", "name-symptoms"], ["name-symptoms"]]


def question_data(question, objectives):
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "article": "",
        "anchor": "",
        "objectives": [o.pk for o in objectives],
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 6,
    }


def test_question_admin_offers_and_saves_the_quiz_modules_objectives(editor_client, tagged_quiz):
    question = make_question(quiz=tagged_quiz)
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    html = editor_client.get(url).content.decode()
    assert "I can explain-myelin" in html and "I can name-symptoms" in html
    assert "I can elsewhere" not in html

    mine = list(tagged_quiz.module.objectives.all())
    response = editor_client.post(url, question_data(question, mine))

    assert response.status_code == 302
    assert set(question.objectives.all()) == set(mine)


def test_question_admin_refuses_another_modules_objective(editor_client, tagged_quiz):
    question = make_question(quiz=tagged_quiz)
    stray = LearningObjective.objects.get(code="elsewhere")
    url = reverse("admin:quizzes_question_change", args=[question.pk])

    response = editor_client.post(url, question_data(question, [stray]))

    assert response.status_code == 200
    assert "is an objective of another module" in response.content.decode()
    assert not Question.objects.get(pk=question.pk).objectives.exists()
