"""The content API in the reader's language: `?lang=es`, else the preferred language.

The API has one address for every language (core/languages.py). A client asks for a language
with `?lang=` (one of settings.LANGUAGES), or else with its language cookie or
`Accept-Language` (core.languages.LanguageMiddleware has already picked one of them). An
unknown `?lang=` is a 400 in the API's error format, before anything is read or served from
the page cache.

Each item comes in that language when it has a published translation, otherwise in its
source language: `language` says which, and `language_fallback` is true when it is not the
language asked for (publishing.translations.localized). Related items shown inside another
(a lesson's module, a module's lessons, an answer's related lessons) are localized too, in
one query per relation whatever the number of items. Responses say `Content-Language` and
`Vary: Accept-Language, Cookie`; the page cache keys lists by address and language, so each
language has its own stored list and ETag.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError

from publishing.translations import carry_over, localize_list, localized

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=[code for code, _name in settings.LANGUAGES],
    description=(
        "The language to answer in. Items with a published translation in it come "
        "translated, the others in English (`language_fallback` is then true). Without "
        "it, the language cookie or `Accept-Language` decides; English by default. An "
        "unknown language is a 400."
    ),
)


def requested_language(request) -> str:
    """`?lang=`, else the language the middleware chose; ValidationError (400) for a
    language the site does not offer."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.query_params.get("lang")
    if asked is None:
        language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
        return language if language in codes else settings.LANGUAGE_CODE
    if asked not in codes:
        message = _("“%(language)s” is not a language of this site. Use one of: %(codes)s.") % {
            "language": asked[:20],
            "codes": ", ".join(codes),
        }
        raise ValidationError({"lang": [ErrorDetail(message, code="invalid_choice")]})
    return asked


def localize_related(items, name, language):
    """Each item's `name` (a foreign key) in `language`, in one query for all of them. Only
    on objects that are shown, never saved."""
    related = [getattr(item, name) for item in items]
    for item, shown in zip(items, localize_list(related, language), strict=True):
        setattr(item, name, shown)


def localize_lists(items, name, language):
    """Each item's list attribute `name` (a prefetch's to_attr) in `language`, one query."""
    flat = [child for item in items for child in getattr(item, name)]
    shown = iter(localize_list(flat, language))
    for item in items:
        setattr(item, name, [next(shown) for _child in getattr(item, name)])


def with_lang_parameter(view_class):
    """Document `?lang=` on every operation of a view class."""
    return extend_schema(parameters=[LANG_PARAMETER])(view_class)


class AnswersInLanguageMixin:
    """For content views: the language asked for is active (page addresses under /es/,
    labels in Spanish), given to serializers as `language`, and said in the headers."""

    language = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = requested_language(request)
        translation.activate(self.language)  # page addresses under /es/, labels in Spanish
        request.LANGUAGE_CODE = self.language

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.language:
            response["Content-Language"] = self.language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class InLanguageMixin(AnswersInLanguageMixin):
    """For content views: each item in the language asked for (see the module docstring).

    `keep` names what the view loaded on each source that its translation takes over
    (annotations, prefetches); `localize_items(items)` localizes related rows."""

    keep = ("_prefetched_objects_cache",)

    def localize_items(self, items):
        """Related rows of the shown `items` in the language; nothing by default."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is None:  # the content lists are always paginated
            return None
        items = localize_list(page, self.language, keep=self.keep)
        self.localize_items(items)
        return items

    def get_object(self):
        source = super().get_object()
        shown, _falling_back = localized(source, self.language)
        item = carry_over(source, shown, self.keep)
        self.localize_items([item])
        return item
