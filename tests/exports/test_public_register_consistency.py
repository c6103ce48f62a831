"""One implementation of the public registers: the transparency page and the public downloads
show the same cells (E5), and the monev pack carries the public objection register."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import pytest

from requests_app.exports.monev import monev_pack_write
from requests_app.models import InformationRequest, Objection, PublicBody
from requests_app.templatetags.ppid_format import format_date_id
from tests.exports.conftest import REPORT_NOW, response_bytes, xlsx_dicts

pytestmark = pytest.mark.django_db
PAGE = "/transparansi/banten/"
CSV = "/laporan/publik/banten/register-permohonan-2025.csv"
OBJECTIONS_CSV = "/laporan/publik/banten/register-keberatan-2025.csv"
REASONS = "Pemohon Rahasia Zulkarnaen tinggal di Gang Kenari"
# 16:00 UTC on Friday 31 Jan is 23:00 in Jakarta (the server's zone) and already Saturday
# 1 Feb in Jayapura, the body's zone.
LATE_EVENING = datetime(2025, 1, 31, 16, 0, tzinfo=UTC)


def _csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _day(value) -> str:
    return format_date_id(value, with_day=True)


def test_page_row_and_public_csv_row_agree_field_by_field(client, story):
    body = PublicBody.objects.get(slug="banten")
    PublicBody.objects.filter(pk=body.pk).update(time_zone="Asia/Jayapura")
    granted, refused, not_held = story.requests[1], story.requests[3], story.requests[7]
    InformationRequest.objects.filter(pk=granted.pk).update(received_at=LATE_EVENING)
    InformationRequest.objects.filter(pk=refused.pk).update(notice_sent_at=LATE_EVENING)

    page_rows = {
        row["registration_number"]: row
        for row in client.get(PAGE, {"tahun": "2025"}).context["register"]
    }
    csv_rows = {row["2. Nomor pendaftaran"]: row for row in _csv(response_bytes(client.get(CSV)))}

    for request in (granted, refused, not_held, story.requests[2]):
        page, export = page_rows[request.registration_number], csv_rows[request.registration_number]
        assert export == {
            **export,
            "3. Hari dan tanggal permohonan": _day(page["received_on"]),
            "4. Nama (inisial)": page["initials"],
            "Kabupaten/kota pemohon": page["area"],
            "8. Informasi yang diminta": page["information_requested"],
            "9. Tujuan penggunaan informasi": page["purpose"],
            "10. Status informasi": page["information_status"],
            "11. Bentuk informasi yang dikuasai": page["copy_format"],
            "12. Jenis permohonan": page["access_method"],
            "13. Keputusan": page["decision"],
            "14. Alasan penolakan": page["refusal_reason"],
            "15. Hari dan tanggal pemberitahuan tertulis": _day(page["notice_on"]),
            "16. Hari dan tanggal pemberian informasi": _day(page["delivered_on"]),
            "18. Perpanjangan": page["extension"],
            "19. PPID Pelaksana/OPD": page["unit"],
            "21. Kanal": page["channel"],
        }, request.registration_number
    # The body's calendar day, not the server's.
    assert page_rows[granted.registration_number]["received_on"] == date(2025, 2, 1)
    assert page_rows[refused.registration_number]["notice_on"] == date(2025, 2, 1)
    late = csv_rows[granted.registration_number]
    assert late["3. Hari dan tanggal permohonan"] == "Sabtu, 1 Februari 2025"
    assert late["13. Keputusan"] == "Diterima seluruhnya"
    no = csv_rows[refused.registration_number]
    assert (no["13. Keputusan"], no["14. Alasan penolakan"]) == (
        "Ditolak",
        "Pasal 17 huruf b UU 14/2008",
    )
    held = csv_rows[not_held.registration_number]
    assert held["10. Status informasi"] == "Tidak di bawah penguasaan (Kementerian Keuangan)"
    assert held["14. Alasan penolakan"] == "Informasi tidak dikuasai"
    html = client.get(PAGE, {"tahun": "2025"}).content.decode()
    assert html.count("(Kementerian Keuangan)") == 1


def test_monev_pack_carries_the_public_objection_register(client, story):
    body = PublicBody.objects.get(slug="banten")
    first = story.objections[1]
    # An objection numbered in 2024 but received in 2025 belongs to the 2025 public register.
    Objection.objects.filter(pk=first.pk).update(
        decision_reasons=REASONS, case_facts=REASONS, sequence_year=2024
    )
    handle = io.BytesIO()

    monev_pack_write(handle, body=body, year=2025, now=REPORT_NOW)

    pack = xlsx_dicts(zipfile.ZipFile(handle).read("register_keberatan_2025.xlsx"))
    public = _csv(response_bytes(client.get(OBJECTIONS_CSV)))
    assert len(pack) == len(public) == 3
    assert list(pack[0]) == list(public[0])
    assert "Kasus posisi" not in pack[0] and "Alasan tertulis" not in pack[0]
    assert "Zulkarnaen" not in repr(pack)
