"""The sample learning objectives (learn/sample_content/objectives.toml) and the sample quiz
questions' tags: every module has 3 to 5 objectives, every question at least one of its module."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from learn.models import Module
from learn.objectives import LearningObjective
from learn.sample_objectives import load_sample_objectives
from quizzes.models import Question
from tests.factories import make_module
from tests.sample_content import load_sample_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    load_sample_content()


def test_every_sample_module_has_three_to_five_objectives_in_order(sample):
    modules = Module.objects.sources().annotate(n=Count("objectives"))
    assert modules.count() == 5
    assert all(3 <= module.n <= 5 for module in modules), [(m.slug, m.n) for m in modules]
    for module in modules:
        objectives = list(module.objectives.all())
        assert [o.position for o in objectives] == list(range(1, len(objectives) + 1))
        assert all(o.text.startswith("I can ") for o in objectives)
        assert all(lesson.module_id == module.pk for o in objectives for lesson in o.articles.all())


def test_every_sample_question_has_an_objective_of_its_module(sample):
    # Translated questions are never graded (attempts use the source's), so need no tags.
    questions = Question.objects.filter(quiz__locale="en").annotate(
        own=Count("objectives", filter=Q(objectives__module=F("quiz__module"))),
        other=Count("objectives", filter=~Q(objectives__module=F("quiz__module"))),
    )
    assert questions.count() == 70
    assert [q.prompt for q in questions if q.own == 0 or q.other] == []


def test_loading_again_keeps_an_editors_objective_text(sample):
    objective = LearningObjective.objects.first()
    objective.text = "I can say it my way"
    objective.save()
    output = io.StringIO()
    call_command("load_sample_content", stdout=output)
    assert "Learning objectives: 0 created, 21 already present." in output.getvalue()
    objective.refresh_from_db()
    assert objective.text == "I can say it my way"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('module = "nowhere"\ncode = "x"\ntext = "I can x"', "no module has the slug 'nowhere'"),
        ('module = "m"\ncode = "x"\ntext = "I can x"\nlessons = ["nope"]', "every lesson must"),
        ('module = "m"\ncode = "x"', "'text' is missing"),
        ('module = "m"\ncode = "x y"\ntext = "I can x"', "code:"),
    ],
)
def test_a_broken_objective_entry_is_refused_and_nothing_written(tmp_path, entry, expected):
    make_module(slug="m")
    (tmp_path / "objectives.toml").write_text(f"[[objectives]]\n{entry}\n", encoding="utf-8")
    counts, problems = load_sample_objectives(tmp_path)
    assert counts == (0, 0)
    assert expected in " ".join(problems)
    assert not LearningObjective.objects.exists()
