"""Request ids on responses and log records, and the JSON log format."""

from __future__ import annotations

import json
import logging
import re
import sys

import pytest

from requests_app.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    handler = _Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_every_response_gets_a_new_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_request_id_from_the_load_balancer_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert response["X-Request-ID"] == "lb-7f3a9c21-0001"


@pytest.mark.parametrize("forged", ["x", "id with spaces\nFAKE LOG LINE", "a" * 200])
def test_a_malformed_incoming_request_id_is_replaced(client, forged):
    response = client.get("/", headers={"X-Request-ID": forged})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_records_logged_during_a_request_carry_its_id(client, request_log):
    response = client.get("/tidak-ada-halaman-ini/?token=rahasia")
    assert response.status_code == 404
    assert [record.request_id for record in request_log] == [response["X-Request-ID"]]


def test_records_outside_a_request_get_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "pesan", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_json_format_is_one_object_per_line_with_request_id_and_simple_extras():
    record = logging.LogRecord(
        "requests_app.tasks", logging.WARNING, __file__, 1, "terkirim %s pesan", (3,), None
    )
    record.request_id = "abc123456789"
    record.status_code = 404
    record.request = object()  # Django's request extra: its repr would carry the query string
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "terkirim 3 pesan"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "requests_app.tasks"
    assert entry["request_id"] == "abc123456789"
    assert entry["status_code"] == 404
    assert "request" not in entry
    assert entry["time"].endswith("+00:00")


def test_json_format_includes_the_traceback():
    try:
        raise ValueError("rusak")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "gagal", (), exc_info)
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: rusak" in entry["exc_info"]


def test_sentry_events_lose_query_strings_and_cookies():
    from requests_app.logging import sentry_before_send

    event = {
        "request": {
            "url": "https://ppid.example.go.id/lacak/0001/PPID/X/2026/?token=rahasia",
            "query_string": "token=rahasia",
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "sessionid=s", "Referer": "https://x/?token=r", "Accept": "*/*"},
        }
    }
    cleaned = sentry_before_send(event, {})
    assert "rahasia" not in json.dumps(cleaned)
    assert cleaned["request"]["headers"] == {"Accept": "*/*"}
    assert cleaned["tags"]["request_id"] == "-"


def test_the_request_id_is_forgotten_when_the_response_is_closed(client):
    from requests_app.logging import current_request_id

    client.get("/")
    assert current_request_id() == "-"
