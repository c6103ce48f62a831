"""Broker (Redis) down: an officer's action still succeeds, its messages wait in the outbox, and the
sweeper delivers each exactly once when the broker is back. Celery really publishes here, to a port
nothing listens on (the submission case is in tests/reminders/test_broker.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from requests_app.models import DeliveryState, Notification, RequestEvent, Status
from requests_app.services.workflow import request_verify
from requests_app.tasks import send_pending_notifications

pytestmark = pytest.mark.django_db


def test_officer_routes_with_the_broker_down_and_the_applicant_is_told_once_it_returns(
    unreachable_broker, submit, utama_officer, opd, django_capture_on_commit_callbacks, caplog
):
    request = request_verify(request=submit().request, actor=utama_officer)
    already = set(Notification.objects.values_list("pk", flat=True))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=utama_officer).key}")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(f"/api/v1/requests/{request.pk}/route/", {"unit": opd.pk})

    assert response.status_code == 200, response.content
    assert callbacks and "Broker unavailable" in caplog.text
    request.refresh_from_db()
    assert request.status == Status.ROUTED
    assert RequestEvent.objects.filter(request=request, code="request.routed").count() == 1
    waiting = Notification.objects.exclude(pk__in=already).filter(request=request)
    assert waiting.exists()
    assert set(waiting.values_list("state", flat=True)) == {DeliveryState.PENDING}
    # Everything of this request waits: the receipt and the updates, written while Redis was down.
    pending = Notification.objects.filter(request=request)
    assert set(pending.values_list("state", flat=True)) == {DeliveryState.PENDING}
    emails_due = pending.filter(channel="email").count()
    mail.outbox.clear()

    assert send_pending_notifications() == pending.count()  # beat's sweeper, broker back
    assert send_pending_notifications() == 0
    assert set(pending.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(mail.outbox) == emails_due >= 2  # each message once, none twice
