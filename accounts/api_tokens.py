"""Personal API tokens: create, revoke, and check a token sent with an API request.

A token reads `msp_<prefix>_<secret>`: 12 hex characters of prefix (not secret; it finds the
row) and 32 random bytes of secret (base64url). Only the SHA-256 of the secret is stored. A
plain hash, without salt or stretching, is enough because the secret is random and long: there
is no dictionary to guess from. The check compares hashes in constant time.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken

MAX_TOKENS_PER_USER = 5
TOKEN_KEYWORD = "msp"  # noqa: S105 (a fixed label, not a secret)
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
_TOKEN_RE = re.compile(r"^msp_(?P<prefix>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$")


class TokenLimitReached(Exception):
    def __init__(self):
        super().__init__(
            _("You already have %(max)d API tokens. Revoke one before you create another.")
            % {"max": MAX_TOKENS_PER_USER}
        )


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it with the full token value, which is never stored.

    The user's row is locked so two requests at once cannot pass the limit together.
    """
    get_user_model().objects.select_for_update().get(pk=user.pk)
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TokenLimitReached()
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, secret_hash=hash_secret(secret))
    token.full_clean()
    token.save()
    return token, f"{TOKEN_KEYWORD}_{prefix}_{secret}"


def api_token_revoke(*, user, token_id: int) -> None:
    """Delete one of `user`'s tokens; ApiToken.DoesNotExist if it is not theirs (or gone)."""
    deleted, _counts = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApiToken.DoesNotExist


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token that `raw` names, with its user; None if unknown, revoked or wrong."""
    match = _TOKEN_RE.match(raw)
    if match is None:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=match["prefix"], user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(match["secret"])):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
