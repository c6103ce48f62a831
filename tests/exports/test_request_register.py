"""The register permohonan (domain.md C.3): officers' full version and the public version, as CSV
and XLSX, against the hand-made 2025 story; formula injection; scope; constant query count."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exports.conftest import SEEDED_PERSONAL, at, read_csv, response_bytes, xlsx_dicts

pytestmark = pytest.mark.django_db
FULL_URL = "/laporan/register/register_permohonan/"
PUBLIC_URL = "/laporan/publik/banten/register-permohonan-2025.{fmt}"
C3_HEADERS = [
    "1. No.",
    "2. Nomor pendaftaran",
    "3. Hari dan tanggal permohonan",
    "4. Nama",
    "5. Alamat",
    "6. Nomor kontak",
    "7. Pekerjaan",
    "8. Informasi yang diminta",
    "9. Tujuan penggunaan informasi",
    "10. Status informasi",
    "11. Bentuk informasi yang dikuasai",
    "12. Jenis permohonan",
    "13. Keputusan",
    "14. Alasan penolakan",
    "15. Hari dan tanggal pemberitahuan tertulis",
    "16. Hari dan tanggal pemberian informasi",
    "17. Biaya dan cara pembayaran",
    "18. Perpanjangan",
    "19. PPID Pelaksana/OPD",
    "20a. HK sampai pemberitahuan",
    "20b. HK sampai pemberian informasi",
    "21. Kanal",
    "22. Keberatan",
]


def by_number(rows: list[dict]) -> dict[str, dict]:
    return {row["2. Nomor pendaftaran"]: row for row in rows}


def test_full_register_csv_has_the_c3_columns_and_hand_made_values(as_user, story, utama_officer):
    r = story.requests
    response = as_user(utama_officer).get(FULL_URL, {"format": "csv", "year": "2025"})

    assert response.status_code == 200
    assert 'filename="register_permohonan_2025.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == C3_HEADERS
    # R1-R10 of the body; the 2024 request and the other body's request are not in it.
    assert len(rows) == 10
    assert [row["1. No."] for row in rows] == [str(n) for n in range(1, 11)]
    rows = by_number(rows)
    r1, r2 = rows[r[1].registration_number], rows[r[2].registration_number]
    r3, r7 = rows[r[3].registration_number], rows[r[7].registration_number]
    assert r1["3. Hari dan tanggal permohonan"] == "Senin, 3 Februari 2025"
    assert r1["5. Alamat"] == "Jl. Raya Serang No. 1, Kota Serang"
    assert r1["6. Nomor kontak"] == "081234567890 / siti@example.org"
    assert r1["7. Pekerjaan"] == "Wiraswasta"
    assert r1["13. Keputusan"] == "Diterima seluruhnya"
    assert r1["16. Hari dan tanggal pemberian informasi"] == "Rabu, 12 Februari 2025"
    assert (r1["20a. HK sampai pemberitahuan"], r1["20b. HK sampai pemberian informasi"]) == (
        "5",
        "7",
    )
    assert r1["17. Biaya dan cara pembayaran"] == "Tidak dipungut biaya"
    assert r2["13. Keputusan"] == "Diterima sebagian"
    assert r2["14. Alasan penolakan"] == "Pasal 17 huruf h angka 3 UU 14/2008"
    assert r2["18. Perpanjangan"] == "Jumat, 14 Februari 2025: Arsip"
    assert r2["21. Kanal"] == "Datang langsung"
    assert r3["13. Keputusan"] == "Ditolak"
    assert r3["14. Alasan penolakan"] == "Pasal 17 huruf b UU 14/2008"
    assert r3["15. Hari dan tanggal pemberitahuan tertulis"] == "Rabu, 19 Februari 2025"
    assert r3["22. Keberatan"] == f"Ya ({story.objections[1].registration_number})"
    assert r7["10. Status informasi"] == "Tidak di bawah penguasaan (Kementerian Keuangan)"
    assert r7["11. Bentuk informasi yang dikuasai"] == ""
    assert r7["19. PPID Pelaksana/OPD"] == "PPID Utama"
    assert rows[r[10].registration_number]["13. Keputusan"] == ""
    assert rows[r[10].registration_number]["22. Keberatan"] == "Tidak"


def test_full_register_xlsx_reads_back_with_the_same_values(as_user, story, opd_officer):
    response = as_user(opd_officer).get(FULL_URL, {"format": "xlsx", "year": "2025"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_dicts(response_bytes(response))
    assert list(rows[0]) == C3_HEADERS
    # The OPD officer's scope: the requests routed to Dindik only (R1, R2, R3, R6, R9).
    numbers = {row["2. Nomor pendaftaran"] for row in rows}
    assert numbers == {story.requests[n].registration_number for n in (1, 2, 3, 6, 9)}
    r2 = by_number(rows)[story.requests[2].registration_number]
    assert r2["20a. HK sampai pemberitahuan"] == 15
    assert r2["14. Alasan penolakan"] == "Pasal 17 huruf h angka 3 UU 14/2008"


def test_public_register_has_no_personal_data_and_masks_the_name(client, story):
    for fmt in ("csv", "xlsx"):
        response = client.get(PUBLIC_URL.format(fmt=fmt))
        assert response.status_code == 200
        content = response_bytes(response)
        if fmt == "csv":
            text = content.decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(text)))
        else:
            rows = xlsx_dicts(content)
            text = repr(rows)
        for secret in (*SEEDED_PERSONAL, "Siti Aminah", "Wiraswasta"):
            assert secret not in text
        assert len(rows) == 10
        assert "5. Alamat" not in rows[0] and "6. Nomor kontak" not in rows[0]
        assert "7. Pekerjaan" not in rows[0]
        assert {row["4. Nama (inisial)"] for row in rows} == {"S. A."}
        assert {row["Kabupaten/kota pemohon"] for row in rows} == {"Kota Serang"}


def test_formula_injection_is_neutralised_in_both_formats(as_user, submit, utama_officer):
    submit(
        now=at(date(2025, 3, 3)),
        information_requested='=HYPERLINK("http://evil.example","klik")',
        purpose="+SUM(1+1)\x07 dengan karakter kontrol",
    )
    client = as_user(utama_officer)

    [row] = read_csv(client.get(FULL_URL, {"format": "csv"}))
    [cell] = xlsx_dicts(response_bytes(client.get(FULL_URL, {"format": "xlsx"})))

    assert row["8. Informasi yang diminta"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert cell["8. Informasi yang diminta"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert cell["9. Tujuan penggunaan informasi"] == "'+SUM(1+1) dengan karakter kontrol"


def test_register_query_count_stays_constant_as_rows_grow(as_user, submit, utama_officer):
    client = as_user(utama_officer)

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(FULL_URL, {"format": "csv", "year": "2025"})
            rows = read_csv(response)
        return len(captured), len(rows)

    for day in (3, 4, 5):
        submit(now=at(date(2025, 3, day)))
    small = queries_for_export()
    for day in (6, 7, 10, 11, 12, 13, 14):
        submit(now=at(date(2025, 3, day)))
    large = queries_for_export()

    assert small[1] == 3 and large[1] == 10
    assert small[0] == large[0]


def test_register_refuses_bad_filters_with_an_indonesian_message(as_user, utama_officer):
    response = as_user(utama_officer).get(FULL_URL, {"format": "pdf", "year": "dua ribu"})

    assert response.status_code == 400
    assert "Masukkan tahun berupa angka" in response.content.decode()


def test_full_register_is_for_officers_only(client, citizen, submit):
    submit(now=at(date(2025, 3, 3)))

    assert client.get(FULL_URL).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(FULL_URL).status_code == 404
    assert client.get("/laporan/register/unknown/").status_code == 404


def test_reports_home_offers_the_registers_reports_and_open_data(as_user, body, utama_officer):
    page = as_user(utama_officer).get("/laporan/").content.decode()

    assert "Register permohonan (XLSX)" in page
    assert "/laporan/tahunan/banten/" in page
    assert "/data/statistik/banten/" in page
    assert "/laporan/publik/banten/register-permohonan-" in page
