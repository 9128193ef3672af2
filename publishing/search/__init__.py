"""Site search over every registered kind of published content.

What is searched is a registry of *kinds* (``SEARCH_KINDS``, see ``core.SearchKind``): each
says which published items it covers, which fields hold its title and text, and how one hit
is shown. Results come back grouped by kind, each group with its count and at most
RESULTS_PER_KIND items, in one query per kind whatever the amount of content.

A search is in the reader's language (``core.items_in``): a Spanish reader finds the
published Spanish translations and the English sources that have none, never both versions
of one item, and the hits link to the Spanish pages (the URLs are reversed in the active
language).

- ``postgres``: full-text search (weighted vectors kept by a trigger, GIN index, ranking,
  excerpts) and near spellings with pg_trgm. Each language in its own text-search
  configuration ('english', 'spanish').
- ``fallback``: plain lookups for SQLite, the embedded default.
- ``spelling``: on both, a vocabulary of published titles, glossary terms and headings that
  corrects misspelt words: when nothing matched, the results are for the corrected query
  ("probiotcs" shows the probiotics lessons); when few matched, "Did you mean …?".
- ``text``: excerpts and highlighted titles, escaped first and marked second.

Content apps register their kinds (learn/search_kinds.py, editorial/apps.py). The view
(learn.views.search) normalises the query and renders learn/search.html, or only
its ``search-results`` partial for htmx.
"""

from django.db import connection
from django.utils.translation import get_language

from publishing.search.core import (
    FEW_RESULTS,
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
from publishing.search.postgres import add_near_spellings, search_postgres
from publishing.search.spelling import correct_query

__all__ = [
    "FEW_RESULTS",
    "MAX_QUERY_LENGTH",
    "RESULTS_PER_KIND",
    "SEARCH_KINDS",
    "KindHits",
    "SearchKind",
    "SearchResults",
    "normalise_query",
    "register_kind",
    "correct_query",
    "search_site",
]


def search_site(query: str, *, correct: bool = True, language: str = "") -> SearchResults:
    """Published items of every registered kind matching a normalised, non-empty query, in
    ``language`` (the active language by default).

    When nothing matches and ``correct`` holds, the results are those of the query with its
    misspelt words corrected (``corrected_from`` keeps what was typed); when few match, the
    correction is offered as ``suggestion``. On PostgreSQL, a query that still finds
    nothing is matched by the spelling of titles (pg_trgm).
    """
    language = language or get_language()
    postgres = connection.vendor == "postgresql"
    search = search_postgres if postgres else search_fallback
    results = search(query, language)
    if results.total >= FEW_RESULTS:
        return results
    correction = correct_query(query, language)
    if correction and correct and not results.total:
        corrected = search(correction, language)
        if corrected.total:
            corrected.corrected_from = query
            return corrected
        correction = ""  # it finds nothing either: not worth suggesting
    results.suggestion = correction
    if postgres and correct:
        add_near_spellings(results)
    return results
