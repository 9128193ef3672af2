from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes and groups")

    def ready(self):
        from publishing import pagecache

        pagecache.register(
            content=["quizzes.Quiz", "quizzes.Question", "quizzes.Choice"],
            other=[
                "quizzes.LearnerGroup",
                "quizzes.Membership",
                "quizzes.Assignment",
                "quizzes.Accommodation",
                "quizzes.Hold",
                "quizzes.Attempt",
                "quizzes.Response",
                "quizzes.ResponseChoice",
            ],
        )
