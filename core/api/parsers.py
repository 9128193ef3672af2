"""The API reads JSON only."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's strict JSON parser, which answers absurd nesting with a 400 instead of a crash.

    The body size limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE: DRF reads JSON bodies through
    `request.body`, which enforces it, and the exception handler turns that into a 413.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply") from exc
