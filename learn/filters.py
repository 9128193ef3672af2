"""Query-string filters for the content API (django-filter).

What the schema says is what the API does. A value that cannot be right is a 400 in the API's
error format, with the reason under `details.<filter>`: a value outside the listed choices, text
that is not a slug, an empty value (`topic=`; leave the parameter out for no filter). A
well-formed slug that names no published module or no topic is a 404 `not_found`, with the
same `details`, as for an unknown address. Parameters the API does not know are ignored.
"""

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError

from core.api.errors import NAMES_NOTHING
from core.api.schema import SLUG_PATTERN
from learn.models import FAQ, Article, EvidenceLevel, Module, ReferenceKind, ReferenceLink, Topic

SEARCH_MAX_LENGTH = 200


EMPTY_MESSAGE = _("Give a value, or leave this parameter out.")


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, keeping each error's code so a slug that names nothing is a
    404 (core.api.errors) and every other bad value a 400."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [
                        ErrorDetail(message, code=error.code)
                        for error in errors
                        for message in error.messages
                    ]
                    for name, errors in filterset.form.errors.as_data().items()
                }
            )
        return filterset.qs


class NonEmptyChoiceField(ChoiceField):
    """A choice whose parameter, when sent, has a value (`evidence_level=` is refused)."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(EMPTY_MESSAGE, code="empty")
        return super().to_python(value)


class NonEmptyChoiceFilter(django_filters.ChoiceFilter):
    field_class = NonEmptyChoiceField


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that checks the spelling before it asks the database."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(EMPTY_MESSAGE, code="empty")
        if value is None:
            return None
        try:
            validate_slug(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("Send a slug: letters, digits, hyphens and underscores."), code="invalid"
            ) from exc
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages[0], code=NAMES_NOTHING) from exc


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
    evidence_level = NonEmptyChoiceFilter(
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
    kind = NonEmptyChoiceFilter(
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
