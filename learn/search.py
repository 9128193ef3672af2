"""Site search over published lessons, published FAQs and the reference library.

Plain ``icontains`` lookups on a few fields: the same results on SQLite and PostgreSQL, no
search index to keep up to date, and enough for a library of a few hundred items. Every word
of the query must appear in one of an item's fields. Items whose title holds the whole query
rank first, then those whose title holds every word, then the rest.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from learn.models import FAQ, ReferenceLink
from learn.services import published_lessons

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
RESULTS_PER_KIND = 50


def normalise_query(raw: str) -> tuple[str, bool]:
    """The query with spaces tidied, cut to MAX_QUERY_LENGTH; and whether it was cut."""
    query = " ".join((raw or "").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


@dataclass
class Hits:
    items: list = field(default_factory=list)
    count: int = 0


@dataclass
class SearchResults:
    query: str
    lessons: Hits
    faqs: Hits
    references: Hits

    @property
    def total(self):
        return self.lessons.count + self.faqs.count + self.references.count


def _search(queryset: QuerySet, query: str, *, title: str, fields: list[str]) -> Hits:
    terms = list(dict.fromkeys(query.lower().split()))[:MAX_TERMS]
    for term in terms:
        any_field = Q()
        for name in [title, *fields]:
            any_field |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(any_field)
    every_term_in_title = Q()
    for term in terms:
        every_term_in_title &= Q(**{f"{title}__icontains": term})
    rank = Case(
        When(Q(**{f"{title}__icontains": query}), then=Value(0)),
        When(every_term_in_title, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    queryset = queryset.annotate(rank=rank).order_by("rank", title, "pk")
    items = list(queryset[:RESULTS_PER_KIND])
    # Count separately only when the list was cut short.
    count = len(items) if len(items) < RESULTS_PER_KIND else queryset.count()
    return Hits(items=items, count=count)


def search_site(query: str) -> SearchResults:
    """Published lessons, published FAQs and references matching a normalised query."""
    return SearchResults(
        query=query,
        lessons=_search(
            published_lessons().select_related("module").defer("body", "body_html"),
            query,
            title="title",
            fields=["summary", "body"],
        ),
        faqs=_search(
            FAQ.objects.published(),
            query,
            title="question",
            fields=["answer"],
        ),
        references=_search(
            ReferenceLink.objects.all(), query, title="title", fields=["summary", "authors"]
        ),
    )
