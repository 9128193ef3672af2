"""What a learner sends with an answer, checked against the question: ids from forms and JSON.

`services.attempt_answer` calls these; the refusals are the QuizErrors of quizzes.exceptions.
"""

import re

from django.utils.translation import gettext_lazy as _

from quizzes.exceptions import InvalidChoice, NoChoice, TooManyChoices
from quizzes.models import Question, QuestionKind

# Positive integers that fit a 64-bit primary key.
ID_RE = re.compile(r"[1-9][0-9]{0,17}")


def parse_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and ID_RE.fullmatch(value.strip()):
        return int(value)
    return None


def clean_choice_ids(question: Question, choice_ids) -> list[int]:
    """Check the chosen ids against the question; raise the matching QuizError."""
    if choice_ids is None:
        choice_ids = []
    elif isinstance(choice_ids, (str, int)):
        choice_ids = [choice_ids]
    raw = list(choice_ids)
    valid = {choice.pk for choice in question.choices.all()}
    if not raw:
        raise NoChoice()
    if len(raw) > len(valid):
        raise TooManyChoices()
    ids = [parse_id(value) for value in raw]
    if None in ids or not set(ids) <= valid:
        raise InvalidChoice()
    if len(set(ids)) != len(ids):
        raise InvalidChoice(_("Each answer can be chosen only once."))
    if question.kind != QuestionKind.MULTIPLE and len(ids) != 1:
        raise TooManyChoices(_("Choose one answer only."))
    return ids
