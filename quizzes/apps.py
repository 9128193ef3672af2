from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete

        from learn.workflow import lesson_changed
        from publishing import pagecache
        from quizzes.lesson_checks import on_lesson_changed
        from quizzes.mastery import on_attempt_deleted, on_objectives_changed
        from quizzes.models import Attempt, Question

        # A published lesson's text changed: its questions are marked for a check.
        lesson_changed.connect(on_lesson_changed, dispatch_uid="quizzes-flag-questions")

        # The kept tallies behind the dashboard's mastery follow tagging and deletions.
        m2m_changed.connect(
            on_objectives_changed,
            sender=Question.objectives.through,
            dispatch_uid="quizzes-tallies-tags",
        )
        post_delete.connect(on_attempt_deleted, sender=Attempt, dispatch_uid="quizzes-tallies-del")

        pagecache.register(
            content=["quizzes.Quiz", "quizzes.Question", "quizzes.Choice"],
            other=[
                "quizzes.Attempt",
                "quizzes.Response",
                "quizzes.ResponseChoice",
            ],
        )
