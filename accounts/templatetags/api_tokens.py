"""`{% api_tokens_of user as tokens %}` for the API tokens section of /accounts/me/."""

from django import template

from accounts.api_tokens import MAX_TOKENS_PER_USER
from accounts.models import ApiToken

register = template.Library()


@register.simple_tag
def api_tokens_of(user):
    """The user's tokens (one query), how many they may have, and whether one more fits."""
    tokens = list(ApiToken.objects.filter(user=user))
    return {
        "list": tokens,
        "max": MAX_TOKENS_PER_USER,
        "can_create": len(tokens) < MAX_TOKENS_PER_USER,
    }
