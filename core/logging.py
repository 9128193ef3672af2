"""JSON log lines, one object per line, for the console (gunicorn and `manage.py` alike).

Only fields we chose get written. Django passes the request object along with some of its log
records, and its repr holds the query string (search terms, codes), so anything that is not a
plain value is left out rather than turned into text.
"""

import contextvars
import datetime
import json
import logging

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


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, plain extras."""

    def format(self, record):
        payload = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
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
        return json.dumps(payload, ensure_ascii=False, default=str)
