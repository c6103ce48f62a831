""" "Mengapa batas waktunya tanggal ini?" on the tracking page, the tracking API and the officer API."""

from __future__ import annotations

from datetime import date

from requests_app.models import CalendarOverride, OverrideKind
from requests_app.services.workflow import request_extend, request_verify
from tests.deadlines_ui.conftest import AFTER_CLOSING, BEFORE_LEBARAN, SK_HUT_BANTEN


def test_tracking_page_explains_the_due_date_in_a_collapsible_block(submit, tracked_page):
    page = tracked_page(submit(now=AFTER_CLOSING))

    block = page.split('<details class="card deadline-explanation"')[1].split("</details>")[0]
    assert "<summary>Mengapa batas waktunya tanggal ini?</summary>" in block
    assert "Diterima sesudah jam tutup layanan (16.00)" in block
    assert "Hari Raya Idul Fitri" in block  # a day off between arrival and day 0
    assert "Selasa, 8 April 2025" in block and "Rabu, 23 April 2025" in block
    assert "Hari kerja ke-10" in block and "Perpanjangan" not in block


def test_tracking_page_shows_the_extension_clock_after_an_extension(
    submit, tracked_page, utama_officer
):
    submitted = submit(now=BEFORE_LEBARAN)
    request = request_verify(request=submitted.request, actor=utama_officer, now=BEFORE_LEBARAN)
    request_extend(
        request=request, actor=utama_officer, reason="Arsip di gudang", now=BEFORE_LEBARAN
    )

    page = tracked_page(submitted)

    assert "Perpanjangan: 7 hari kerja, jatuh pada Jumat, 2 Mei 2025" in page
    assert "Hari Buruh Internasional" in page


def test_override_added_after_receipt_is_explained_without_moving_the_frozen_date(
    submit, tracked_page, body, api_client_anonymous
):
    submitted = submit(now=BEFORE_LEBARAN)  # due Tuesday 22 April 2025, frozen on the row
    CalendarOverride.objects.create(
        body=body, date=date(2025, 4, 9), kind=OverrideKind.HOLIDAY, sk_reference=SK_HUT_BANTEN
    )

    page = tracked_page(submitted)
    data = api_client_anonymous.get(
        f"/api/v1/track/{submitted.request.registration_number}/",
        HTTP_X_TRACKING_TOKEN=submitted.tracking_token,
    ).json()["deadline_explanation"]["notice"]

    assert SK_HUT_BANTEN in page
    assert "Batas waktu yang berlaku tetap Selasa, 22 April 2025" in page
    assert (data["stored_due"], data["due"], data["matches_stored"]) == (
        "2025-04-22",
        "2025-04-23",
        False,
    )


def test_tracking_api_includes_the_explanation(submit, api_client_anonymous):
    submitted = submit(now=AFTER_CLOSING)

    response = api_client_anonymous.get(
        f"/api/v1/track/{submitted.request.registration_number}/",
        HTTP_X_TRACKING_TOKEN=submitted.tracking_token,
    )
    explanation = response.json()["deadline_explanation"]

    assert explanation["effective_received_on"] == "2025-04-08"
    assert explanation["receipt_shift"]["reason"] == "after_closing"
    assert explanation["notice"]["start"] == "2025-04-08"
    assert explanation["notice"]["stored_due"] == explanation["notice"]["due"] == "2025-04-23"
    assert len(explanation["notice"]["counted"]) == 10
    assert explanation["extension"] is None


def test_officer_detail_api_includes_the_explanation_with_the_extension(
    submit, officer_api, utama_officer
):
    submitted = submit(now=BEFORE_LEBARAN)
    request = request_verify(request=submitted.request, actor=utama_officer, now=BEFORE_LEBARAN)
    request_extend(
        request=request, actor=utama_officer, reason="Arsip di gudang", now=BEFORE_LEBARAN
    )

    response = officer_api(utama_officer).get(f"/api/v1/requests/{request.pk}/")
    explanation = response.json()["deadline_explanation"]

    assert response.status_code == 200
    assert explanation["receipt_shift"] is None
    assert explanation["notice"]["due"] == "2025-04-22"
    assert explanation["extension"]["start"] == "2025-04-22"
    assert explanation["extension"]["stored_due"] == "2025-05-02"
    assert {"day": "2025-05-01", "kind": "public_holiday"}.items() <= next(
        d for d in explanation["extension"]["skipped"] if d["day"] == "2025-05-01"
    ).items()


def test_other_opd_officer_gets_404_not_the_explanation(submit, officer_api, other_opd_officer):
    request = submit(now=BEFORE_LEBARAN).request

    response = officer_api(other_opd_officer).get(f"/api/v1/requests/{request.pk}/")

    assert response.status_code == 404
    assert "deadline_explanation" not in response.json()
