"""Laporan Layanan Informasi Publik (D.1): the computed parts from the hand-counted story and the
narrative, in the XLSX (read back with openpyxl) and the PDF (text read back with pypdf); the
narrative form; who may download a draft or a published report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from requests_app.exports.annual_report import (
    annual_report_build,
    annual_report_pdf,
    annual_report_xlsx,
)
from requests_app.models import AnnualReportNarrative, YearSnapshot
from requests_app.services.reporting import NarrativeInput, narrative_save
from tests.exports.conftest import REPORT_NOW, at, xlsx_rows
from tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/laporan/tahunan/banten/2025/"
NARRATIVE = NarrativeInput(
    policy="SK Gubernur tentang PPID",
    facilities="Meja layanan dan ruang baca",
    staff="Empat petugas bersertifikat",
    budget="Rp120.000.000, terserap 95%",
    service_overview="Layanan daring dan luring",
    obstacles="Arsip OPD belum digital",
    recommendations="Digitalisasi arsip 2026",
)


def value_of(rows: list[tuple], label: str, column: int = 1):
    for row in rows:
        if row and row[0] == label:
            return row[column]
    raise AssertionError(f"{label!r} not in the report")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_report_xlsx_and_pdf_carry_the_hand_counted_figures_and_the_narrative(
    story, body, utama_officer
):
    narrative_save(body=body, year=2025, actor=utama_officer, data=NARRATIVE)
    report = annual_report_build(body=body, year=2025, now=REPORT_NOW)

    rows = xlsx_rows(annual_report_xlsx(report), "Laporan")
    assert rows[0][0] == "Laporan Layanan Informasi Publik Tahun 2025"
    assert value_of(rows, "Permohonan diterima") == 10
    assert value_of(rows, "Pemberitahuan tertulis dikirim") == 5
    # Channels: R1, R4-R9 web; R2 walk-in; R3 email; R10 phone.
    assert value_of(rows, "Web/aplikasi") == 7
    assert value_of(rows, "Datang langsung") == 1
    assert value_of(rows, "Februari 2025") == 8
    assert value_of(rows, "Dinas Pendidikan dan Kebudayaan") == 5
    # Notices: R7 3, R1 5 (0-5 HK); R9 11, R3 12, R2 15 (11-17 HK).
    assert value_of(rows, "0-5 HK") == 2 and value_of(rows, "11-17 HK") == 3
    assert value_of(rows, "0-5 HK", 2) == 40.0
    # Due or answered: 7 (5 answered + R4, R10 never answered).
    assert value_of(rows, "Tepat waktu tanpa perpanjangan (batas 10 HK)") == 3
    assert value_of(rows, "Tepat waktu tanpa perpanjangan (batas 10 HK)", 2) == 42.86
    assert value_of(rows, "Tepat waktu dengan perpanjangan (batas 17 HK)", 2) == 14.29
    assert value_of(rows, "Dijawab terlambat", 2) == 14.29
    assert value_of(rows, "Tidak dijawab sampai batas waktu", 2) == 28.57
    assert value_of(rows, "Tingkat ketepatan waktu", 2) == 57.14
    assert value_of(rows, "Dikabulkan seluruhnya") == 2
    assert value_of(rows, "Dikabulkan sebagian") == 1
    assert value_of(rows, "Ditolak") == 2  # R3 (Pasal 17 b) and R7 (not held)
    assert (
        value_of(
            rows, "Pasal 17 huruf b. mengganggu perlindungan HKI / persaingan usaha tidak sehat"
        )
        == 1
    )
    assert value_of(rows, "Informasi tidak dikuasai") == 1
    assert value_of(rows, "a. penolakan berdasarkan alasan pengecualian Pasal 17") == 1
    assert value_of(rows, "c. tidak ditanggapinya permintaan informasi") == 1
    assert value_of(rows, "Jumlah keberatan") == 3
    assert value_of(rows, "Keberatan ditolak (menguatkan keputusan PPID)") == 1
    assert value_of(rows, "Tidak ditanggapi sampai batas waktu") == 1
    assert value_of(rows, "Jumlah sengketa") == 1
    assert value_of(rows, "Lewat batas pelaksanaan") == 1
    assert value_of(rows, "Anggaran dan realisasinya") == "Rp120.000.000, terserap 95%"
    assert value_of(rows, "Uraian") == "Layanan daring dan luring"
    figures = dict(xlsx_rows(annual_report_xlsx(report), "Angka")[1:])
    assert figures["headline.received"] == 10
    assert figures["headline.on_time_rate"] == 0.5714

    text = pdf_text(annual_report_pdf(report))
    assert "LAPORAN LAYANAN INFORMASI PUBLIK TAHUN 2025" in text
    assert "Permohonan diterima 10" in text
    assert "Tingkat ketepatan waktu – 57,14" in text
    assert "Jumlah keberatan 3" in text
    assert "Arsip OPD belum digital" in text
    assert "Digitalisasi arsip 2026" in text
    assert "Angka sementara per 15 April 2025" in text


def test_utama_officer_saves_the_narrative_from_the_form(client, body, utama_officer):
    client.force_login(utama_officer)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Simpan narasi" in page.content.decode()

    response = client.post(PAGE, {"policy": "Kebijakan baru", "obstacles": "Jaringan lambat"})

    assert response.status_code == 302
    narrative = AnnualReportNarrative.objects.get(body=body, year=2025)
    assert (narrative.policy, narrative.obstacles, narrative.updated_by) == (
        "Kebijakan baru",
        "Jaringan lambat",
        utama_officer,
    )


def test_narrative_form_refuses_overlong_text_with_a_field_error(client, body, utama_officer):
    client.force_login(utama_officer)

    response = client.post(PAGE, {"budget": "x" * 20_001})

    assert response.status_code == 400
    assert "paling banyak 20000 karakter" in response.content.decode().lower()
    assert not AnnualReportNarrative.objects.exists()


def test_atasan_reads_but_may_not_write_and_other_bodies_get_404(client, body, atasan):
    client.force_login(atasan)
    assert "Simpan narasi" not in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"policy": "x"}).status_code == 403
    assert not AnnualReportNarrative.objects.exists()

    outsider = UserFactory(username="luar")
    other = PublicBodyFactory()
    UnitFactory(body=other)
    MembershipFactory(user=outsider, body=other)
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.get("/laporan/tahunan/banten/laporan-layanan-2025.pdf").status_code == 404


def test_a_draft_is_for_the_body_and_a_closed_year_is_published(
    client, body, submit, utama_officer
):
    submit(now=at(date(2025, 3, 3)))
    url = "/laporan/tahunan/banten/laporan-layanan-2025.pdf"
    assert client.get(url).status_code == 302  # draft: log in first
    client.force_login(utama_officer)
    assert client.get(url)["Content-Type"] == "application/pdf"
    client.logout()

    YearSnapshot.objects.create(
        body=body,
        year=2025,
        figures=annual_report_build(body=body, year=2025).figures,
        closed_at=at(date(2026, 1, 5)),
        closed_by=utama_officer,
    )
    response = client.get("/laporan/tahunan/banten/laporan-layanan-2025.xlsx")

    assert response.status_code == 200
    assert value_of(xlsx_rows(response.content, "Laporan"), "Permohonan diterima") == 1
    assert client.get("/laporan/tahunan/banten/laporan-layanan-2025.doc").status_code == 404
