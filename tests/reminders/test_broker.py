"""The outbox survives a dead broker, and a real worker delivers through a real Redis broker."""

import os
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from kombu.exceptions import OperationalError

from requests_app.models import DeliveryState, InformationRequest, Notification
from requests_app.notifications.outbox import notification_deliver
from requests_app.tasks import send_notifications, send_pending_notifications

JKT = ZoneInfo("Asia/Jakarta")


@pytest.mark.django_db
def test_api_submission_returns_201_with_the_broker_unreachable_and_the_sweeper_sends_once(
    unreachable_broker, body, django_capture_on_commit_callbacks, caplog
):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    from tests.api.conftest import SUBMIT_URL, submission_payload

    cache.clear()  # throttle counters
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = APIClient().post(SUBMIT_URL, submission_payload(), format="json")

    assert response.status_code == 201, response.content
    assert callbacks  # the hand-over to Celery ran, reached for the broker and gave up quietly
    assert "Broker unavailable" in caplog.text
    request = InformationRequest.objects.get(
        registration_number=response.json()["registration_number"]
    )
    receipt = Notification.objects.get(request=request, kind="request_receipt")
    assert receipt.state == DeliveryState.PENDING and receipt.attempts == 0
    assert mail.outbox == []

    assert send_pending_notifications() == 1  # beat's sweeper, run by a worker
    assert send_pending_notifications() == 0
    receipt.refresh_from_db()
    assert receipt.state == DeliveryState.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@example.org"]
    assert request.registration_number in mail.outbox[0].subject


def test_submission_succeeds_with_the_broker_down_and_the_sweeper_sends_once(
    submit, settings, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_notifications, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit().request
    receipt = Notification.objects.get(request=request, kind="request_receipt")
    assert receipt.state == DeliveryState.PENDING and mail.outbox == []
    assert send_pending_notifications() == 1
    assert send_pending_notifications() == 0
    assert len(mail.outbox) == 1 and request.registration_number in mail.outbox[0].subject


def test_a_redelivered_task_sends_nothing_twice(
    submit, monkeypatch, django_capture_on_commit_callbacks
):
    # The broker holds the message.
    monkeypatch.setattr(send_notifications, "apply_async", lambda args, **options: None)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit().request
    ids = list(Notification.objects.filter(request=request).values_list("pk", flat=True))
    assert send_notifications(ids) == 1
    assert send_notifications(ids) == 0  # the same message delivered again after a worker crash
    assert len(mail.outbox) == 1


def test_mail_server_refusing_retries_with_backoff_then_gives_up_visibly(submit, monkeypatch):
    from requests_app.notifications import channels
    from requests_app.notifications.outbox import MAX_ATTEMPTS

    def refuse(notification):
        raise ConnectionRefusedError("SMTP 421 service not available")

    monkeypatch.setattr(channels.CHANNELS["email"], "send", refuse)
    request = submit().request
    receipt = Notification.objects.get(request=request, kind="request_receipt")
    moment = datetime(2030, 1, 1, tzinfo=JKT)
    delays = []
    for _ in range(MAX_ATTEMPTS):
        notification_deliver(notification_id=receipt.pk, now=moment)
        receipt.refresh_from_db()
        delays.append((receipt.next_attempt_at - moment).total_seconds())
        moment = receipt.next_attempt_at
    assert delays[:3] == [60, 120, 240]
    assert receipt.state == DeliveryState.FAILED and "421" in receipt.last_error
    assert receipt.attempts == MAX_ATTEMPTS


@pytest.mark.postgres
@pytest.mark.redis_broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_through_redis(submit, settings):
    from ppid.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": "consolemail://",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ppid",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        request = submit().request
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = set(
                Notification.objects.filter(request=request).values_list("state", flat=True)
            )
            if states == {DeliveryState.SENT}:
                break
            time.sleep(0.5)
        assert states == {DeliveryState.SENT}
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.task_always_eager = True
