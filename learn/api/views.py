"""Read-only API views for learning content: modules, lessons (articles), FAQs, references.

Only published content is served (`published()`), and a lesson is public only while its
module is too. Modules, lessons and FAQs come in the language asked for (`?lang=es` or
`Accept-Language`) where a published translation exists (learn.api.languages). Every list
and detail runs a fixed number of queries whatever its length: related rows come from
select_related, one prefetch per relation and one query per localized relation.
"""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from core.api.schema import OK as _OK
from core.api.schema import error_responses, slug_parameter
from learn.api import examples
from learn.api.languages import (
    InLanguageMixin,
    localize_lists,
    localize_related,
    with_lang_parameter,
)
from learn.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    FAQSerializer,
    ModuleDetailSerializer,
    ModuleSerializer,
    ReferenceSerializer,
)
from learn.filters import ArticleFilter, FAQFilter, FilterBackend, ReferenceFilter
from learn.models import FAQ, Article, Citation, Module, ReferenceLink
from publishing.pagecache import PublicListMixin


def published_lessons():
    """Lessons the public may read: published, in a published module."""
    return Article.objects.published().filter(module__in=Module.objects.published())


def module_queryset():
    return (
        Module.objects.published()
        .annotate(lesson_count=Count("articles", filter=Q(articles__in=published_lessons())))
        .order_by("position", "title", "pk")
    )


@extend_schema(
    tags=["content"],
    summary="List modules",
    description="Published modules in reading order, with how many lessons each has.",
    responses={
        200: OpenApiResponse(ModuleSerializer(many=True), description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("Modules", value=examples.MODULE, response_only=True)],
)
@with_lang_parameter
class ModuleList(InLanguageMixin, PublicListMixin, generics.ListAPIView):
    """Published modules in reading order."""

    permission_classes = [AllowAny]
    serializer_class = ModuleSerializer
    keep = ("lesson_count",)

    def get_queryset(self):
        return module_queryset()


@extend_schema(
    tags=["content"],
    summary="Get a module and its lessons",
    parameters=[slug_parameter("The module's slug.", examples.MODULE["slug"])],
    description="One published module with its published lessons in reading order.",
    responses={
        200: OpenApiResponse(ModuleDetailSerializer, description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("A module", value=examples.MODULE_DETAIL, response_only=True)],
)
@with_lang_parameter
class ModuleDetail(InLanguageMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ModuleDetailSerializer
    lookup_field = "slug"
    keep = ("lesson_count", "published_lessons")

    def localize_items(self, items):
        localize_lists(items, "published_lessons", self.language)

    def get_queryset(self):
        lessons = (
            published_lessons()
            .only(
                *("id", "module_id", "slug", "title", "summary", "position"),
                *("locale", "translation_key"),  # to localize them
            )
            .order_by("position", "title", "pk")
        )
        # The prefetch sets each lesson's module to this one, so lesson URLs need no query.
        return module_queryset().prefetch_related(
            Prefetch("articles", queryset=lessons, to_attr="published_lessons")
        )


@extend_schema(
    tags=["content"],
    summary="List lessons",
    description=(
        "Published lessons (articles) of published modules, in reading order. Filter by "
        "module, topic or evidence level, and search with `q`. A filter value that names "
        "nothing (an unknown slug, a level not in the list) is a 400 with the reason in "
        "`details`; unknown query parameters are ignored."
    ),
    responses={
        200: OpenApiResponse(ArticleSerializer(many=True), description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("Lessons", value=examples.ARTICLE, response_only=True)],
)
@with_lang_parameter
class ArticleList(InLanguageMixin, PublicListMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ArticleSerializer
    filter_backends = [FilterBackend]
    filterset_class = ArticleFilter

    def localize_items(self, items):
        localize_related(items, "module", self.language)

    def get_queryset(self):
        return (
            published_lessons()
            .select_related("module")
            .prefetch_related("topics")
            .defer("body", "body_html")
            .order_by("module__position", "module__title", "position", "title", "pk")
        )


@extend_schema(
    tags=["content"],
    summary="Get a lesson",
    parameters=[slug_parameter("The lesson's slug.", examples.ARTICLE["slug"])],
    description=(
        "One published lesson: its text as Markdown (`body`) and as cleaned HTML "
        "(`body_html`), who wrote and medically reviewed it, when it was published and "
        "reviewed, how strong the evidence is, and its numbered sources."
    ),
    responses={
        200: OpenApiResponse(ArticleDetailSerializer, description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("A lesson", value=examples.ARTICLE_DETAIL, response_only=True)],
)
@with_lang_parameter
class ArticleDetail(InLanguageMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ArticleDetailSerializer
    lookup_field = "slug"

    def localize_items(self, items):
        localize_related(items, "module", self.language)

    def get_queryset(self):
        citations = Citation.objects.select_related("reference").order_by("position", "pk")
        return (
            published_lessons()
            .select_related("module", "author", "medical_reviewer")
            .prefetch_related("topics", Prefetch("citations", queryset=citations))
        )


@extend_schema(
    tags=["content"],
    summary="List FAQs",
    description="Published questions and answers, grouped by topic in topic order.",
    responses={
        200: OpenApiResponse(FAQSerializer(many=True), description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("FAQs", value=examples.FAQ, response_only=True)],
)
@with_lang_parameter
class FAQList(InLanguageMixin, PublicListMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = FAQSerializer
    filter_backends = [FilterBackend]
    filterset_class = FAQFilter
    keep = ("_prefetched_objects_cache", "public_related_lessons")

    def localize_items(self, items):
        localize_lists(items, "public_related_lessons", self.language)

    def get_queryset(self):
        lessons = published_lessons().select_related("module").defer("body", "body_html")
        return (
            FAQ.objects.published()
            .select_related("topic")
            .prefetch_related(
                Prefetch("related_articles", queryset=lessons, to_attr="public_related_lessons"),
                Prefetch("references", queryset=ReferenceLink.objects.order_by("title", "pk")),
            )
            .order_by("topic__position", "topic__name", "position", "question", "pk")
        )


@extend_schema(
    tags=["content"],
    summary="List references",
    description=(
        "The reference library: every source the lessons and FAQs cite, by title. "
        "`is_commercial` marks companies that sell products or services."
    ),
    responses={
        200: OpenApiResponse(ReferenceSerializer(many=True), description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("References", value=examples.REFERENCE, response_only=True)],
)
class ReferenceList(PublicListMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReferenceSerializer
    filter_backends = [FilterBackend]
    filterset_class = ReferenceFilter

    def get_queryset(self):
        return ReferenceLink.objects.prefetch_related("topics").order_by("title", "pk")
