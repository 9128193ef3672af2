"""Site search over published lessons, FAQs and the reference library (and any registered kind).

What is searched is a registry of *kinds* (``SEARCH_KINDS``, see ``core.SearchKind``): each
says which published items it covers, which fields hold its title and text, and how one hit
is shown. Results come back grouped by kind, each group with its count and at most
RESULTS_PER_KIND items, in one query per kind whatever the amount of content.

- ``postgres``: full-text search (weighted vectors kept by a trigger, GIN index, ranking,
  excerpts) and near spellings with pg_trgm. The 'english' configuration.
- ``fallback``: plain lookups for SQLite, the embedded default.
- ``text``: excerpts and highlighted titles, escaped first and marked second.

The view (learn.views.search) normalises the query and renders learn/search.html, or only
its ``search-results`` partial for htmx.
"""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from learn.models import FAQ, ReferenceLink
from learn.search.core import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_KIND,
    SEARCH_KINDS,
    KindHits,
    SearchKind,
    SearchResults,
    normalise_query,
    register_kind,
)
from learn.search.fallback import search_fallback
from learn.search.postgres import search_postgres
from learn.services import published_lessons

__all__ = [
    "MAX_QUERY_LENGTH",
    "RESULTS_PER_KIND",
    "SEARCH_KINDS",
    "KindHits",
    "SearchKind",
    "SearchResults",
    "normalise_query",
    "register_kind",
    "search_site",
]


def search_site(query: str) -> SearchResults:
    """Published items of every registered kind matching a normalised, non-empty query."""
    if connection.vendor == "postgresql":
        return search_postgres(query)
    return search_fallback(query)


register_kind(
    SearchKind(
        key="lessons",
        label=_("Lessons"),
        queryset=lambda: published_lessons().select_related("module"),
        title="title",
        fields=("summary", "body"),
        snippet=("summary", "body"),
        defer=("body", "body_html"),
        context=lambda lesson: lesson.module.title,
    )
)
register_kind(
    SearchKind(
        key="faqs",
        label=_("Questions and answers"),
        queryset=lambda: FAQ.objects.published().select_related("topic"),
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
