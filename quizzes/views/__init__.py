"""Quiz pages by area: quizzes (list, intro, start), attempts (one step at a time), results."""

from quizzes.views.attempts import attempt_answer, attempt_detail, attempt_flag, attempt_submit
from quizzes.views.quizzes import quiz_detail, quiz_list
from quizzes.views.results import attempt_result

__all__ = [
    "attempt_answer",
    "attempt_detail",
    "attempt_flag",
    "attempt_result",
    "attempt_submit",
    "quiz_detail",
    "quiz_list",
]
