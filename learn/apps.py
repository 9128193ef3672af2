from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnConfig(AppConfig):
    name = "learn"
    verbose_name = _("Learning content")

    def ready(self):
        # Lessons, FAQs and references become searchable (publishing.search).
        from learn import search_kinds  # noqa: F401
        from learn.workflow import on_item_moved
        from publishing import pagecache
        from publishing.workflow import item_moved

        # A lesson that changes status gets its sources recorded and its quiz questions checked.
        item_moved.connect(on_item_moved, dispatch_uid="learn-lesson-moved")

        pagecache.register(
            content=[
                "learn.Topic",
                "learn.Contributor",
                "learn.Module",
                "learn.Article",
                "learn.ReferenceLink",
                "learn.Citation",
                "learn.FAQ",
                "learn.ReviewRecord",
                "learn.ArticleUpdateNote",
                "learn.LearningObjective",
            ],
            other=["learn.LessonProgress", "learn.FlaggedPhrase"],
        )
