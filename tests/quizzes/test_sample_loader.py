import io
import textwrap

import pytest

from learn.objectives import LearningObjective
from publishing.models import Status
from quizzes.models import Choice, Question, Quiz
from quizzes.sample_loader import SampleQuizError, load_sample_quizzes
from tests.factories import make_article, make_module, make_quiz

pytestmark = pytest.mark.django_db

QUIZ = """
slug = "ms-basics"
title = "MS basics"
intro = "What MS is."
module = "understanding-ms"
pass_percent = 80
feedback_timing = "end"
shuffle_questions = false
shuffle_choices = true
partial_credit = true

[[questions]]
kind = "single"
prompt = "What does MS damage?"
explanation = "Myelin, the covering of nerve fibers."
lesson = "what-is-ms"
anchor = "what-is-myelin"

  [[questions.choices]]
  text = "Myelin"
  correct = true
  feedback = "Yes."

  [[questions.choices]]
  text = "Bones"
  misconception = "MS is a bone disease"

[[questions]]
kind = "true_false"
prompt = "Probiotics cure MS."
explanation = "No: they are not a cure."

  [[questions.choices]]
  text = "True"

  [[questions.choices]]
  text = "False"
  correct = true
"""


@pytest.fixture
def content():
    module = make_module(slug="understanding-ms")
    LearningObjective.objects.create(module=make_module(), code="elsewhere", text="I can x")
    return module, make_article(module=module, slug="what-is-ms")


def write(folder, name, text):
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder / name


def test_loader_creates_a_published_quiz_with_its_questions_and_choices(tmp_path, content):
    module, lesson = content
    write(tmp_path, "ms-basics.toml", QUIZ)
    out = io.StringIO()

    created = load_sample_quizzes(path=tmp_path, stdout=out)

    quiz = Quiz.objects.get(slug="ms-basics")
    assert created == [quiz]
    assert quiz.is_public()
    assert (quiz.module, quiz.pass_percent, quiz.feedback_timing) == (module, 80, "end")
    assert (quiz.shuffle_choices, quiz.partial_credit, quiz.shuffle_questions) == (
        True,
        True,
        False,
    )
    first, second = quiz.questions.all()
    assert (first.position, first.article, first.anchor) == (1, lesson, "what-is-myelin")
    assert [(c.position, c.text, c.is_correct) for c in first.choices.all()] == [
        (1, "Myelin", True),
        (2, "Bones", False),
    ]
    assert first.choices.get(text="Bones").misconception == "MS is a bone disease"
    assert (second.kind, second.article) == ("true_false", None)
    assert "'ms-basics' (ms-basics.toml): created and published." in out.getvalue()


def test_loading_twice_changes_nothing_and_keeps_editor_edits(tmp_path, content):
    write(tmp_path, "ms-basics.toml", QUIZ)
    load_sample_quizzes(path=tmp_path)
    quiz = Quiz.objects.get(slug="ms-basics")
    quiz.title = "Edited by an editor"
    quiz.status = Status.DRAFT
    quiz.save()
    Question.objects.filter(quiz=quiz).first().delete()
    out = io.StringIO()

    created = load_sample_quizzes(path=tmp_path, stdout=out)

    quiz.refresh_from_db()
    assert created == []
    assert (quiz.title, quiz.status, quiz.questions.count()) == ("Edited by an editor", "draft", 1)
    assert Quiz.objects.count() == 1
    assert "kept as it is" in out.getvalue()


def test_existing_quiz_with_the_same_slug_is_left_alone(tmp_path, content):
    existing = make_quiz(slug="ms-basics", title="Already here", questions=1)
    write(tmp_path, "ms-basics.toml", QUIZ)

    load_sample_quizzes(path=tmp_path)

    assert list(Quiz.objects.values_list("pk", "title")) == [(existing.pk, "Already here")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('text = "Bones"', 'text = "Bones"\n  correct = true'),
            "broken.toml, question 1: A single-choice question needs exactly one correct "
            "choice; it has 2.",
        ),
        (
            ('lesson = "what-is-ms"', 'lesson = "no-such-lesson"'),
            "broken.toml, question 1: no lesson has the slug 'no-such-lesson'.",
        ),
        (
            ('module = "understanding-ms"', 'module = "nowhere"'),
            "broken.toml: no module has the slug 'nowhere'.",
        ),
        (('kind = "true_false"', 'kind = "essay"'), "broken.toml, question 2: Unknown question"),
        (('prompt = "Probiotics', 'promt = "Probiotics'), "broken.toml, question 2: unknown key"),
        (("pass_percent = 80", 'pass_percent = "80"'), "broken.toml: 'pass_percent' must be"),
        (("pass_percent = 80", "pass_percent = ["), "broken.toml: not valid TOML"),
        (
            ('text = "Myelin"', f'text = "{"x" * 501}"'),
            "broken.toml, question 1, choice 1: text: Ensure this value has at most 500",
        ),
        (('feedback_timing = "end"', 'feedback_timing = "later"'), "broken.toml: feedback_timing"),
        (
            ('anchor = "what-is-myelin"', 'objectives = ["elsewhere"]'),
            "broken.toml, question 1: No objective of this quiz's module has the code “elsewhere”",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_the_file_and_question(tmp_path, content, change, expected):
    write(tmp_path, "a-good.toml", QUIZ.replace("ms-basics", "good-quiz"))
    write(tmp_path, "broken.toml", QUIZ.replace(*change))

    with pytest.raises(SampleQuizError) as caught:
        load_sample_quizzes(path=tmp_path)

    assert str(caught.value).startswith(expected)
    # One transaction: the good file loaded before the broken one is not kept either.
    assert not Quiz.objects.exists()
    assert not Choice.objects.exists()


def test_two_files_with_the_same_slug_are_refused(tmp_path, content):
    write(tmp_path, "one.toml", QUIZ)
    write(tmp_path, "two.toml", QUIZ)

    with pytest.raises(SampleQuizError, match="Two sample quiz files use the slug 'ms-basics'"):
        load_sample_quizzes(path=tmp_path)


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(SampleQuizError, match="no such file or folder"):
        load_sample_quizzes(path=tmp_path / "nowhere")


def test_one_file_can_be_loaded_by_its_path(tmp_path, content):
    file = write(tmp_path, "ms-basics.toml", QUIZ)

    assert [quiz.slug for quiz in load_sample_quizzes(path=file)] == ["ms-basics"]


def test_queries_do_not_grow_with_questions(tmp_path, content, django_assert_max_num_queries):
    many = QUIZ + "\n".join(
        QUIZ[QUIZ.index("[[questions]]") :].replace("What does MS damage?", f"Copy {n}?")
        for n in range(5)
    )
    write(tmp_path, "ms-basics.toml", many)

    # 16, and one for the module's learning objectives (the questions' tags).
    with django_assert_max_num_queries(17):
        load_sample_quizzes(path=tmp_path)

    assert Question.objects.count() == 12


def test_a_question_can_keep_its_choice_order(tmp_path, content):
    write(
        tmp_path,
        "ms-basics.toml",
        QUIZ.replace(
            'anchor = "what-is-myelin"', 'anchor = "what-is-myelin"\nkeep_choice_order = true'
        ),
    )

    load_sample_quizzes(path=tmp_path)

    first, second = Quiz.objects.get(slug="ms-basics").questions.all()
    assert (first.keep_choice_order, second.keep_choice_order) == (True, False)
