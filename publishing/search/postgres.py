"""PostgreSQL search: weighted full-text search, ranked and excerpted; near spellings.

Each model's ``search_vector`` (title A, summary B, body C, filled by a trigger, GIN-indexed)
is matched with ``websearch_to_tsquery``: "quoted phrases", ``-word`` and ``or`` work,
stemming finds other forms of a word, and nothing in the query is SQL. Each row is indexed in
its own language's text-search configuration (``CONFIGS``: the triggers pick it by the row's
``locale``), and the query is made in the same one for each row: a Spanish reader's query
is stemmed in Spanish against Spanish translations, in English against the English sources
shown where no translation exists. ``ts_rank`` orders the hits; ``ts_headline`` cuts the
excerpt and marks the matches with sentinels that publishing/search/text.py turns into
escaped HTML with ``<mark>``.

When nothing matched, even after spelling correction (publishing/search/spelling.py),
pg_trgm's word similarity on titles looks for near spellings, and they become the results
("mielin shaeth" finds "Myelin" by its title).
"""

import re

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest, Left, Right

from publishing.search.core import (
    SEARCH_KINDS,
    SearchResults,
    asks_for_exact,
    first_page,
    is_translatable,
    items_in,
)
from publishing.search.text import START, STOP, headline_html, marked_html

# Each language's text-search configuration. The search triggers hold the same map (a
# migration's copy: learn/migrations/0012_search_vectors_by_language.py and editorial's
# 0006): a new language needs both. Items without a language (the library's sources) are English.
CONFIGS = {"en": "english", "es": "spanish"}
CONFIG = "english"
# pg_trgm word_similarity from which a title counts as a near spelling ("mielin" and
# "Myelin" score 0.57; unrelated short words stay under 0.3).
SIMILARITY_THRESHOLD = 0.4
MAX_SIMILAR_WORDS = 5
# ts_rank weights for D, C, B, A (PostgreSQL's defaults, written out): a title match counts
# five times a body match.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
TEXT_END_CHARS = 60
HEADLINE_OPTIONS = {
    "max_words": 20,
    "min_words": 10,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}

# Words too common to match by spelling (shorter words are never used).
COMMON_WORDS = frozenset(
    {
        *("about", "above", "after", "again", "also", "been", "before", "being", "below"),
        *("between", "both", "cannot", "could", "does", "doing", "down", "during", "each"),
        *("from", "further", "have", "having", "here", "into", "just", "more", "most", "much"),
        *("only", "other", "over", "same", "should", "some", "such", "than", "that", "their"),
        *("them", "then", "there", "these", "they", "this", "those", "through", "under"),
        *("until", "very", "were", "what", "when", "where", "which", "while", "will", "with"),
        *("would", "your", "yours"),
    }
)


def config_for(language: str) -> str:
    """The text-search configuration of a language ('simple', no stemming, if it has none)."""
    return CONFIGS.get(language, "simple")


def search_postgres(query: str, language: str) -> SearchResults:
    """Full-text hits of every kind, for a reader in ``language``."""
    groups = [_full_text_hits(kind, query, language) for kind in SEARCH_KINDS]
    return SearchResults(query, groups, language)


def add_near_spellings(results: SearchResults) -> None:
    """When nothing matched, items whose titles are spelt like the query's words become
    the results (``close_matches``)."""
    words = _similar_words(results.query)
    if results.total or not words:
        return
    similar = [_similar_hits(kind, words, results.query, results.language) for kind in SEARCH_KINDS]
    if any(group.count for group in similar):
        results.groups, results.close_matches = similar, True


def _search_query(query, config):
    return SearchQuery(query, search_type="websearch", config=config)


def _configs(kind, language):
    """(the reader's configuration, the sources' one) for this kind; the same one twice
    when the reader reads the source language or the kind has no translations."""
    if not is_translatable(kind.queryset().model):
        return CONFIG, CONFIG
    return config_for(language), config_for(settings.LANGUAGE_CODE)


def _per_row(kind, language, make):
    """``make(config)`` in each row's configuration: the reader's for their language's
    rows, the sources' for the others (one expression either way)."""
    own, source = _configs(kind, language)
    if own == source:
        return make(source)
    return Case(When(locale=language, then=make(own)), default=make(source))


def _full_text_hits(kind, query, language):
    own, source = _configs(kind, language)
    matches = Q(search_vector=_search_query(query, source))
    if own != source:
        mine = Q(locale=language, search_vector=_search_query(query, own))
        matches = mine | (~Q(locale=language) & matches)
    queryset = items_in(kind, language).filter(matches)
    queryset = queryset.annotate(
        search_rank=_per_row(
            kind,
            language,
            lambda config: SearchRank(
                F("search_vector"), _search_query(query, config), weights=RANK_WEIGHTS
            ),
        )
    )
    return _group(kind, language, queryset, query, "-search_rank")


def _similar_hits(kind, words, query, language):
    scores = [TrigramWordSimilarity(word, name) for word in words for name in kind.similar_fields]
    queryset = items_in(kind, language).annotate(
        search_similarity=scores[0] if len(scores) == 1 else Greatest(*scores)
    )
    queryset = queryset.filter(search_similarity__gte=SIMILARITY_THRESHOLD)
    return _group(kind, language, queryset, query, "-search_similarity")


def _group(kind, language, queryset, query, order):
    def headline(expression, **options):
        return _per_row(
            kind,
            language,
            lambda config: SearchHeadline(
                expression,
                _search_query(query, config),
                config=config,
                start_sel=START,
                stop_sel=STOP,
                **options,
            ),
        )

    annotations = {"search_headline_title": headline(kind.title, highlight_all=True)}
    if kind.snippet:
        text = F(kind.snippet[0]) if len(kind.snippet) == 1 else _joined(kind.snippet)
        annotations["search_headline_text"] = headline(text, **HEADLINE_OPTIONS)
        # Enough of each end to tell whether the excerpt starts or ends the text.
        annotations["search_text_start"] = Left(text, TEXT_END_CHARS)
        annotations["search_text_end"] = Right(text, TEXT_END_CHARS)
    queryset = queryset.defer(*kind.defer, "search_vector").annotate(**annotations)
    group = first_page(kind, queryset.order_by(order, kind.title, "pk"), language)
    for item in group.items:
        item.search_title = marked_html(item.search_headline_title)
        item.search_snippet = ""
        if kind.snippet:
            item.search_snippet = headline_html(
                item.search_headline_text, item.search_text_start, item.search_text_end
            )
    return group


def _joined(names):
    parts = [F(names[0])]
    for name in names[1:]:
        parts += [Value(" "), F(name)]
    return Concat(*parts, output_field=TextField())


def _similar_words(query):
    """Up to MAX_SIMILAR_WORDS distinct words worth matching by spelling: 4 letters or more,
    no common English words. None when the query asks for something exact: a "phrase" or
    a -word to leave out."""
    if asks_for_exact(query):
        return []
    words = [word.lower() for word in re.findall(r"[^\W\d_]{4,}", query)]
    words = [word for word in words if word not in COMMON_WORDS]
    return list(dict.fromkeys(words))[:MAX_SIMILAR_WORDS]
