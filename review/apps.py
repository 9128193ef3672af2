from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Spaced review")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from core import cachebatch
        from publishing import pagecache
        from quizzes.models import Quiz
        from quizzes.signals import attempt_submitted
        from review import queue_count, services
        from review.models import ReviewCard

        # Personal work: never on public pages, so saving it leaves the page cache alone.
        pagecache.register(
            other=["review.ReviewCard", "review.ReviewAnswer", "review.ReviewSettings"]
        )
        # A submitted attempt queues its missed and guessed questions (quizzes cannot
        # import this app, so it announces submits with a signal).
        attempt_submitted.connect(services.cards_from_attempt, dispatch_uid="review-queue")
        # Publishing, archiving or expiring a quiz, or deleting cards (with their question),
        # changes which cards count: the cached header counts start over (cache
        # invalidation, not a domain rule; every path, the admin's included, is covered).
        post_save.connect(queue_count.quiz_saved, sender=Quiz, dispatch_uid="review-quiz-saved")
        post_delete.connect(
            queue_count.forget_all, sender=ReviewCard, dispatch_uid="review-card-deleted"
        )
        user_logged_in.connect(
            queue_count.user_logged_in_refresh, dispatch_uid="review-count-login"
        )
        # A page that batches its small cache reads reads the header's count with them.
        cachebatch.register(queue_count.keys_for)
