"""Admin for quizzes: registering the quiz and question admins (groups have their own)."""

from quizzes.admin.question import QuestionAdmin
from quizzes.admin.quiz import QuizAdmin

__all__ = ["QuestionAdmin", "QuizAdmin"]
