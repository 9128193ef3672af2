"""The API reads JSON only, and no more of it than Django would accept in a form post."""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser

from msportal.api.exceptions import RequestTooLarge


class JSONParser(DRFJSONParser):
    """DRF's strict JSON parser with a size limit and no crash on absurd nesting.

    DRF reads the body as a stream, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which guards
    `request.body`) never applies on its own: the declared length is checked here, and the
    stream cannot yield more than that length.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestTooLarge()
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply") from exc
