"""`/healthz` for the container health checks: database and broker, 200 or 503, nothing secret."""

from __future__ import annotations

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError

from ppid.celery import app

pytestmark = pytest.mark.django_db

SECRET_PARTS = ("password", "redis://", "postgres://", "sqlite", "SECRET")


def _assert_nothing_secret(response):
    text = response.content.decode()
    assert not any(part in text for part in SECRET_PARTS), text


def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    _assert_nothing_secret(response)


def test_unavailable_when_the_broker_is_down(client, monkeypatch):
    # A port nothing listens on: the real connection attempt is refused.
    for name in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(app.conf, name, "redis://127.0.0.1:1/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "error"},
    }
    _assert_nothing_secret(response)


def test_unavailable_when_the_database_is_down(client, monkeypatch):
    def down(self):
        raise OperationalError("connection to server at 10.0.0.5 failed: password=hunter2")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert "hunter2" not in response.content.decode()


def test_a_database_failure_mid_request_is_a_clean_503_in_the_api(client, body, monkeypatch):
    from requests_app.api import views
    from tests.api.conftest import SUBMIT_URL, submission_payload

    def cut(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "request_submit", cut)

    response = client.post(SUBMIT_URL, submission_payload(), content_type="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "message": "Layanan sedang tidak tersedia sebentar. Tidak ada yang tersimpan; coba lagi.",
        "fields": {},
    }
