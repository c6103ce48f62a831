"""Emails to applicants are official correspondence: in the body's correspondence language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from requests_app.models import Notification, NotificationChannel
from requests_app.services.reminders import scan_overdue
from requests_app.services.workflow import request_route, request_verify

pytestmark = pytest.mark.django_db


def _receipt_subject(request) -> str:
    return Notification.objects.get(
        request=request, channel=NotificationChannel.EMAIL, kind="request_receipt"
    ).subject


def test_an_indonesian_body_writes_in_indonesian_even_from_an_english_page(submit):
    with translation.override("en"):
        request = submit().request

    assert _receipt_subject(request).startswith("Tanda bukti permohonan informasi")


def test_a_body_that_chose_english_writes_its_emails_in_english(submit, body):
    body.correspondence_language = "en"
    body.save(update_fields=["correspondence_language"])

    request = submit().request

    assert _receipt_subject(request) == (
        f"Information request receipt {request.registration_number}"
    )


def test_a_status_update_is_in_the_bodys_language_not_the_officers(submit, utama_officer, opd):
    request = submit().request
    with translation.override("en"):
        request_verify(request=request, actor=utama_officer)
        request = request_route(request=request, actor=utama_officer, unit=opd)

    update = Notification.objects.filter(
        request=request, channel=NotificationChannel.EMAIL, kind="request_update"
    ).latest("pk")
    assert "Permohonan diteruskan ke PPID Pelaksana" in update.body_text
    assert "Forwarded" not in update.subject


def test_the_missed_deadline_message_follows_the_bodys_language(submit, body, utama_officer, opd):
    body.correspondence_language = "en"
    body.save(update_fields=["correspondence_language"])
    received = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    request = request_verify(
        request=submit(now=received).request, actor=utama_officer, now=received
    )

    scan_overdue(now=datetime(2025, 4, 17, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))

    message = Notification.objects.filter(
        request=request, channel=NotificationChannel.EMAIL, kind="request_update"
    ).latest("pk")
    assert "belum ditanggapi" not in message.subject
    assert "Pasal 35" not in message.body_text
