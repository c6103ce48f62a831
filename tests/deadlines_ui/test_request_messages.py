"""Messages about a request: officers see every one with its delivery attempts; the applicant
sees only what was sent to the applicant."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.template.loader import render_to_string

from requests_app.models import DeliveryState, Notification
from requests_app.notifications import channels, registry
from requests_app.notifications.outbox import (
    MAX_ATTEMPTS,
    notification_create,
    notification_deliver,
)
from requests_app.selectors.notifications import applicant_notifications, request_notifications
from requests_app.web.deadline_panels import officer_request_panels
from tests.deadlines_ui.conftest import AFTER_CLOSING, JKT

INTERNAL_HEADLINE = "Eskalasi internal: permohonan terlambat"


def _refuse(notification):
    raise ConnectionRefusedError("SMTP 421 kotak surat penuh")


@pytest.fixture
def failed_receipt(submit, monkeypatch):
    """A request whose receipt email was refused until the outbox gave up."""
    submitted = submit(now=AFTER_CLOSING)
    receipt = Notification.objects.get(request=submitted.request, kind="request_receipt")
    monkeypatch.setattr(channels.CHANNELS["email"], "send", _refuse)
    moment = datetime(2025, 4, 8, 8, 0, tzinfo=JKT)
    for _ in range(MAX_ATTEMPTS):
        notification_deliver(notification_id=receipt.pk, now=moment)
        receipt.refresh_from_db()
        moment = receipt.next_attempt_at
    assert receipt.state == DeliveryState.FAILED
    return submitted


def _officer_alert(request, user):
    item = {
        "number": request.registration_number,
        "subject": request.information_requested,
        "due_on": request.due_on,
        "path": f"/petugas/permohonan/{request.pk}/",
        "note": "",
    }
    for channel, address in (("in_app", ""), ("email", user.email)):
        notification_create(
            kind=registry.OFFICER_ALERT.code,
            context={
                "headline": INTERNAL_HEADLINE,
                "message": "Catatan internal.",
                "items": [item],
            },
            channel=channel,
            request=request,
            recipient_user=user,
            recipient_address=address,
            now=AFTER_CLOSING,
        )


def test_officer_api_lists_a_failed_delivery_with_its_error(
    failed_receipt, officer_api, utama_officer
):
    request = failed_receipt.request
    _officer_alert(request, utama_officer)

    response = officer_api(utama_officer).get(f"/api/v1/requests/{request.pk}/")
    rows = response.json()["notifications"]

    receipt = next(row for row in rows if row["kind"] == "request_receipt")
    assert receipt["state"] == "failed" and receipt["state_label"] == "Gagal"
    assert receipt["attempts"] == MAX_ATTEMPTS
    assert receipt["last_error"] == "ConnectionRefusedError: SMTP 421 kotak surat penuh"
    assert receipt["sent_at"] is None
    assert receipt["to_applicant"] is True and receipt["recipient"] == "Pemohon"
    alerts = [row for row in rows if row["kind"] == "officer_alert"]
    assert {row["channel"] for row in alerts} == {"in_app", "email"}
    assert all(row["recipient"] == utama_officer.get_full_name() for row in alerts)
    assert all(row["subject"] == INTERNAL_HEADLINE for row in alerts)


def test_request_notifications_is_one_query(submit, utama_officer, django_assert_num_queries):
    request = submit(now=AFTER_CLOSING).request
    _officer_alert(request, utama_officer)

    with django_assert_num_queries(1):
        rows = request_notifications(request)

    assert [row.kind for row in rows] == ["request_receipt", "officer_alert", "officer_alert"]


def test_citizen_tracking_page_never_shows_officer_messages(
    submit, tracked_page, utama_officer, opd_officer
):
    submitted = submit(now=AFTER_CLOSING)
    _officer_alert(submitted.request, utama_officer)
    _officer_alert(submitted.request, opd_officer)
    notification_deliver(
        notification_id=Notification.objects.get(kind="request_receipt").pk,
        now=datetime(2025, 3, 27, 16, 31, tzinfo=JKT),
    )

    page = tracked_page(submitted)

    assert INTERNAL_HEADLINE not in page and "Catatan internal" not in page
    assert utama_officer.email not in page and opd_officer.email not in page
    assert "Pesan yang dikirim kepada Anda" in page
    assert f"Tanda bukti permohonan informasi {submitted.request.registration_number}" in page
    assert "Terkirim 27 Maret 2025 pukul 16.31 WIB" in page
    assert [m.subject for m in applicant_notifications(submitted.request)] == [
        f"Tanda bukti permohonan informasi {submitted.request.registration_number}"
    ]


def test_citizen_tracking_page_shows_a_failed_message_as_failed(failed_receipt, tracked_page):
    page = tracked_page(failed_receipt)

    section = page.split("Pesan yang dikirim kepada Anda")[1].split("</section>")[0]
    assert "Gagal" in section
    assert "SMTP" not in page  # the delivery error is for officers


def test_officer_page_snippets_render_the_explanation_and_the_deliveries(
    failed_receipt, utama_officer
):
    request = failed_receipt.request
    _officer_alert(request, utama_officer)
    context = {"req": request, **officer_request_panels(request)}

    explanation = render_to_string(
        "deadlines/_explanation.html",
        {"explanation": context["deadline_explanation"], "open": True},
    )
    timeline = render_to_string("notifications/_timeline.html", context)

    assert '<details class="card deadline-explanation" open>' in explanation
    assert "Diterima sesudah jam tutup layanan" in explanation
    assert "SMTP 421 kotak surat penuh" in timeline and "Gagal" in timeline
    assert INTERNAL_HEADLINE in timeline and utama_officer.email in timeline
    assert timeline.count('<tr class="delivery-') == 3
