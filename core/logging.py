"""JSON log lines, one object per line, for the console (gunicorn and `manage.py` alike).

Only fields we chose get written. Django passes the request object along with some of its log
records, and its repr holds the query string (search terms, codes), so anything that is not a
plain value is left out rather than turned into text.

The request line (core.middleware.RequestMiddleware) is written on every request, so it
takes a short way: its fields come ready in one `json_fields` extra (no scan of the record),
the time's text is made once a second, and the console handler (LineHandler) writes each line
in one call without an extra flush.
"""

import contextvars
import json
import logging
import time

# The id of the request this thread or task is serving, so that every line logged while
# serving it (not only the request line) can be tied back to it.
current_request_id = contextvars.ContextVar("msportal_request_id", default="")

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)
# Extras that Django adds and that must not be written, even when they are plain values.
_DROPPED_EXTRAS = frozenset({"request", "server_time"})
_PLAIN = (str, int, float, bool, type(None))


_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


class _SecondText:
    """ "2026-12-05T12:34:56" for a timestamp, remembered for the second it belongs to."""

    __slots__ = ("last",)

    def __init__(self):
        self.last = (-1, "")

    def __call__(self, created):
        second = int(created)
        last = self.last  # one tuple, replaced whole: threads never see half of it
        if last[0] != second:
            last = self.last = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        return last[1]


_second_text = _SecondText()


def iso_time(created):
    """UTC ISO 8601 with milliseconds, as datetime.isoformat(timespec="milliseconds") writes."""
    millis = int((created - int(created)) * 1000)
    return f"{_second_text(created)}.{millis:03d}+00:00"


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, plain extras."""

    def format(self, record):
        payload = {
            "time": iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "json_fields", None)
        if fields is not None:  # the request line: its fields are chosen and plain already
            payload.update(fields)
        else:
            for key, value in vars(record).items():
                if key in _STANDARD_ATTRS or key in _DROPPED_EXTRAS or key.startswith("_"):
                    continue
                if isinstance(value, _PLAIN):
                    payload[key] = value
        request_id = current_request_id.get()
        if request_id:
            payload.setdefault("request_id", request_id)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return _encode(payload)


class LineHandler(logging.StreamHandler):
    """A console handler that writes each line in one call and leaves flushing to the stream.

    sys.stderr (the default) is line-buffered, so each line still leaves at once; what goes is
    StreamHandler's second lock and flush call per line.
    """

    def emit(self, record):
        try:
            self.stream.write(self.format(record) + "\n")
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
