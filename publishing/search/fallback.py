"""The SQLite search (the embedded default): plain ``icontains`` lookups, no index.

Every word (or "quoted phrase") must appear in one of a kind's fields; ``-word`` leaves items
out. Titles holding the whole query rank first, then titles holding every word, then the
rest by title. Only items in the reader's language are searched (``core.items_in``). No
stemming; misspelt words are corrected by search_site with
publishing/search/spelling.py, as on PostgreSQL. The page and the snippets look the same as
on PostgreSQL. Enough for a library of a few hundred items.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from publishing.search.core import SEARCH_KINDS, KindHits, SearchResults, first_page, items_in
from publishing.search.text import excerpt, highlight, terms_pattern

MAX_TERMS = 10

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_fallback_query(query: str) -> tuple[list[str], list[str]]:
    """(terms, excluded): words and "quoted phrases", lower-cased; ``-word`` excluded.

    A bare "or" is dropped: the fallback needs every term, and "or" would match "for".
    """
    terms, excluded = [], []
    for minus_phrase, phrase, minus_word, word in _TOKEN.findall(query):
        text = " ".join((phrase or word.strip('"')).lower().split())
        if not text or text == "or" or (text == "-" and not phrase):
            continue
        (excluded if (minus_phrase or minus_word) else terms).append(text)
    return list(dict.fromkeys(terms))[:MAX_TERMS], list(dict.fromkeys(excluded))[:MAX_TERMS]


def search_fallback(query: str, language: str) -> SearchResults:
    """Items in ``language`` holding every term in some field; titles holding them first."""
    terms, excluded = parse_fallback_query(query)
    pattern = terms_pattern(terms)
    groups = [
        _fallback_hits(kind, language, query, terms, excluded, pattern) for kind in SEARCH_KINDS
    ]
    return SearchResults(query, groups, language)


def _fallback_hits(kind, language, query, terms, excluded, pattern):
    if not terms:
        return KindHits(kind)
    queryset = items_in(kind, language)
    names = [kind.title, *kind.fields]
    for term in terms:
        queryset = queryset.filter(_any_field(names, term))
    for term in excluded:
        queryset = queryset.exclude(_any_field(names, term))
    every_term_in_title = Q()
    for term in terms:
        every_term_in_title &= Q(**{f"{kind.title}__icontains": term})
    rank = Case(
        When(Q(**{f"{kind.title}__icontains": query}), then=Value(0)),
        When(every_term_in_title, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    deferred = [name for name in kind.defer if name not in kind.snippet]
    queryset = queryset.defer(*deferred, "search_vector").annotate(search_rank=rank)
    group = first_page(kind, queryset.order_by("search_rank", kind.title, "pk"), language)
    for item in group.items:
        item.search_title = highlight(getattr(item, kind.title), pattern)
        text = " ".join(getattr(item, name) or "" for name in kind.snippet)
        item.search_snippet = excerpt(text, pattern) if kind.snippet else ""
    return group


def _any_field(names, term):
    condition = Q()
    for name in names:
        condition |= Q(**{f"{name}__icontains": term})
    return condition
