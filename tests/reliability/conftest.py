"""A real gunicorn serving the test database, for load and fault tests on PostgreSQL."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

ENTRYPOINT = Path(settings.BASE_DIR) / "docker" / "entrypoint.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_access_log_format() -> str:
    """The text access-log format docker/entrypoint.sh gives gunicorn in production."""
    return re.findall(r"ACCESS_LOG_FORMAT='([^']+)'", ENTRYPOINT.read_text())[-1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@dataclass
class LiveServer:
    port: int
    access_log: Path

    def request(self, method: str, path: str, body=None, headers=None, timeout=60):
        """(status, parsed JSON or None) for one request on a fresh connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        payload = json.dumps(body) if body is not None else None
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=payload, headers=all_headers)
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, None


def _wait_ready(server: LiveServer, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if server.request("GET", "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy within 60 s")


@pytest.fixture(scope="module")
def live_server_gunicorn(django_db_setup, tmp_path_factory):
    """gunicorn (4 sync workers, production access-log format) on a free loopback port, against
    the test database, throttles off, broker in memory (nothing is consumed). Started once per
    module; the tests using it are `transaction=True`, so their rows are committed and visible."""
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    server = LiveServer(port=port, access_log=tmp_path / "access.log")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "uji-" + Fernet.generate_key().decode(),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "THROTTLE_SUBMISSION": "1000000/s",
        "THROTTLE_TRACKING": "1000000/s",
        "LOG_LEVEL": "WARNING",
    }
    errors = open(tmp_path / "gunicorn.err", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ppid.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--preload",
            "--timeout",
            "60",
            "--access-logfile",
            str(server.access_log),
            "--access-logformat",
            production_access_log_format(),
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    try:
        _wait_ready(server, process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        errors.close()
        connection.close()
