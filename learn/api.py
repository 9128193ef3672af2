"""Read-only API for learning content: modules, lessons (articles), FAQs and references.

Only published content is served (`published()`), and a lesson is public only while its
module is too. Every list and detail runs a fixed number of queries whatever its length:
related rows come from select_related or one prefetch per relation.
"""

from django.db.models import Count, Prefetch, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from learn import api_examples as examples
from learn.filters import ArticleFilter, FAQFilter, ReferenceFilter
from learn.models import FAQ, Article, Citation, Contributor, Module, ReferenceLink, Topic
from msportal.api.schema import OK as _OK
from msportal.api.schema import error_responses, slug_parameter
from msportal.api.serializers import OutputSerializer


def published_lessons():
    """Lessons the public may read: published, in a published module."""
    return Article.objects.published().filter(module__in=Module.objects.published())


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the object's page on the site (its get_absolute_url)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# --- serializers ---------------------------------------------------------------------------


class TopicSerializer(OutputSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class ModuleRefSerializer(OutputSerializer):
    class Meta:
        model = Module
        fields = ["slug", "title"]


class ContributorSerializer(OutputSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "qualifications", "role"]


class LessonLinkSerializer(OutputSerializer):
    url = PageURLField(help_text="The lesson's page on the site.")

    class Meta:
        model = Article
        fields = ["slug", "title", "summary", "url"]


class ReferenceSerializer(OutputSerializer):
    topics = TopicSerializer(many=True)

    class Meta:
        model = ReferenceLink
        fields = [
            "slug",
            "title",
            "url",
            "kind",
            "authors",
            "publisher",
            "year",
            "doi",
            "pmid",
            "summary",
            "is_commercial",
            "topics",
        ]


class CitationSerializer(OutputSerializer):
    """One numbered source of a lesson: `[N]` in the text points to number N."""

    number = serializers.IntegerField(source="position")
    title = serializers.CharField(source="reference.title")
    url = serializers.URLField(source="reference.url")
    kind = serializers.CharField(source="reference.kind")
    is_commercial = serializers.BooleanField(
        source="reference.is_commercial",
        help_text="The source is a company that sells products or services.",
    )
    authors = serializers.CharField(source="reference.authors")
    publisher = serializers.CharField(source="reference.publisher")
    year = serializers.IntegerField(source="reference.year", allow_null=True)
    doi = serializers.CharField(source="reference.doi")
    pmid = serializers.CharField(source="reference.pmid", help_text="PubMed ID, or empty.")

    class Meta:
        model = Citation
        fields = [
            "number",
            "title",
            "url",
            "kind",
            "is_commercial",
            "authors",
            "publisher",
            "year",
            "doi",
            "pmid",
            "note",
        ]


class ModuleSerializer(OutputSerializer):
    lesson_count = serializers.IntegerField(help_text="Published lessons in this module.")
    url = PageURLField(help_text="The module's page on the site.")

    class Meta:
        model = Module
        fields = ["slug", "title", "summary", "position", "lesson_count", "url"]


class ModuleDetailSerializer(ModuleSerializer):
    lessons = LessonLinkSerializer(
        many=True, source="published_lessons", help_text="The module's lessons, in order."
    )

    class Meta(ModuleSerializer.Meta):
        fields = [*ModuleSerializer.Meta.fields, "lessons"]


class ArticleSerializer(OutputSerializer):
    module = ModuleRefSerializer()
    topics = TopicSerializer(many=True)
    evidence_label = serializers.CharField(source="get_evidence_level_display")
    published_at = serializers.DateTimeField(source="publish_at")
    url = PageURLField(help_text="The lesson's page on the site.")

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "module",
            "position",
            "topics",
            "evidence_level",
            "evidence_label",
            "reading_minutes",
            "published_at",
            "last_reviewed_on",
            "next_review_on",
            "url",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text="The lesson text as Markdown, as the editors wrote it.")
    body_html = serializers.CharField(
        help_text="The lesson text as HTML, rendered from `body` and cleaned (safe to display)."
    )
    evidence_explanation = serializers.CharField(
        help_text="What the evidence level means, in plain words."
    )
    author = ContributorSerializer(allow_null=True)
    medical_reviewer = ContributorSerializer(allow_null=True)
    references = CitationSerializer(
        many=True, source="citations", help_text="The lesson's sources, in number order."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "word_count",
            "evidence_explanation",
            "author",
            "medical_reviewer",
            "body",
            "body_html",
            "references",
        ]


class FAQReferenceSerializer(OutputSerializer):
    class Meta:
        model = ReferenceLink
        fields = ["slug", "title", "url", "kind", "is_commercial"]


class FAQSerializer(OutputSerializer):
    topic = TopicSerializer()
    answer = serializers.CharField(help_text="The answer as Markdown.")
    answer_html = serializers.CharField(
        help_text="The answer as HTML, rendered from `answer` and cleaned (safe to display)."
    )
    related_lessons = LessonLinkSerializer(many=True, source="public_related_lessons")
    references = FAQReferenceSerializer(many=True)
    url = PageURLField(help_text="Where the question is answered on the site.")

    class Meta:
        model = FAQ
        fields = [
            "slug",
            "question",
            "answer",
            "answer_html",
            "topic",
            "related_lessons",
            "references",
            "url",
        ]


# --- views ---------------------------------------------------------------------------------


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
        **error_responses(404),
    },
    examples=[OpenApiExample("Modules", value=examples.MODULE, response_only=True)],
)
class ModuleList(generics.ListAPIView):
    """Published modules in reading order."""

    permission_classes = [AllowAny]
    serializer_class = ModuleSerializer

    def get_queryset(self):
        return module_queryset()


@extend_schema(
    tags=["content"],
    summary="Get a module and its lessons",
    parameters=[slug_parameter("The module's slug.", examples.MODULE["slug"])],
    description="One published module with its published lessons in reading order.",
    responses={
        200: OpenApiResponse(ModuleDetailSerializer, description=_OK),
        **error_responses(404),
    },
    examples=[OpenApiExample("A module", value=examples.MODULE_DETAIL, response_only=True)],
)
class ModuleDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ModuleDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        lessons = (
            published_lessons()
            .only("id", "module_id", "slug", "title", "summary", "position")
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
class ArticleList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ArticleSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter

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
        **error_responses(404),
    },
    examples=[OpenApiExample("A lesson", value=examples.ARTICLE_DETAIL, response_only=True)],
)
class ArticleDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ArticleDetailSerializer
    lookup_field = "slug"

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
class FAQList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = FAQSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = FAQFilter

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
class ReferenceList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReferenceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReferenceFilter

    def get_queryset(self):
        return ReferenceLink.objects.prefetch_related("topics").order_by("title", "pk")
