"""The rules a question and a quiz must follow before learners may see them.

One place for the rules, so the admin forms, the "Publish" action, `Quiz.clean()`, the CSV
import and the sample-content loader all say the same thing in the same words. The functions
take plain values (a kind and the correct flags of the choices), not forms or models, so each
caller can check what it is about to save, not only what is already saved.
"""

from collections.abc import Iterable, Sequence

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from quizzes.models import QuestionKind

MIN_CHOICES = 2
MAX_CHOICES = 6


def question_problems(kind: str, correct: Sequence[bool]) -> list[str]:
    """What is wrong with a question of this kind whose choices have these correct flags."""
    count, right = len(correct), sum(1 for flag in correct if flag)
    if kind not in QuestionKind.values:
        return [
            _("Unknown question kind “%(kind)s”. Use single, multiple or true_false.")
            % {"kind": kind}
        ]
    problems = []
    if kind == QuestionKind.TRUE_FALSE:
        if count != 2:
            problems.append(
                _("A true-or-false question needs exactly two choices; it has %(n)d.")
                % {"n": count}
            )
    elif count < MIN_CHOICES:
        problems.append(_("A question needs at least two choices; it has %(n)d.") % {"n": count})
    elif count > MAX_CHOICES:
        problems.append(
            _("A question can have at most %(max)d choices; it has %(n)d.")
            % {"max": MAX_CHOICES, "n": count}
        )
    if kind == QuestionKind.MULTIPLE:
        if right < 1:
            problems.append(_("A multiple-answer question needs at least one correct choice."))
    elif right != 1:
        label = (
            _("A true-or-false question")
            if kind == QuestionKind.TRUE_FALSE
            else _("A single-choice question")
        )
        problems.append(
            _("%(label)s needs exactly one correct choice; it has %(n)d.")
            % {"label": label, "n": right}
        )
    return problems


def question_label(number: int, prompt: str = "") -> str:
    """How messages name a question: by its number in the quiz, with the start of its text."""
    if not prompt.strip():
        return _("Question %(number)d") % {"number": number}
    return _("Question %(number)d (“%(prompt)s”)") % {
        "number": number,
        "prompt": Truncator(" ".join(prompt.split())).chars(50),
    }


def questions_problems(questions: Iterable[tuple[str, Sequence[bool], str]]) -> list[str]:
    """Problems of a whole quiz's questions, given in order as (kind, correct flags, prompt)."""
    questions = list(questions)
    if not questions:
        return [_("A quiz needs at least one question before it can be published.")]
    return [
        f"{question_label(number, prompt)}: {problem}"
        for number, (kind, correct, prompt) in enumerate(questions, start=1)
        for problem in question_problems(kind, correct)
    ]


def saved_questions_problems(questions: Iterable) -> list[str]:
    """Problems of saved questions (model instances, their choices prefetched if possible)."""
    questions = sorted(questions, key=lambda q: (q.position, q.pk))
    return questions_problems(
        (q.kind, [choice.is_correct for choice in q.choices.all()], q.prompt) for q in questions
    )


def quiz_publish_problems(quiz) -> list[str]:
    """What stops this quiz, as saved, from being published (empty when nothing does).

    Uses the questions and choices the caller prefetched (`questions__choices`), if any;
    otherwise it reads them in two queries.
    """
    if quiz.pk is None:
        return questions_problems([])
    if "questions" in getattr(quiz, "_prefetched_objects_cache", {}):
        return saved_questions_problems(quiz.questions.all())
    return saved_questions_problems(quiz.questions.prefetch_related("choices"))
