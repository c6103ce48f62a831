"""Emails to applicants are official correspondence: in the body's correspondence language."""

import pytest
from django.utils import translation

from requests_app.models import Notification, NotificationChannel

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
