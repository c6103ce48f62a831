"""The monev evidence pack (Perki 1/2022; domain.md D.2) as one ZIP: the year's figures, the public
registers, the DIP and DIK, the annual report, blank forms, and an index that lists the year's
SAQ indicators (`MonevIndicator`, data per year: Keputusan 7) with the files that answer each.

Everything in the pack is public material: the request register is the public version and the
objection register has no applicant identity (E5).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import IO

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from requests_app.models import GROUND_LABELS, GROUND_LETTERS, InformationClass
from requests_app.selectors.catalogue import dik_list, dip_list
from requests_app.selectors.reporting import monev_indicator_list

from . import annual_report, open_data, registers, requests_register
from .tabular import Column, safe_text
from .writers import xlsx_write

LANGUAGE = "id"
FORM_REQUEST = "formulir_permohonan_informasi.pdf"
FORM_OBJECTION = "formulir_keberatan.pdf"
DIP_FILE = "daftar_informasi_publik.csv"
DIK_FILE = "daftar_informasi_dikecualikan.csv"
INDEX_FILE = "00_indeks_bukti.csv"
README_FILE = "00_baca_saya.txt"
REQUEST_FIELDS = (
    "Nama lengkap",
    "NIK / nomor paspor / nomor SK badan hukum",
    "Alamat",
    "Pekerjaan",
    "Nomor telepon",
    "Email",
    "Nama, alamat dan kontak kuasa (bila diwakili)",
    "Rincian informasi yang dibutuhkan",
    "Tujuan penggunaan informasi",
    "Bentuk salinan (softcopy / hardcopy)",
)
OBJECTION_IDENTITY = (
    "Nomor registrasi keberatan (diisi petugas)",
    "Nomor pendaftaran permohonan informasi",
    "Tujuan penggunaan informasi",
    "Nama, alamat, pekerjaan dan telepon pemohon",
    "Nama, alamat dan kontak kuasa (bila ada)",
)


def file_names(year: int) -> dict[str, list[str]]:
    """Evidence key (`MonevIndicator.evidence`) -> the files of the pack that answer it."""
    statistics = [f"statistik_layanan_{year}.json", f"statistik_layanan_{year}.csv"]
    return {
        "register_permohonan": [f"register_permohonan_{year}_publik.xlsx"],
        "register_keberatan": [f"register_keberatan_{year}.xlsx"],
        "statistik": statistics,
        "laporan_layanan": [f"laporan_layanan_{year}.pdf"],
        "dip": [DIP_FILE],
        "dik": [DIK_FILE],
        "formulir": [FORM_REQUEST, FORM_OBJECTION],
        "formulir_permohonan": [FORM_REQUEST],
        "formulir_keberatan": [FORM_OBJECTION],
    }


def _csv_text(columns: list[Column], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    for row in rows:
        values = [column.value(row) for column in columns]
        writer.writerow([safe_text(v) if isinstance(v, str) else v for v in values])
    return "\ufeff" + buffer.getvalue()


def dip_csv(body) -> str:
    columns = [
        Column("judul", lambda d: d.title),
        Column("ringkasan", lambda d: d.summary),
        Column("klasifikasi", lambda d: str(InformationClass(d.information_class).label)),
        Column("bentuk", lambda d: d.form),
        Column("jangka_waktu_penyimpanan", lambda d: d.retention),
        Column("tahun", lambda d: d.year or ""),
        Column("penanggung_jawab", lambda d: getattr(d.responsible_unit, "name", "")),
        Column("tautan", lambda d: d.link),
    ]
    return _csv_text(columns, dip_list(body=body))


def dik_csv(body) -> str:
    columns = [
        Column("informasi", lambda t: t.document),
        Column("bagian_dikecualikan", lambda t: t.exempted_part),
        Column("dasar_hukum", lambda t: t.legal_basis),
        Column("konsekuensi_bila_dibuka", lambda t: t.harm_if_disclosed),
        Column("jangka_waktu_pengecualian", lambda t: t.exemption_period),
        Column("nomor_sk", lambda t: t.decision_reference),
        Column("tanggal_penetapan", lambda t: t.decided_on.isoformat()),
        Column("unit", lambda t: getattr(t.unit, "name", "")),
    ]
    return _csv_text(columns, dik_list(body=body))


def blank_form_pdf(kind: str, body) -> bytes:
    """The blank request (C.1) or objection (C.4) form as a PDF to print."""
    with translation.override(LANGUAGE):
        if kind == "request":
            html = render_to_string(
                "reports/form_request_pdf.html", {"body": body, "fields": REQUEST_FIELDS}
            )
        else:
            grounds = [str(GROUND_LABELS[letter]) for letter in GROUND_LETTERS]
            html = render_to_string(
                "reports/form_objection_pdf.html",
                {"body": body, "identity_fields": OBJECTION_IDENTITY, "grounds": grounds},
            )
    return annual_report.html_to_pdf(html)


def _xlsx_bytes(columns, rows, title: str) -> bytes:
    output = io.BytesIO()
    xlsx_write(output, columns, rows, sheet_title=title)
    return output.getvalue()


def _registers(body, year: int) -> dict[str, bytes]:
    public = requests_register.public_register_queryset(body=body, year=year)
    # The public register keberatan, the same rows and columns as its public download: no
    # identity and no case facts or written reasons, which often name the applicant (E5).
    objections = registers.public_objection_register_queryset(body=body, year=year)
    names = file_names(year)
    return {
        names["register_permohonan"][0]: _xlsx_bytes(
            requests_register.public_register_columns(),
            requests_register.register_rows(public),
            "Register permohonan",
        ),
        names["register_keberatan"][0]: _xlsx_bytes(
            registers.objection_register_columns(public=True),
            registers.objection_register_rows(objections),
            "Register keberatan",
        ),
    }


def _figures(body, year: int, now: datetime) -> dict[str, bytes]:
    document = open_data.open_data_statistics(body=body, year=year, now=now)
    json_name, csv_name = file_names(year)["statistik"]
    return {
        json_name: json.dumps(
            document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder
        ).encode(),
        csv_name: open_data.statistics_csv(document["data"]).encode("utf-8"),
    }


def index_rows(year: int, present: set[str]) -> list[list[str]]:
    """One row per indicator of the year: code, area, text, evidence key and the files (or a note
    that the evidence is attached by hand)."""
    names = file_names(year)
    rows = [["kode", "aspek", "indikator", "kunci_bukti", "berkas"]]
    for indicator in monev_indicator_list(year=year):
        files = [name for name in names.get(indicator.evidence, []) if name in present]
        answer = "; ".join(files) if files else "lampirkan secara manual"
        rows.append([indicator.code, indicator.area, indicator.text, indicator.evidence, answer])
    return rows


def _index_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _readme(body, year: int, now: datetime, files: list[str]) -> bytes:
    lines = [
        f"Paket bukti monev keterbukaan informasi publik {year}",
        f"Badan publik: {body.name}",
        f"Dibuat: {now.isoformat(timespec='seconds')}",
        "",
        f"{INDEX_FILE}: daftar indikator SAQ tahun {year} dan berkas yang menjawabnya.",
        "Register permohonan adalah versi publik (tanpa alamat, kontak, pekerjaan; nama inisial).",
        "",
        "Berkas:",
        *[f"- {name}" for name in files],
    ]
    return "\n".join(lines).encode("utf-8")


def monev_pack_write(
    handle: IO[bytes], *, body, year: int, now: datetime | None = None
) -> list[str]:
    """Write the ZIP to `handle`; returns the names of the files in it, index first."""
    now = now or timezone.now()
    report = annual_report.annual_report_build(body=body, year=year, now=now)
    files: dict[str, bytes] = {
        **_figures(body, year, now),
        **_registers(body, year),
        file_names(year)["laporan_layanan"][0]: annual_report.annual_report_pdf(report),
        DIP_FILE: dip_csv(body).encode("utf-8"),
        DIK_FILE: dik_csv(body).encode("utf-8"),
        FORM_REQUEST: blank_form_pdf("request", body),
        FORM_OBJECTION: blank_form_pdf("objection", body),
    }
    index = _index_csv(index_rows(year, set(files)))
    names = [INDEX_FILE, README_FILE, *files]
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX_FILE, index)
        archive.writestr(README_FILE, _readme(body, year, now, names))
        for name, content in files.items():
            archive.writestr(name, content)
    return names


def monev_filename(body, year: int) -> str:
    return f"paket_monev_{body.slug}_{year}.zip"
