"""Emails to applicants are official correspondence: in the body's correspondence language."""

import pytest
from django.utils import translation

from requests_app.models import Notification, NotificationChannel
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
