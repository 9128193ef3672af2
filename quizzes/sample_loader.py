"""Load the sample quizzes in quizzes/sample_content/*.toml into the database.

`load_sample_content` (learn's management command) calls `load_sample_quizzes` after it has
loaded the modules and lessons the quizzes point to. A quiz is matched by slug: a missing one
is created and published; an existing one is left exactly as it is, so running the command
again changes nothing and never overwrites an editor's edits. Every file is checked with the
same rules as the admin (quizzes/validation.py) before anything is written, and everything is
written in one transaction, so a broken file leaves the database as it was.

The format of a file:

    slug = "ms-basics"
    title = "MS basics"
    intro = "..."
    module = "understanding-ms"          # module slug (optional)
    pass_percent = 70
    feedback_timing = "immediate"        # immediate | end
    shuffle_questions = false
    shuffle_choices = true               # the default; false keeps the order below
    partial_credit = false
    ask_confidence = true                # "How sure are you?" with each answer (default false)

    [[questions]]
    kind = "single"                      # single | multiple | true_false
    prompt = "..."
    explanation = "..."
    lesson = "what-is-ms"                # lesson (Article) slug (optional)
    anchor = "what-is-myelin"            # optional
    keep_choice_order = false            # true: never shuffle this question's choices
    objectives = ["what-ms-does"]        # codes of the module's learning objectives

      [[questions.choices]]
      text = "..."
      correct = true
      feedback = "..."
      misconception = ""
"""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from learn.models import (
    Article,
    Module,
)
from publishing.models import Status
from quizzes.models import Choice, Question, Quiz
from quizzes.objective_tags import module_objectives, objectives_by_code
from quizzes.validation import question_problems

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_content"

QUIZ_KEYS = {
    "slug": str,
    "title": str,
    "intro": str,
    "module": str,
    "pass_percent": int,
    "feedback_timing": str,
    "shuffle_questions": bool,
    "shuffle_choices": bool,
    "partial_credit": bool,
    "ask_confidence": bool,
    "questions": list,
}
QUESTION_KEYS = {
    "kind": str,
    "prompt": str,
    "explanation": str,
    "lesson": str,
    "anchor": str,
    "keep_choice_order": bool,
    "objectives": list,
    "choices": list,
}
CHOICE_KEYS = {"text": str, "correct": bool, "feedback": str, "misconception": str}


class SampleQuizError(CommandError):
    """A sample quiz file breaks the format or the rules; the message names file and question."""


def load_sample_quizzes(*, stdout=None, path=None) -> list[Quiz]:
    """Create the sample quizzes that are not in the database yet; return the new ones.

    `path` is a folder of .toml files or one file (default: quizzes/sample_content/).
    """
    if path is None:
        files = sorted(SAMPLE_DIR.glob("*.toml"))
    else:
        path = Path(path)
        if not path.exists():
            raise SampleQuizError(f"{path}: no such file or folder.")
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    with transaction.atomic():
        return _load(files, stdout)


