"""The register keberatan exported as CSV (streamed) and XLSX: C.5 columns, seven a-g ticks,
identity only in the officers' version, formula injection neutralised, constant query count."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from requests_app.exports.tabular import Column, safe_text, table_rows
from requests_app.models import ApplicantResponse
from requests_app.services.objections import (
    DisputeInput,
    dispute_record,
    objection_decide,
    objection_record_response,
)
from tests.objections.conftest import AFTER_DUE

pytestmark = pytest.mark.django_db
CSV_URL = "/petugas/keberatan/register.csv"
XLSX_URL = "/petugas/keberatan/register.xlsx"
TICKS = [f"Alasan {letter}" for letter in "abcdefg"]


def read_csv(response) -> list[dict]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response) -> list[dict]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_csv_has_the_register_columns_ticks_and_neutralised_formulas(
    as_user, flow, clock, utama_officer
):
    objection = flow.objection(("c", "g"), facts='=HYPERLINK("http://evil.example","klik")')
    clock(AFTER_DUE)

    response = as_user(utama_officer).get(CSV_URL, {"year": "2025"})

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="register_keberatan_2025.csv"' in response["Content-Disposition"]
    [row] = read_csv(response)
    assert row["a. Nomor registrasi keberatan"] == objection.registration_number
    assert row["b. Tanggal diterima"] == "2025-04-21"
    assert [row[tick] for tick in TICKS] == ["0", "0", "1", "0", "0", "0", "1"]
    assert row["g. Alasan keberatan (Pasal 35 ayat 1)"] == "c, g"
    assert row["Kasus posisi"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row["Diajukan terlambat"] == "0"
    assert row["Batas tanggapan atasan PPID"] == "2025-06-11"
    assert row["Nama pemohon"] == objection.request.full_name


def test_xlsx_opens_with_ticks_and_the_same_protection(as_user, flow, clock, utama_officer):
    flow.objection(("a",), facts="@SUM(1+1)\x07 dengan karakter kontrol")
    clock(AFTER_DUE)

    response = as_user(utama_officer).get(XLSX_URL)

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    [row] = read_xlsx(response)
    assert [row[tick] for tick in TICKS] == [1, 0, 0, 0, 0, 0, 0]
    assert row["Kasus posisi"] == "'@SUM(1+1) dengan karakter kontrol"
    assert row["Batas tanggapan atasan PPID"].date().isoformat() == "2025-06-11"


def test_supervisor_export_has_no_applicant_identity(as_user, flow, clock, supervisor):
    flow.objection()
    clock(AFTER_DUE)

    [row] = read_csv(as_user(supervisor).get(CSV_URL))

    assert "Nama pemohon" not in row and "Alamat pemohon" not in row
    assert row["d. Nomor pendaftaran permohonan"]


def test_decision_dispute_and_applicant_response_columns(
    as_user, flow, clock, atasan, utama_officer
):
    objection = flow.under_review(atasan)
    objection = objection_decide(
        objection=objection, actor=atasan, upheld=False, reasons="Sudah dijawab", now=AFTER_DUE
    )
    objection_record_response(
        objection=objection,
        response=ApplicantResponse.GOES_TO_KI,
        actor=utama_officer,
        now=AFTER_DUE,
    )
    dispute_record(
        objection=objection,
        actor=utama_officer,
        data=DisputeInput("KI Banten", "REG/9/2025", date(2025, 4, 21)),
        now=AFTER_DUE,
    )
    clock(AFTER_DUE)

    [row] = read_csv(as_user(utama_officer).get(CSV_URL))

    assert row["h. Keputusan atasan PPID"] == "Keberatan ditolak (menguatkan putusan PPID)"
    assert row["i. Hari dan tanggal pemberian tanggapan"] == "Senin, 21 April 2025"
    assert row["j. Nama dan jabatan atasan PPID"].endswith("Atasan PPID")
    assert row["k. Tanggapan pemohon informasi"] == "Mengajukan sengketa ke Komisi Informasi"
    assert row["Nomor register sengketa (Komisi Informasi)"] == "REG/9/2025"


def test_other_opd_exports_nothing_and_unknown_format_is_404(
    as_user, flow, clock, other_opd_officer
):
    flow.objection()
    clock(AFTER_DUE)
    client = as_user(other_opd_officer)

    assert read_csv(client.get(CSV_URL)) == []
    assert client.get("/petugas/keberatan/register.pdf").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_export_query_count_is_constant(
    as_user, flow, clock, utama_officer, count, django_assert_max_num_queries
):
    for _n in range(count):
        flow.objection()
    clock(AFTER_DUE)
    client = as_user(utama_officer)

    with django_assert_max_num_queries(6):
        rows = read_csv(client.get(CSV_URL))

    assert len(rows) == count


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_prefix_is_neutralised(value):
    assert safe_text(value) == "'" + value
    [_header, [cell]] = list(table_rows([Column("x", lambda row: row)], [value]))
    assert cell == "'" + value


def test_numbers_and_plain_text_are_left_alone():
    [_header, cells] = list(
        table_rows([Column("n", lambda r: r[0]), Column("t", lambda r: r[1])], [(-5, "Dinas")])
    )
    assert cells == [-5, "Dinas"]
