"""How API requests say who they are: a personal token, or the site's session cookie.

Token first, so that a request with no credentials gets 401 with `WWW-Authenticate: Bearer`
(DRF takes that header from the first class). Session requests that change data must carry the
CSRF token (`X-CSRFToken`), as on the site; token requests need none, since a browser never
adds an Authorization header by itself.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.api_tokens import api_token_authenticate
from core.api.exceptions import CsrfFailed


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("This API token is not valid. It may have been revoked.")
    default_code = "invalid_token"


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
        token = api_token_authenticate(raw)
        if token is None:
            raise InvalidToken()
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's login cookie; a failed CSRF check gets its own error code."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise CsrfFailed() from exc


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


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = SessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "The site's login session. Requests that change data also need the "
                "X-CSRFToken header."
            ),
        }
