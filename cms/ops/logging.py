"""The request id of the current request on every log record, and a JSON formatter.

The id lives in a context variable set by ``cms.ops.middleware.RequestIdMiddleware``, so records
emitted anywhere during the request (views, services, Django itself) carry it; outside a request
it is "-". ``RequestIdFilter`` sits on the handlers (a logger's filter would miss records that
propagate from child loggers). https://docs.python.org/3/howto/logging-cookbook.html
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

NO_REQUEST = "-"
request_id_var: ContextVar[str] = ContextVar("xiuying_request_id", default=NO_REQUEST)

# LogRecord's own attributes; anything else on a record came from ``extra=`` and is kept.
_RECORD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, extras, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _RECORD_ATTRS)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