def _load(files, stdout):
    quizzes = [_read(file) for file in files]
    slugs = [data["slug"] for _file, data in quizzes]
    if duplicates := sorted({slug for slug in slugs if slugs.count(slug) > 1}):
        raise SampleQuizError(f"Two sample quiz files use the slug {duplicates[0]!r}.")
    existing = set(Quiz.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new = [(file, data) for file, data in quizzes if data["slug"] not in existing]
    modules = {
        module.slug: module
        for module in Module.objects.filter(slug__in={data.get("module", "") for _f, data in new})
    }
    lesson_slugs = {q.get("lesson", "") for _f, data in new for q in data["questions"]}
    lessons = {lesson.slug: lesson for lesson in Article.objects.filter(slug__in=lesson_slugs)}

    prepared = [_prepare(file, data, modules, lessons) for file, data in new]
    created = [_create(*parts) for parts in prepared]
    if stdout is not None:
        for file, data in quizzes:
            state = "kept as it is" if data["slug"] in existing else "created and published"
            stdout.write(f"Sample quiz {data['slug']!r} ({file.name}): {state}.\n")
    return created


def _check_keys(where, table, keys, required):
    if not isinstance(table, dict):
        raise SampleQuizError(f"{where}: expected a table of keys.")
    if unknown := sorted(set(table) - set(keys)):
        raise SampleQuizError(f"{where}: unknown key {unknown[0]!r}.")
    if missing := [key for key in required if key not in table]:
        raise SampleQuizError(f"{where}: {missing[0]!r} is missing.")
    for key, value in table.items():
        expected = keys[key]
        # bool is a subclass of int: `pass_percent = true` must not pass as a number.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SampleQuizError(f"{where}: {key!r} must be a {expected.__name__}.")


def _read(file):
    """The TOML of one file, checked for its shape (keys, types, the question rules)."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SampleQuizError(f"{file.name}: not valid TOML: {error}") from None
    _check_keys(file.name, data, QUIZ_KEYS, ["slug", "title", "questions"])
    if not data["questions"]:
        raise SampleQuizError(f"{file.name}: a quiz needs at least one question.")
    for number, question in enumerate(data["questions"], start=1):
        where = f"{file.name}, question {number}"
        _check_keys(where, question, QUESTION_KEYS, ["kind", "prompt", "explanation", "choices"])
        for choice_number, choice in enumerate(question["choices"], start=1):
            _check_keys(f"{where}, choice {choice_number}", choice, CHOICE_KEYS, ["text"])
        correct = [choice.get("correct", False) for choice in question["choices"]]
        if problems := question_problems(question["kind"], correct):
            raise SampleQuizError(f"{where}: {' '.join(problems)}")
    return file, data


def _full_clean(where, instance, exclude, *, constraints=True):
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=constraints
        )
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
        )
        raise SampleQuizError(f"{where}: {details}") from None


def _prepare(file, data, modules, lessons):
    """Unsaved quiz, questions and choices, each checked by the model's own validation."""
    module_slug = data.get("module")
    if module_slug and module_slug not in modules:
        raise SampleQuizError(f"{file.name}: no module has the slug {module_slug!r}.")
    quiz = Quiz(
        slug=data["slug"],
        title=data["title"],
        intro=data.get("intro", ""),
        module=modules.get(module_slug),
        status=Status.DRAFT,  # Published once its questions are saved; see _create.
        publish_at=timezone.now(),
        **{
            key: data[key]
            for key in (
                "pass_percent",
                "feedback_timing",
                "shuffle_questions",
                "shuffle_choices",
                "partial_credit",
                "ask_confidence",
            )
            if key in data
        },
    )
    # Slugs were checked for the whole folder at once, so no per-quiz slug query.
    _full_clean(file.name, quiz, exclude=[], constraints=False)
    known = module_objectives(quiz.module_id)
    questions = []
    for number, entry in enumerate(data["questions"], start=1):
        where = f"{file.name}, question {number}"
        lesson_slug = entry.get("lesson")
        if lesson_slug and lesson_slug not in lessons:
            raise SampleQuizError(f"{where}: no lesson has the slug {lesson_slug!r}.")
        question = Question(
            position=number,
            kind=entry["kind"],
            prompt=entry["prompt"],
            explanation=entry["explanation"],
            article=lessons.get(lesson_slug),
            anchor=entry.get("anchor", ""),
            keep_choice_order=entry.get("keep_choice_order", False),
        )
        _full_clean(where, question, exclude=["quiz", "article"])  # The lesson was looked up.
        question.tagged, problems = objectives_by_code(
            module_id=quiz.module_id, codes=entry.get("objectives", []), known=known
        )
        if problems:
            raise SampleQuizError(f"{where}: {' '.join(problems)}")
        choices = []
        for position, item in enumerate(entry["choices"], start=1):
            choice = Choice(
                position=position,
                text=item["text"],
                is_correct=item.get("correct", False),
                feedback=item.get("feedback", ""),
                misconception=item.get("misconception", ""),
            )
            _full_clean(f"{where}, choice {position}", choice, exclude=["question"])
            choices.append(choice)
        questions.append((question, choices))
    return file, quiz, questions


def _create(file, quiz, questions):
    quiz.save()
    for question, _choices in questions:
        question.quiz = quiz
    Question.objects.bulk_create([question for question, _choices in questions])
    for question, choices in questions:
        for choice in choices:
            choice.question = question
    Choice.objects.bulk_create([choice for _question, choices in questions for choice in choices])
    Question.objectives.through.objects.bulk_create(
        Question.objectives.through(question=question, learningobjective=objective)
        for question, _choices in questions
        for objective in question.tagged
    )
    quiz.status = Status.PUBLISHED
    # Quiz.clean() checks the saved questions.
    _full_clean(file.name, quiz, exclude=[], constraints=False)
    quiz.save(update_fields=["status", "updated_at"])
    return quiz
