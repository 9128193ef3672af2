from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnConfig(AppConfig):
    name = "learn"
    verbose_name = _("Learning content")

    def ready(self):
        # Lessons, FAQs and references become searchable (publishing.search).
        from learn import search_kinds  # noqa: F401
        from publishing import pagecache

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
            ],
            other=["learn.LessonProgress", "learn.FlaggedPhrase"],
        )
