"""How sure a learner is of an answer (certainty-based answers): the one check of the value.

The step pages, the API and every other caller of `services.attempt_answer` go through
`clean_confidence`, so a tampered value is refused the same way everywhere. Confidence is
never part of a grade: `Question.grade` does not see it.
"""

from quizzes.attempt_models import Confidence
from quizzes.exceptions import InvalidConfidence, NoConfidence

# The answers that count as "confidently" given: a wrong one of these is a misconception
# the learner holds, not a guess.
CONFIDENT = frozenset({Confidence.SURE, Confidence.FAIRLY_SURE})


def clean_confidence(value, *, asked: bool) -> str:
    """The stored value for what the learner said ("" when the quiz does not ask).

    Required when the quiz asks (NoConfidence when missing); any value that is not one of
    `Confidence` is refused (InvalidConfidence), asked or not, so a tampered form or API call
    never passes unnoticed. When the quiz does not ask, a valid value is ignored.
    """
    if value is None or value == "":
        if asked:
            raise NoConfidence()
        return ""
    if not isinstance(value, str) or value not in Confidence.values:
        raise InvalidConfidence()
    return value if asked else ""


def is_confidently_wrong(*, confidence: str, is_correct: bool) -> bool:
    """Sure or fairly sure, and not right: the answers the result page and dashboard lead with."""
    return not is_correct and confidence in CONFIDENT


# The refusals about how sure a learner is: the step page shows them by that question.
CONFIDENCE_ERRORS = frozenset({NoConfidence.code, InvalidConfidence.code})
