"""Site search over every registered kind of published content.

What is searched is a registry of *kinds* (``SEARCH_KINDS``, see ``core.SearchKind``): each
says which published items it covers, which fields hold its title and text, and how one hit
is shown. Results come back grouped by kind, each group with its count and at most
RESULTS_PER_KIND items, in one query per kind whatever the amount of content.

- ``postgres``: full-text search (weighted vectors kept by a trigger, GIN index, ranking,
  excerpts) and near spellings with pg_trgm. The 'english' configuration.
- ``fallback``: plain lookups for SQLite, the embedded default.
- ``text``: excerpts and highlighted titles, escaped first and marked second.

Content apps register their kinds (learn/search_kinds.py, editorial/apps.py). The view
(learn.views.search) normalises the query and renders learn/search.html, or only
its ``search-results`` partial for htmx.
"""

from django.db import connection

from publishing.search.core import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_KIND,
    SEARCH_KINDS,
    KindHits,
    SearchKind,
    SearchResults,
    normalise_query,
    register_kind,
)
from publishing.search.fallback import search_fallback
from publishing.search.postgres import search_postgres

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
