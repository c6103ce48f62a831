"""Production logging: a request id on every record, an optional JSON format, no query strings.

- `RequestIdMiddleware` takes the load balancer's `X-Request-ID` (or makes a uuid4), keeps it in a
  context variable for the duration of the request and returns it in the response header, so one
  id ties the proxy's access log, gunicorn's, Django's and Sentry's records together.
- `RequestIdFilter` puts that id on every log record (`-` outside a request).
- `JsonFormatter` writes one JSON object per line when `LOG_FORMAT=json` (settings.py).

Query strings never reach a log: tracking links carry a secret `?token=`. `log_filters`
strips them from every record, gunicorn's access log format (`docker/entrypoint.sh`) logs the path
without the query, and `sentry_before_send` drops them from error reports.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished

from requests_app.log_filters import strip_query_strings

REQUEST_ID_HEADER = "X-Request-ID"
NO_REQUEST = "-"
# An incoming id is trusted only in this shape: anything else could forge log lines.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
# LogRecord attributes that are not `extra=` values.
_RECORD_FIELDS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)

_current_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _current_request_id.get()


class RequestIdMiddleware:
    """Outermost middleware: every record logged while the request runs carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware chain has
        # returned. `request_finished` clears it once the response is closed.
        _current_request_id.set(request_id)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


def _forget_request_id(**kwargs) -> None:
    _current_request_id.set(NO_REQUEST)


request_finished.connect(_forget_request_id, dispatch_uid="requests_app.logging.request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, simple
    `extra=` values and the traceback. Non-scalar extras are left out: Django's `request` extra
    would print the full URL, query string included."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key not in entry and _is_scalar(value):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def sentry_before_send(event: dict, hint: dict) -> dict:
    """Sentry gets the path, never the query string or cookies (tracking tokens, session ids),
    and the request id to find the matching log lines."""
    request = event.get("request") or {}
    request.pop("query_string", None)
    request.pop("cookies", None)
    if "url" in request:
        request["url"] = strip_query_strings(request["url"])
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"cookie", "authorization", "referer"}:
            headers.pop(name)
    event.setdefault("tags", {})["request_id"] = current_request_id()
    return event
