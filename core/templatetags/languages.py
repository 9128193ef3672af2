"""`{% language_versions as versions %}`: this page in each language (switcher, hreflang)."""

from django import template

from core import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    request = context.get("request")
    return languages.language_versions(request) if request is not None else []
