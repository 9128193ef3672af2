"""`{% language_versions as versions %}`: this page in each language (switcher, hreflang);
`{% content_lang item %}`: the `lang` attribute of content shown in another language."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    request = context.get("request")
    return languages.language_versions(request) if request is not None else []


@register.simple_tag
def content_lang(item):
    """` lang="en"` when `item` (content with a `locale`) is not in the page's language: a
    Spanish page showing an English lesson that has no translation yet marks it as English,
    so screen readers pronounce it right; nothing when the languages agree. `item` may also
    be a language code: the words a source quiz carries are in its `language_shown`."""
    locale = item if isinstance(item, str) else getattr(item, "locale", "")
    if not locale or locale == get_language():
        return ""
    return format_html(' lang="{}"', locale)
