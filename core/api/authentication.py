"""The site's session cookie as an API credential, with its own CSRF error code.

Personal tokens are the accounts app's (accounts.api_auth.BearerTokenAuthentication), listed
first in REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.api.exceptions import CsrfFailed


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's login cookie; a failed CSRF check gets its own error code."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise CsrfFailed() from exc


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
