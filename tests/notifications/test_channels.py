"""Channels are pluggable: a gateway listed in NOTIFICATION_CHANNELS receives the applicant's
messages and officers' alerts without any change to the services."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from requests_app.models import DeliveryState, Notification
from requests_app.notifications.channels import (
    DEFAULT_CHANNELS,
    applicant_channels,
    enabled_channels,
    notification_channels_check,
)
from requests_app.notifications.outbox import notification_create, notification_deliver
from requests_app.selectors.notifications import request_notifications
from requests_app.services.reminders import scan_overdue
from requests_app.services.workflow import request_route, request_verify

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
FAKE_SMS = "tests.notifications.test_channels.FakeSmsGateway"


class FakeSmsGateway:
    """An SMS gateway as a deployment would add it: reaches applicants and officers by phone."""

    code = "sms"
    label = "SMS"
    sent: list[tuple[str, str]] = []

    def applicant_address(self, request) -> str | None:
        return request.phone or None

    def officer_address(self, user) -> str | None:
        return "+6281100000000" if user.username == "utama" else None

    def send(self, notification) -> None:
        self.sent.append((notification.recipient_address, notification.subject))


@pytest.fixture
def sms(settings):
    FakeSmsGateway.sent = []
    settings.NOTIFICATION_CHANNELS = [*DEFAULT_CHANNELS, FAKE_SMS]
    yield FakeSmsGateway.sent
    FakeSmsGateway.sent = []


def test_default_channels_are_in_app_and_email(db):
    assert list(enabled_channels()) == ["in_app", "email"]


def test_a_registered_gateway_delivers_applicant_messages(
    sms, submit, utama_officer, opd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in tests
        request = submit(now=T0).request
    with django_capture_on_commit_callbacks(execute=True):
        request = request_verify(request=request, actor=utama_officer, now=T0)
        request_route(request=request, actor=utama_officer, unit=opd, now=T0)

    number = request.registration_number
    assert sms == [
        ("081234567890", f"Tanda bukti permohonan informasi {number}"),
        ("081234567890", f"Permohonan diteruskan ke PPID Pelaksana · {number}"),
    ]
    rows = Notification.objects.filter(request=request, channel="sms")
    assert {row.state for row in rows} == {DeliveryState.SENT}
    # Email is still sent alongside, once per message.
    assert [m.subject for m in mail.outbox] == [s for _address, s in sms]
    # Officers see the gateway's deliveries on the request page under its label.
    labels = {(m.channel, m.channel_label) for m in request_notifications(request)}
    assert labels == {("sms", "SMS"), ("email", "Email")}


def test_a_registered_gateway_receives_officer_alerts_from_the_scans(
    sms, submit, utama_officer, opd_officer, opd
):
    request = submit(now=T0).request
    request = request_verify(request=request, actor=utama_officer, now=T0)
    request_route(request=request, actor=utama_officer, unit=opd, now=T0)

    scan_overdue(now=datetime(2025, 4, 17, 8, 0, tzinfo=JKT))

    alerts = Notification.objects.filter(channel="sms", recipient_user=utama_officer)
    assert alerts.count() == 1 and alerts.get().recipient_address == "+6281100000000"
    assert not Notification.objects.filter(channel="sms", recipient_user=opd_officer).exists()
    assert notification_deliver(
        notification_id=alerts.get().pk, now=datetime(2025, 4, 17, 8, 1, tzinfo=JKT)
    )
    assert sms[-1][0] == "+6281100000000" and "Lewat batas waktu" in sms[-1][1]
    # The applicant's right-to-object message goes by SMS too.
    assert Notification.objects.filter(
        channel="sms", request=request, recipient_address="081234567890"
    ).exists()


def test_an_applicant_without_a_phone_is_not_sent_sms(sms, submit):
    request = submit(now=T0, phone="").request
    assert applicant_channels(request) == [("email", "siti@example.org")]
    assert not Notification.objects.filter(channel="sms").exists()


def test_a_message_on_a_channel_disabled_since_fails_visibly(sms, submit, settings):
    request = submit(now=T0).request
    row = Notification.objects.get(request=request, channel="sms")
    settings.NOTIFICATION_CHANNELS = DEFAULT_CHANNELS

    assert notification_deliver(notification_id=row.pk) is False

    row.refresh_from_db()
    assert row.state == DeliveryState.PENDING and row.attempts == 1
    assert row.last_error == "KeyError: 'sms'"


@pytest.mark.parametrize(
    "setting",
    [
        ["requests_app.notifications.channels.NoSuchChannel"],
        ["tests.notifications.test_channels.FakeSmsGateway"] * 2,
    ],
    ids=["unknown-class", "repeated-code"],
)
def test_a_bad_channel_setting_is_refused_by_the_system_check(settings, setting):
    settings.NOTIFICATION_CHANNELS = setting
    with pytest.raises(ImproperlyConfigured):
        enabled_channels()
    errors = notification_channels_check()
    assert [error.id for error in errors] == ["requests_app.E001"]


def test_in_app_rows_need_no_address_but_other_channels_do(db, sms):
    context = {"headline": "Uji", "message": "Isi", "items": []}
    assert notification_create(kind="officer_alert", context=context, channel="sms") is None
    assert notification_create(kind="officer_alert", context=context, channel="in_app")
