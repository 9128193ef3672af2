"""`{% api_tokens_of user as tokens %}` for the API tokens section of /accounts/me/."""

from django import template

from accounts.api_tokens import MAX_TOKENS_PER_USER
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken

register = template.Library()


@register.simple_tag
def api_tokens_of(user):
    """The user's tokens (one query), how many they may have, whether one more fits, and an
    empty form to make one (the same form as the new-token page)."""
    tokens = list(ApiToken.objects.filter(user=user))
    return {
        "list": tokens,
        "max": MAX_TOKENS_PER_USER,
        "can_create": len(tokens) < MAX_TOKENS_PER_USER,
        "form": ApiTokenForm(request=None, auto_id="id_api_token_%s"),
    }
