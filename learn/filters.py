"""Query-string filters for the content API (django-filter).

One rule for every filter: a value that cannot be right is a 400 in the API's error format,
with the reason under `details.<filter>`. That covers a value outside the listed choices, text
that is not a slug, and a well-formed slug that names no published module or no topic. An
empty value means "no filter". Parameters the API does not know are ignored.
"""

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.api.schema import SLUG_PATTERN
from learn.models import FAQ, Article, EvidenceLevel, Module, ReferenceKind, ReferenceLink, Topic

SEARCH_MAX_LENGTH = 200


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that checks the spelling before it asks the database."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                validate_slug(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from exc
        return super().to_python(value)


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120})
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("There is nothing with this slug. Check the spelling.")},
        )
        super().__init__(*args, **kwargs)


def _published_modules(request):
    return Module.objects.published()


class ArticleFilter(django_filters.FilterSet):
    module = SlugChoiceFilter(
        queryset=_published_modules, help_text=_("Only lessons of this module (its slug).")
    )
    topic = SlugChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.all(),
        help_text=_("Only lessons about this topic (its slug)."),
    )
    evidence_level = django_filters.ChoiceFilter(
        choices=EvidenceLevel.choices, help_text=_("Only lessons with this evidence level.")
    )
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Words to look for in the title, summary and text (not case-sensitive)."),
    )

    class Meta:
        model = Article
        fields = ["module", "topic", "evidence_level", "q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value)
        )


class FAQFilter(django_filters.FilterSet):
    topic = SlugChoiceFilter(
        queryset=Topic.objects.all(), help_text=_("Only questions on this topic (its slug).")
    )

    class Meta:
        model = FAQ
        fields = ["topic"]


class ReferenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ReferenceKind.choices, help_text=_("Only sources of this kind.")
    )
    topic = SlugChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.all(),
        help_text=_("Only sources about this topic (its slug)."),
    )

    class Meta:
        model = ReferenceLink
        fields = ["kind", "topic"]
