"""The kinds of learning content site search covers: lessons, FAQs and the reference library.

The search itself (registry, backends, excerpts) is `publishing.search`; importing this
module registers learn's kinds (LearnConfig.ready), in the order the results page shows them.
Each kind covers its published items in every language; the search keeps the reader's.
"""

from django.utils.translation import gettext_lazy as _

from learn.models import FAQ, ReferenceLink
from learn.services import published_lessons
from publishing.search import SearchKind, register_kind
from publishing.translations import localize_list


def _modules_in(lessons, language):
    """Each hit's module as the reader sees it (its title is the hit's context line)."""
    modules = localize_list([lesson.module for lesson in lessons], language)
    for lesson, module in zip(lessons, modules, strict=True):
        lesson.module = module  # shown only, never saved; the same slug in every language


register_kind(
    SearchKind(
        key="lessons",
        label=_("Lessons"),
        queryset=lambda: published_lessons(any_locale=True).select_related("module"),
        title="title",
        fields=("summary", "body"),
        snippet=("summary", "body"),
        defer=("body", "body_html"),
        spelling=("summary",),
        headings=("body",),
        context=lambda lesson: lesson.module.title,
        localize=_modules_in,
    )
)
register_kind(
    SearchKind(
        key="faqs",
        label=_("Questions and answers"),
        queryset=lambda: FAQ.objects.published_any_locale().select_related("topic"),
        title="question",
        fields=("answer",),
        snippet=("answer",),
        defer=("answer", "answer_html"),
        context=lambda faq: faq.topic.name,
    )
)
register_kind(
    SearchKind(
        key="references",
        label=_("Sources"),
        queryset=lambda: ReferenceLink.objects.all(),
        title="title",
        fields=("summary", "authors"),
        snippet=("summary",),
        template="learn/_search_hit_reference.html",
    )
)
