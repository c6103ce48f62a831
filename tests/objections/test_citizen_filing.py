"""The applicant's objection form: the filing window on the real calendar, the late warning,
pre-selected grounds, field errors, and the receipt page."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app.models import InformationRequest, Objection, Status
from requests_app.web.access import GRANTS_SESSION_KEY
from tests.objections.conftest import ACT_AT, AFTER_DUE, JKT

pytestmark = pytest.mark.django_db


def form_url(request) -> str:
    return reverse("objection_create", kwargs={"registration_number": request.registration_number})


def grant(client, request) -> None:
    """What the tracking page leaves in the session after the token was checked once."""
    session = client.session
    session[GRANTS_SESSION_KEY] = [request.pk]
    session.save()


def checked_grounds(response) -> set[str]:
    return set(response.context["form"]["grounds"].value() or [])


def test_window_for_no_answer_runs_30_hk_from_the_missed_due_date(client, flow, clock):
    request, _token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    response = client.get(form_url(request))

    # Due 16 Apr 2025; 30 HK skip Good Friday, 1 May, Waisak + cuti bersama and Ascension +
    # cuti bersama: 5 Jun 2025.
    assert response.status_code == 200
    assert response.context["filing"].window_ends_on == date(2025, 6, 5)
    assert "batas pengajuan keberatan: Kamis, 5 Juni 2025" in response.content.decode()
    assert "dicatat terlambat" not in response.content.decode()


def test_window_after_a_notice_runs_from_the_notice_across_lebaran(client, flow, clock):
    request, _token = flow.notified(at=ACT_AT)
    clock(datetime(2025, 3, 26, 10, tzinfo=JKT))
    grant(client, request)

    body = client.get(form_url(request)).content.decode()

    # 25 Mar 2025 + 30 HK skips Nyepi, Idul Fitri and its cuti bersama (28 Mar-7 Apr).
    assert "batas pengajuan keberatan: Rabu, 21 Mei 2025" in body


def test_window_after_delivery_runs_from_the_handover_date(client, flow, clock):
    request, _token = flow.delivered(at=datetime(2025, 3, 27, 10, tzinfo=JKT))
    clock(datetime(2025, 3, 28, 10, tzinfo=JKT))
    grant(client, request)

    body = client.get(form_url(request)).content.decode()

    assert "batas pengajuan keberatan: Jumat, 23 Mei 2025" in body


def test_late_filing_is_warned_accepted_and_flagged(client, flow, clock):
    request, token = flow.routed()
    clock(datetime(2025, 6, 10, 10, tzinfo=JKT))
    grant(client, request)

    page = client.get(form_url(request)).content.decode()
    response = client.post(
        form_url(request), {"token": token, "grounds": ["c"], "case_facts": "Tidak dijawab."}
    )

    assert "keberatan tetap diterima dan dicatat terlambat" in page.lower()
    objection = Objection.objects.get(request=request)
    assert response.status_code == 302
    assert objection.is_late is True
    assert objection.filing_window_ends_on == date(2025, 6, 5)


def test_ground_c_is_preselected_after_a_missed_deadline(client, flow, clock):
    request, _token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    assert checked_grounds(client.get(form_url(request))) == {"c"}


def test_ground_g_is_preselected_after_a_late_notice(client, flow, clock):
    request, _token = flow.notified(at=datetime(2025, 4, 17, 10, tzinfo=JKT))
    clock(datetime(2025, 4, 18, 10, tzinfo=JKT))
    grant(client, request)

    response = client.get(form_url(request))

    assert request.notice_late is True
    assert checked_grounds(response) == {"g"}
    assert 'value="g"' in response.content.decode() and "checked" in response.content.decode()


def test_statute_labels_are_shown_for_every_ground(client, flow, clock):
    request, _token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    body = client.get(form_url(request)).content.decode()

    assert "penolakan atas permintaan informasi berdasarkan alasan pengecualian" in body
    assert "penyampaian informasi yang melebihi waktu yang diatur dalam Undang-Undang ini" in body


def test_form_explains_why_filing_waits_for_the_deadline(client, flow, clock):
    request, token = flow.routed()
    clock(datetime(2025, 4, 1, 10, tzinfo=JKT))
    grant(client, request)

    page = client.get(form_url(request))
    posted = client.post(form_url(request), {"token": token, "grounds": ["c"], "case_facts": "x"})

    assert "setelah batas waktu pemberitahuan" in page.content.decode()
    assert 'id="objection-form"' not in page.content.decode()
    assert posted.status_code == 200
    assert not Objection.objects.exists()


def test_filing_from_the_tracking_session_shows_number_due_date_and_receipt(client, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    response = client.post(
        form_url(request),
        {"token": token, "grounds": ["c", "g"], "case_facts": "Belum ada jawaban."},
        follow=True,
    )

    objection = Objection.objects.get(request=request)
    body = response.content.decode()
    assert objection.registration_number in body
    assert "Rabu, 11 Juni 2025" in body  # the atasan's 30 HK from 21 Apr 2025
    receipt = response.context["receipt"]
    assert receipt is not None and receipt.kind == "objection_receipt"
    download = client.get(reverse("document_download", kwargs={"pk": receipt.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert InformationRequest.objects.get(pk=request.pk).status == Status.IN_OBJECTION


def test_account_applicant_files_without_the_token(client, flow, clock, citizen):
    request, _token = flow.routed()
    InformationRequest.objects.filter(pk=request.pk).update(applicant=citizen)
    clock(AFTER_DUE)
    client.force_login(citizen)

    page = client.get(form_url(request))
    response = client.post(form_url(request), {"grounds": ["c"], "case_facts": "Belum dijawab."})

    assert "token" not in page.context["form"].fields
    assert response.status_code == 302
    assert Objection.objects.filter(request=request).count() == 1


def test_the_tracking_sessions_grant_is_enough_no_token_is_asked_again(client, flow, clock):
    request, _token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    page = client.get(form_url(request))
    assert "token" not in page.context["form"].fields

    response = client.post(form_url(request), {"grounds": ["c"], "case_facts": "Fakta saya."})

    assert response.status_code == 302
    assert Objection.objects.filter(request=request).count() == 1


def test_missing_grounds_and_facts_are_reported_at_their_fields(client, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)

    response = client.post(
        form_url(request), {"token": token, "representative_name": "Budi", "grounds": ["z"]}
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) >= {"grounds", "case_facts", "power_of_attorney"}
    assert 'value="Budi"' in response.content.decode()


def test_power_of_attorney_is_checked_by_content(client, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)
    grant(client, request)
    fake = SimpleUploadedFile("kuasa.pdf", b"bukan pdf sama sekali\n" * 4, "application/pdf")

    response = client.post(
        form_url(request),
        {
            "token": token,
            "grounds": ["c"],
            "case_facts": "x",
            "representative_name": "Budi",
            "power_of_attorney": fake,
        },
    )

    assert response.status_code == 400
    assert "PDF, JPG atau PNG" in response.context["form"].errors["power_of_attorney"][0]


def test_form_is_not_found_without_a_tracking_grant(client, flow, clock):
    request, _token = flow.routed()
    clock(AFTER_DUE)

    assert client.get(form_url(request)).status_code == 404


def test_tracking_page_links_to_the_form_and_lists_objections(client, flow, clock):
    objection = flow.objection()
    clock(AFTER_DUE)
    grant(client, objection.request)

    response = client.get(
        reverse(
            "track_request", kwargs={"registration_number": objection.request.registration_number}
        )
    )

    body = response.content.decode()
    assert form_url(objection.request) in body
    assert objection.registration_number in body
