"""The quizzes part of the REST API (/api/v1/), by area.

- content.py: published quizzes and their questions, never the answers (read-only, anyone).
- attempts.py (+ attempt_serializers.py): starting an attempt, reading it, answering,
  submitting; `me/attempts/`.
- common.py: service refusals as API errors; examples.py: the documentation's examples.

Every view calls the same services as the HTML pages (quizzes.services); nothing here decides
a quiz rule itself. Groups, assignments and their results are the groups app's (groups/api/).
The names below keep `from quizzes import api; api.QuizList` working for the URL map.
"""

from quizzes.api.attempts import (
    AttemptAnswer,
    AttemptDetail,
    AttemptStart,
    AttemptSubmit,
    MyAttempts,
)
from quizzes.api.content import QuizDetail, QuizList

__all__ = [
    "AttemptAnswer",
    "AttemptDetail",
    "AttemptStart",
    "AttemptSubmit",
    "MyAttempts",
    "QuizDetail",
    "QuizList",
]
