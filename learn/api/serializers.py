"""Serializers for the content API: what each answer contains, field by field.

Every serializer is an OutputSerializer (read-only), and nested rows come from the views'
select_related and prefetches, never from a query per row.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import OutputSerializer
from learn.models import FAQ, Article, Citation, Contributor, Module, ReferenceLink, Topic


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


MONTH_SCHEMA = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "example": "2026-12"}


@extend_schema_field(MONTH_SCHEMA | {"nullable": True})
class MonthField(serializers.DateField):
    """A month as YYYY-MM. Lessons store the month's first day; the day means nothing."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class LanguageSerializer(OutputSerializer):
    """An item given in the language asked for, or in its source language
    (learn.api.languages): which one it is."""

    language = serializers.SerializerMethodField(
        help_text="The language of the item's text: `en` or `es`."
    )

    def get_language(self, item) -> str:
        # A source holding its translation's words in memory (a quiz) says so itself.
        return getattr(item, "language_shown", item.locale)


class InLanguageSerializer(LanguageSerializer):
    """… and whether it fell back to its source language."""

    language_fallback = serializers.SerializerMethodField(
        help_text=(
            "True when the item has no published translation in the language asked for, "
            "so it is given in its source language."
        )
    )

    def get_language_fallback(self, item) -> bool:
        asked = self.context.get("language")
        return bool(asked) and self.get_language(item) != asked


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


class ModuleSerializer(InLanguageSerializer):
    lesson_count = serializers.IntegerField(help_text="Published lessons in this module.")
    url = PageURLField(help_text="The module's page on the site.")

    class Meta:
        model = Module
        fields = [
            "slug",
            "title",
            "summary",
            "position",
            "lesson_count",
            "url",
            "language",
            "language_fallback",
        ]


class ModuleDetailSerializer(ModuleSerializer):
    lessons = LessonLinkSerializer(
        many=True, source="published_lessons", help_text="The module's lessons, in order."
    )

    class Meta(ModuleSerializer.Meta):
        fields = [*ModuleSerializer.Meta.fields, "lessons"]


class ArticleSerializer(InLanguageSerializer):
    module = ModuleRefSerializer()
    topics = TopicSerializer(many=True)
    evidence_label = serializers.CharField(source="get_evidence_level_display")
    evidence_as_of = MonthField(
        allow_null=True,
        help_text="The month (YYYY-MM) the editors last checked the evidence; null if not set.",
    )
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
            "evidence_as_of",
            "reading_minutes",
            "published_at",
            "last_reviewed_on",
            "next_review_on",
            "url",
            "language",
            "language_fallback",
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


class FAQSerializer(InLanguageSerializer):
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
            "language",
            "language_fallback",
        ]
