"""How API requests say who they are: a personal token (here) or the site's session cookie
(core.api.authentication).

Token first, so that a request with no credentials gets 401 with `WWW-Authenticate: Bearer`
(DRF takes that header from the first class). Session requests that change data must carry the
CSRF token (`X-CSRFToken`), as on the site; token requests need none, since a browser never
adds an Authorization header by itself.

A read-only token is refused here on every request that is not GET, HEAD or OPTIONS, so each
write endpoint gets the check without naming it (views list their own permission classes).
Session users are unaffected.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

from accounts.api_tokens import TokenExpired, api_token_authenticate
from core.clientip import client_ip


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("This API token is not valid. It may have been revoked.")
    default_code = "invalid_token"


class ExpiredToken(exceptions.AuthenticationFailed):
    default_detail = _("This token has expired. Make a new one on your account page.")
    default_code = "token_expired"


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = _(
        "This API token can only read. To change data, make a token that can read and write "
        "on your account page."
    )
    default_code = "token_read_only"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer msp_<prefix>_<secret>` (tokens are made on /accounts/me/)."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # No token: let the session (or nobody) answer.
        if len(parts) != 2:
            raise InvalidToken(_("Send exactly one token after 'Bearer'."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise InvalidToken() from exc
        try:
            token = api_token_authenticate(raw, ip=client_ip(request))
        except TokenExpired as exc:
            raise ExpiredToken() from exc
        if token is None:
            raise InvalidToken()
        if token.is_read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "msp_<prefix>_<secret>",
            "description": "A personal API token, made and revoked on /accounts/me/.",
        }
