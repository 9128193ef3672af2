from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from learn.workflow import lesson_changed
        from publishing import pagecache
        from quizzes.lesson_checks import on_lesson_changed

        # A published lesson's text changed: its questions are marked for a check.
        lesson_changed.connect(on_lesson_changed, dispatch_uid="quizzes-flag-questions")

        pagecache.register(
            content=["quizzes.Quiz", "quizzes.Question", "quizzes.Choice"],
            other=[
                "quizzes.Attempt",
                "quizzes.Response",
                "quizzes.ResponseChoice",
            ],
        )
