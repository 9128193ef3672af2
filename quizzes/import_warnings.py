"""Writing advice on a CSV import: the quiz editor's warnings, by line of the file.

Kept apart from quizzes/importers.py, which parses and writes: advice never decides whether a
file is imported, it is only shown in the report.
"""

from collections.abc import Sequence

from quizzes.importers import ParsedQuestion, Problem
from quizzes.models import Quiz
from quizzes.validation import (
    correct_position_warnings,
    off_topic_choice_warning,
    off_topic_choices,
    question_writing_warnings,
)


def import_writing_warnings(*, quiz: Quiz, questions: Sequence[ParsedQuestion]) -> list[Problem]:
    """The admin's writing advice for the file's questions, read as part of the quiz.

    Each question's own warnings, then the whole-quiz ones (throwaway wrong choices, the right
    answer always in one place), counted over the quiz's questions followed by the file's.
    """
    warnings = [
        Problem(parsed.line, message)
        for parsed in questions
        for message in question_writing_warnings(
            parsed.kind, parsed.prompt, [(c.text, c.is_correct) for c in parsed.choices]
        )
    ]
    existing = list(quiz.questions.order_by("position", "pk").prefetch_related("choices"))
    texts = [(q.kind, q.prompt, q.explanation, list(q.choices.all()), None) for q in existing] + [
        (q.kind, q.prompt, q.explanation, q.choices, q.line) for q in questions
    ]
    texts = [
        (
            kind,
            prompt,
            explanation,
            [(c.text, c.is_correct, c.feedback, c.misconception) for c in choices],
            line,
        )
        for kind, prompt, explanation, choices, line in texts
    ]
    for number, text in off_topic_choices([entry[:4] for entry in texts]):
        if (line := texts[number - 1][4]) is not None:  # Only the file's own questions.
            warnings.append(Problem(line, off_topic_choice_warning(text)))
    positions = correct_position_warnings(
        (kind, [c[1] for c in cs]) for kind, _p, _e, cs, _l in texts
    )
    return warnings + [Problem(None, message) for message in positions]
