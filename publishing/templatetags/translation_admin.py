"""Template tags for the editors' admin index: the link to the translation overview."""

from django import template

from publishing.admin_translations import overview_models

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_translation_overview(context) -> bool:
    """Whether the signed-in editor may open the overview (change permission on content)."""
    return bool(overview_models(context["request"].user))
