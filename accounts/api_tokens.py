"""Personal API tokens: create, revoke, and check a token sent with an API request.

A token reads `msp_<prefix>_<secret>`: 12 hex characters of prefix (not secret; it finds the
row) and 32 random bytes of secret (base64url). Only the SHA-256 of the secret is stored. A
plain hash, without salt or stretching, is enough because the secret is random and long: there
is no dictionary to guess from. The check compares hashes in constant time.

A token ends in four ways: revoked by its owner, past its expiry (at most a year), the
account's password changed (any path: change, reset, admin), or the account deactivated.
The last two delete the tokens when the user is saved (accounts/signals.py); the check below
refuses them too, should a change ever bypass save().
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import ApiToken, TokenScope

MAX_TOKENS_PER_USER = 5
TOKEN_KEYWORD = "msp"  # noqa: S105 (a fixed label, not a secret)
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A token lives at most a year: a forgotten token in an old script should not work for ever.
DEFAULT_LIFETIME = datetime.timedelta(days=90)
MAX_LIFETIME = datetime.timedelta(days=365)
# Never change this: the stored fingerprints (and migration 0003) are made with it.
FINGERPRINT_SALT = "accounts.ApiToken.password_fingerprint"
_TOKEN_RE = re.compile(r"^msp_(?P<prefix>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$")


class TokenLimitReached(Exception):
    def __init__(self):
        super().__init__(
            _("You already have %(max)d API tokens. Revoke one before you create another.")
            % {"max": MAX_TOKENS_PER_USER}
        )


class TokenExpired(Exception):
    """The token is right but past its expiry date (only said to someone who holds it)."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def password_fingerprint(user, *, secret=None) -> str:
    """A keyed hash of the account's password hash: it changes whenever the password does.

    Keyed with SECRET_KEY (like Django's session hash), so the stored value says nothing about
    the password hash by itself.
    """
    digest = salted_hmac(FINGERPRINT_SALT, user.password, secret=secret, algorithm="sha256")
    return digest.hexdigest()


def _current_fingerprints(user) -> list[str]:
    """The fingerprint under SECRET_KEY and under each fallback, so rotating the key (with
    the old one in DJANGO_SECRET_KEY_FALLBACKS) does not end every token at once."""
    secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [password_fingerprint(user, secret=secret) for secret in secrets_in_use]


@transaction.atomic
def api_token_create(
    *, user, name: str, scope: str = TokenScope.READ, lifetime=DEFAULT_LIFETIME
) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it with the full token value, which is never stored.

    The user's row is locked so two requests at once cannot pass the limit together.
    """
    if not datetime.timedelta(0) < lifetime <= MAX_LIFETIME:
        raise ValidationError(_("A token can live for a year at most."), code="lifetime")
    get_user_model().objects.select_for_update().get(pk=user.pk)
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TokenLimitReached()
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        secret_hash=hash_secret(secret),
        password_fingerprint=password_fingerprint(user),
        scope=scope,
        expires_at=timezone.now() + lifetime,
    )
    token.full_clean()
    token.save()
    return token, f"{TOKEN_KEYWORD}_{prefix}_{secret}"


def api_token_revoke(*, user, token_id: int) -> None:
    """Delete one of `user`'s tokens; ApiToken.DoesNotExist if it is not theirs (or gone)."""
    deleted, _counts = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApiToken.DoesNotExist


def api_tokens_revoke_stale(*, user) -> int:
    """Delete the tokens that no longer fit the account: all of them when it is deactivated,
    those made under another password otherwise. Called whenever a user is saved
    (accounts/signals.py); returns how many were deleted."""
    tokens = ApiToken.objects.filter(user=user)
    if user.is_active:
        tokens = tokens.exclude(password_fingerprint__in=_current_fingerprints(user))
    deleted, _counts = tokens.delete()
    return deleted


def api_token_authenticate(raw: str, *, ip: str | None = None) -> ApiToken | None:
    """The live token that `raw` names, with its user; None if unknown, revoked or wrong.

    Raises TokenExpired for a right token past its date. A token made under an older password
    is refused even if nothing deleted it (a password changed by a bulk update, say).
    """
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
    fingerprints = _current_fingerprints(token.user)
    if not any(hmac.compare_digest(token.password_fingerprint, fp) for fp in fingerprints):
        return None
    if token.is_expired:
        raise TokenExpired
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
        token.last_used_at, token.last_used_ip = now, ip
    return token
