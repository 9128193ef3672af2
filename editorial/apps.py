from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Site pages, feedback and glossary")

    def ready(self):
        # Glossary terms are searchable beside lessons, FAQs and references (publishing.search).
        from editorial.models import GlossaryTerm
        from publishing import pagecache
        from publishing.search import SearchKind, register_kind

        pagecache.register(
            content=["editorial.SitePage", "editorial.GlossaryTerm"], other=["editorial.Feedback"]
        )

        register_kind(
            SearchKind(
                key="glossary",
                label=_("Glossary"),
                queryset=lambda: GlossaryTerm.objects.published_any_locale(),
                title="term",
                fields=("also_matches", "short_definition"),
                snippet=("short_definition",),
                similar=("term", "also_matches"),
            ),
            position=0,
        )
