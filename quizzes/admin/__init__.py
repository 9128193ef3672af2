"""Admin for quizzes: registering the quiz and question admins (groups have their own), and
the module admin's translation page (a module's translation job includes its quizzes)."""

from quizzes.admin.module_translation import TranslatableModuleAdmin
from quizzes.admin.question import QuestionAdmin
from quizzes.admin.quiz import QuizAdmin

__all__ = ["QuestionAdmin", "QuizAdmin", "TranslatableModuleAdmin"]
