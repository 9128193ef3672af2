from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Spaced review")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from publishing import pagecache
        from quizzes.models import Question, Quiz
        from quizzes.signals import attempt_submitted
        from review import queue_count, services

        # Personal work: never on public pages, so saving it leaves the page cache alone.
        pagecache.register(
            other=["review.ReviewCard", "review.ReviewAnswer", "review.ReviewSettings"]
        )
        # A submitted attempt queues its missed and guessed questions (quizzes cannot
        # import this app, so it announces submits with a signal).
        attempt_submitted.connect(services.cards_from_attempt, dispatch_uid="review-queue")
        # Publishing, archiving or deleting quizzes and questions changes which cards are
        # active: the cached header counts start over (cache invalidation, not a rule).
        for model in (Quiz, Question):
            for signal in (post_save, post_delete):
                signal.connect(
                    queue_count.forget_all, sender=model, dispatch_uid=f"review-{model.__name__}"
                )
        user_logged_in.connect(
            queue_count.user_logged_in_refresh, dispatch_uid="review-count-login"
        )
