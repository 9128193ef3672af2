"""The site's URLs plus test-only API views that accept a JSON body, crash, or clash.

Write-side conventions (malformed JSON, content types, body size, unknown fields, the write
throttle, a 500 in the error format) are checked against these small views, apart from any
endpoint's own rules; test_attempt_answers.py and test_groups.py check the real writes.
"""

from django.urls import path
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core.api.exceptions import Conflict
from core.api.serializers import RejectUnknownFieldsMixin
from core.api.throttles import DEFAULT_THROTTLES, WriteThrottle
from msportal.urls import urlpatterns as site_urlpatterns

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"


class NoteIn(RejectUnknownFieldsMixin, serializers.Serializer):
    text = serializers.CharField(max_length=20)
    stars = serializers.IntegerField(min_value=1, max_value=5, required=False)
    id = serializers.IntegerField(read_only=True)


@api_view(["GET", "POST"])
@permission_classes([AllowAny])
@throttle_classes([*DEFAULT_THROTTLES, WriteThrottle])
def echo(request):
    """Validate a note and send it back."""
    if request.method == "GET":
        return Response({"ok": True})
    serializer = NoteIn(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.validated_data, status=201)


@api_view(["GET"])
@permission_classes([AllowAny])
def crash(request):
    raise RuntimeError("boom")


@api_view(["POST"])
@permission_classes([IsAuthenticated])
def submit(request):
    """A write that needs an account and always clashes with the current state (409)."""
    raise Conflict("This attempt is already submitted.")


urlpatterns = [
    path("api/v1/_test/submit/", submit),
    path("api/v1/_test/echo/", echo),
    path("api/v1/_test/crash/", crash),
    *site_urlpatterns,
]
