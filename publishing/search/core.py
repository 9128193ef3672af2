"""The search's moving parts shared by both backends: kinds, the registry, results."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 20
# Below this many hits, the page also offers a corrected spelling ("Did you mean …?").
FEW_RESULTS = 3

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class SearchKind:
    """One kind of searchable item. Register with ``register_kind``.

    The model needs a ``search_vector`` field filled on PostgreSQL by a
    ``SearchVectorTrigger`` migration operation (learn/search_operations.py).
    """

    key: str  # "lessons": the group's name in templates, ids and results["lessons"]
    label: Any  # plural, translatable: "Lessons"
    # The items the public may see, in every language (``published_any_locale``), with
    # related rows; ``items_in`` keeps those a reader of one language finds.
    queryset: Callable[[], QuerySet]
    title: str  # the field shown as the hit's link text
    fields: tuple[str, ...]  # other searched fields (the SQLite fallback reads these)
    snippet: tuple[str, ...] = ()  # fields the excerpt is cut from, in order
    similar: tuple[str, ...] = ()  # fields for near spellings; the title when empty
    defer: tuple[str, ...] = ()  # heavy fields the hit template does not need
    # Spelling correction's words, beside the title and ``similar`` fields: short plain
    # fields read whole, and Markdown fields whose headings are read.
    spelling: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    context: Callable[[Any], str] | None = None  # a short line shown after the title
    # Called with the page's hits and the reader's language before ``context``: loads what
    # the context line shows in that language (a lesson's module), in one query.
    localize: Callable[[list, str], None] | None = None
    template: str = "learn/_search_hit.html"  # one <li> for ``item``

    @property
    def similar_fields(self):
        return self.similar or (self.title,)


SEARCH_KINDS: list[SearchKind] = []


def register_kind(kind: SearchKind, *, position: int | None = None) -> SearchKind:
    """Add a kind to the search, at ``position`` in the page (the end by default)."""
    if any(existing.key == kind.key for existing in SEARCH_KINDS):
        raise ValueError(f"A search kind named {kind.key!r} is already registered.")
    SEARCH_KINDS.insert(len(SEARCH_KINDS) if position is None else position, kind)
    return kind


def is_translatable(model) -> bool:
    """The model's items have a language and translations (publishing.translations)."""
    return any(field.name == "translation_key" for field in model._meta.concrete_fields)


def items_in(kind: SearchKind, language: str) -> QuerySet:
    """What a reader in ``language`` finds of ``kind``: each item once, in their language
    when a published translation exists (and its source is public: readers reach it through
    the source's address), else the source (publishing.translations.localized, as a filter).
    Items without translations (sources in the library) are the same in every language."""
    queryset = kind.queryset()
    if not is_translatable(queryset.model):
        return queryset
    default = settings.LANGUAGE_CODE
    if language == default or language not in dict(settings.LANGUAGES):
        return queryset.filter(locale=default)
    same_item = kind.queryset().filter(translation_key=OuterRef("translation_key")).order_by()
    return queryset.filter(
        Q(Exists(same_item.filter(locale=default)), locale=language)
        | Q(~Exists(same_item.filter(locale=language)), locale=default)
    )


def normalise_query(raw: str) -> tuple[str, bool]:
    """The query with control characters dropped, spaces tidied, cut to MAX_QUERY_LENGTH;
    and whether it was cut. (PostgreSQL refuses NUL characters in text.)"""
    query = " ".join(_CONTROL.sub(" ", raw or "").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def asks_for_exact(query: str) -> bool:
    """The query holds a "phrase" or a -word to leave out: never match it by spelling."""
    return '"' in query or re.search(r"(^|\s)-\w", query) is not None


@dataclass
class KindHits:
    kind: SearchKind
    items: list = field(default_factory=list)
    count: int = 0

    @property
    def more(self):
        """True when there are more matches than the page shows."""
        return self.count > len(self.items)


@dataclass
class SearchResults:
    query: str
    groups: list[KindHits]
    language: str = ""  # the readers' language searched in (settings.LANGUAGES)
    close_matches: bool = False  # the groups hold near spellings, not full-text matches
    suggestion: str = ""  # "Did you mean …?"
    corrected_from: str = ""  # nothing matched what was typed: these results are for `query`

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    def __getitem__(self, key):
        """results["lessons"] (and {{ results.lessons }} in templates)."""
        for group in self.groups:
            if group.kind.key == key:
                return group
        raise KeyError(key)


def first_page(kind: SearchKind, queryset: QuerySet, language: str = "") -> KindHits:
    """The first RESULTS_PER_KIND items and the number of matches, in one query (and the
    kind's ``localize`` query).

    COUNT(*) OVER () is computed before LIMIT, so every row carries the full count.
    """
    items = list(queryset.annotate(search_total=Window(Count("pk")))[:RESULTS_PER_KIND])
    if kind.localize and items and language:
        kind.localize(items, language)
    for item in items:
        item.search_context = kind.context(item) if kind.context else ""
    return KindHits(kind, items, items[0].search_total if items else 0)
