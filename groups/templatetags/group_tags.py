"""Template helpers for groups: "My assignments" anywhere, and join codes as read aloud."""

from django import template

from groups import services as group_services
from groups.membership_flag import user_in_a_group

register = template.Library()


@register.simple_tag(takes_context=True)
def my_assignments(context):
    """The signed-in learner's assignments (a fixed few queries); [] for visitors.

    A view that already has them passes `my_assignments` in the context, and that is used.
    """
    if "my_assignments" in context:
        return context["my_assignments"]
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return group_services.learner_assignments(user=request.user)


@register.simple_tag(takes_context=True)
def in_a_group(context):
    """True when the signed-in person belongs to a group (cached: no query on most pages)."""
    request = context.get("request")
    return request is not None and user_in_a_group(request.user, request=request)


@register.filter
def join_code(code):
    """KQ4M7XPT → KQ4M-7XPT."""
    return group_services.format_join_code(code or "")
