"""Production hardening: CSP without inline code, login lockout, no tracking token in any log."""

from __future__ import annotations

import datetime
import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from requests_app.log_filters import StripQueryStrings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Letters and reports become PDFs, emails go to mail clients: none is served under our CSP.
NOT_SERVED = ("letters", "email")


def _served(path: Path) -> bool:
    relative = path.relative_to(TEMPLATES)
    return relative.parts[0] not in NOT_SERVED and "pdf" not in relative.name


INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=", re.I)


def test_pages_carry_a_content_security_policy_without_inline_allowances(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_served_template_needs_inline_script_or_style():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in TEMPLATES.rglob("*.html")
        if _served(path)
        for match in INLINE_CODE.finditer(path.read_text())
    ]
    assert offenders == []


def _login(client, password, address="203.0.113.7"):
    return client.post(
        reverse("login"),
        {"username": "petugas", "password": password},
        REMOTE_ADDR=address,
    )


def test_login_is_locked_after_repeated_failures_with_a_clear_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="petugas")

    statuses = [_login(client, "salah").status_code for _ in range(3)]
    locked = _login(client, "rahasia-uji-123")

    assert statuses == [200, 200, 429]
    assert locked.status_code == 429  # even the right password, until the cool-off ends
    page = locked.content.decode()
    assert "Terlalu banyak percobaan masuk" in page
    assert "kata sandi salah dimasukkan 3 kali" in page and "30 menit" in page
    # The lock is on this username from this address: the officer elsewhere still gets in.
    assert _login(client, "rahasia-uji-123", address="198.51.100.9").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="petugas")
    for _ in range(2):
        _login(client, "salah")
    assert _login(client, "rahasia-uji-123").status_code == 302
    client.logout()

    assert [_login(client, "salah").status_code for _ in range(2)] == [200, 200]


@pytest.fixture
def log_output():
    """What the configured handlers (console and runserver's) would write, as text."""
    handlers = [
        handler
        for name in ("", "django.server")
        for handler in logging.getLogger(name).handlers
        if any(isinstance(f, StripQueryStrings) for f in handler.filters)
    ]
    assert len(handlers) == 2, "settings.LOGGING must filter both handlers"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


def test_tracking_tokens_never_reach_the_logs(client, submit, log_output):
    submitted = submit()
    number, token = submitted.request.registration_number, submitted.tracking_token
    page = reverse("track_request", kwargs={"registration_number": number})

    client.get(f"{page}?token={token}")
    client.get(f"{page}?token={token}x")  # wrong token: a logged 404
    client.get(f"/api/v1/track/{number}/?token={token}x")
    client.get(f"/api/v1/track/{number}/", HTTP_X_TRACKING_TOKEN=f"{token}x")
    # runserver's request line, as django.core.servers.basehttp writes it.
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET {page}?token={token} HTTP/1.1", 302, 0
    )

    written = log_output.getvalue()
    assert "Not Found" in written and page in written  # the requests were logged ...
    assert token not in written  # ... without their token


def gunicorn_access_log_formats() -> list[str]:
    """The access-log formats production runs with (docker/entrypoint.sh, text and JSON)."""
    script = (Path(settings.BASE_DIR) / "docker" / "entrypoint.sh").read_text()
    return re.findall(r"ACCESS_LOG_FORMAT='([^']+)'", script)


@pytest.mark.parametrize("log_format", gunicorn_access_log_formats())
def test_gunicorn_access_log_leaves_out_query_string_and_referer(log_format):
    config = Config()
    config.set("accesslog", "-")
    secret = "rahasia-token-pelacakan"

    class Response:
        status, sent, response_length = "302 Found", 0, 0
        headers = [("X-Request-ID", "abc123")]

    class Request:
        headers = [("REFERER", f"https://ppid.example.go.id/lacak/1/?token={secret}")]

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/lacak/1/?token={secret}",
        "PATH_INFO": "/lacak/1/",
        "QUERY_STRING": f"token={secret}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
    }
    atoms = Logger(config).atoms(Response(), Request(), environ, datetime.timedelta(seconds=0.1))
    line = log_format % atoms

    assert "/lacak/1/" in line and "302" in line
    assert secret not in line


def test_tracking_tokens_are_long_random_and_stored_only_as_a_hash(submit):
    results = [submit() for _ in range(3)]
    tokens = [result.tracking_token for result in results]

    assert len(set(tokens)) == 3 and all(len(token) >= 43 for token in tokens)  # 256 bits
    for result in results:
        row = type(result.request).objects.filter(pk=result.request.pk).values().get()
        assert result.tracking_token not in {str(value) for value in row.values()}
        assert row["tracking_token_hash"] != result.tracking_token
