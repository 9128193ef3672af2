"""Permission classes shared by API views.

Content is public (AllowAny). Quiz taking is open to anonymous visitors, whose work belongs to
their session. Educator endpoints need the Educators role, and each object must belong to the
educator asking. Views should also scope their querysets to the person asking, so that someone
else's object is a 404 (its existence is not confirmed); the object checks here are the second
line of defence.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.api.authentication import SessionAuthentication
from core.roles import is_educator


class IsEducator(BasePermission):
    """The Educators role; objects must also belong to the educator (`educator_id`)."""

    message = _("Only educators can use this. Ask the site's editors for the educator role.")

    def has_permission(self, request, view):
        return is_educator(request.user)

    def has_object_permission(self, request, view, obj):
        return getattr(obj, "educator_id", None) == request.user.pk


class IsOwner(BasePermission):
    """The object belongs to the account asking (`user_id`), for signed-in clients."""

    def has_object_permission(self, request, view, obj):
        return request.user.is_authenticated and getattr(obj, "user_id", None) == request.user.pk


class CsrfForAnonymousWrites(BasePermission):
    """Anonymous writes need the CSRF token, as the site's own forms do.

    An anonymous learner's attempts belong to their session cookie (core/visitors.py), which
    a browser sends by itself, so a write on their behalf must prove it comes from this site.
    DRF checks CSRF only for signed-in session users; this adds the same check for everyone
    without an account. Token requests are signed in, so they never meet it.
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or request.user.is_authenticated:
            return True
        SessionAuthentication().enforce_csrf(request)  # raises CsrfFailed (403)
        return True
