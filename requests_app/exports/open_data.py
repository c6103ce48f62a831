"""Open data: a body's service statistics for a year as CSV and JSON (issue 6, D.2 digitalisasi),
in the Satu Data Indonesia style (Perpres 39/2019): a tidy table (one row per figure) plus a
metadata block with title, producer, period, column dictionary and licence.

Only aggregates are published: no request, name or contact ever reaches these files (E5).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.utils import timezone, translation

from requests_app.models import (
    GROUND_LETTERS,
    Channel,
    DisputeOutcome,
    DisputeStage,
    ExemptionLetter,
    PublicBody,
)
from requests_app.selectors.reporting import year_figures
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL, ON_TIME_17_LABEL

from .tabular import safe_text

LICENCE = {
    "nama": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.id",
}
COLUMNS = (
    ("tahun", "integer", "Tahun pelaporan (tanggal terima efektif permohonan)"),
    ("kode_badan_publik", "string", "Kode wilayah BPS/Kemendagri badan publik"),
    ("nama_badan_publik", "string", "Nama badan publik"),
    ("kelompok", "string", "Kelompok angka, mis. permohonan, keputusan, kanal, bulan, opd"),
    ("indikator", "string", "Kode indikator di dalam kelompok"),
    ("uraian", "string", "Uraian indikator dalam Bahasa Indonesia"),
    ("nilai", "number", "Nilai angka; kosong bila tidak dapat dihitung"),
    ("satuan", "string", "Satuan nilai: permohonan, keberatan, sengketa, persen, hari kerja"),
)
COLUMN_NAMES = tuple(name for name, _type, _description in COLUMNS)
REQUESTS, PERCENT, DAYS = "permohonan", "persen", "hari kerja"
HEADLINE_LABELS = {
    "received": "Permohonan diterima",
    "answered": "Pemberitahuan tertulis dikirim",
    "delivered": "Informasi diserahkan",
    "pending": "Masih diproses",
    "overdue": "Lewat batas waktu (saat data dibuat)",
    "on_time_10": ON_TIME_10_LABEL,
    "on_time_17": ON_TIME_17_LABEL,
    "late": "Dijawab terlambat",
    "never_answered": "Tidak dijawab sampai batas waktu",
    "extended": "Diperpanjang",
    "paused": "Jam dihentikan menunggu kelengkapan",
}
OUTCOME_LABELS = {
    "granted_fully": "Dikabulkan seluruhnya",
    "granted_partly": "Dikabulkan sebagian",
    "already_available": "Sudah tersedia (DIP)",
    "refused": "Ditolak (Pasal 17)",
    "not_held": "Tidak dikuasai",
    "not_yet_documented": "Belum didokumentasikan",
    "withdrawn": "Dicabut pemohon",
    "closed_incomplete": "Ditutup karena tidak lengkap",
}


def _percent(rate: float | None) -> float | None:
    return round(100 * rate, 2) if rate is not None else None


def _request_rows(f: dict) -> list[tuple]:
    h = f["headline"]
    rows = [
        ("permohonan", key, str(label), h[key], REQUESTS) for key, label in HEADLINE_LABELS.items()
    ]
    rows.append(
        (
            "permohonan",
            "on_time_rate",
            "Tingkat ketepatan waktu",
            _percent(h["on_time_rate"]),
            PERCENT,
        )
    )
    for measure, label in (
        ("working_days_to_notice", "pemberitahuan"),
        ("working_days_to_delivery", "penyerahan"),
    ):
        summary = f[measure]
        for stat in ("mean", "median", "p90"):
            rows.append(
                (f"waktu_{label}", stat, f"{stat} hari kerja sampai {label}", summary[stat], DAYS)
            )
        for band, count in summary["histogram"].items():
            rows.append((f"waktu_{label}", band, f"{band} hari kerja", count, REQUESTS))
    rows += [("keputusan", k, OUTCOME_LABELS[k], v, REQUESTS) for k, v in f["outcomes"].items()]
    rows += [
        ("penolakan_pasal_17", letter, str(ExemptionLetter(letter).label), count, REQUESTS)
        for letter, count in f["refusals_by_exemption"].items()
    ]
    rows += [
        ("kanal", key, str(Channel(key).label), count, REQUESTS)
        for key, count in f["by_channel"].items()
    ]
    rows += [
        ("bulan", m["month"], f"Diterima {m['month']}", m["received"], REQUESTS)
        for m in f["monthly"]
    ]
    return rows


def _unit_rows(f: dict) -> list[tuple]:
    units = f["units"]
    entries = [*units["ranked"], *units["not_ranked"]]
    if units.get("unassigned"):
        entries.append({**units["unassigned"], "short_name": "PPID Utama", "name": "PPID Utama"})
    rows = []
    for u in entries:
        code = u["short_name"] or str(u["unit_id"])
        rows.append(("opd", f"{code}.diterima", f"{u['name']}: diterima", u["received"], REQUESTS))
        rows.append(
            (
                "opd",
                f"{code}.tepat_waktu",
                f"{u['name']}: tingkat ketepatan waktu",
                _percent(u["on_time_rate"]),
                PERCENT,
            )
        )
    return rows


def _appeal_rows(f: dict) -> list[tuple]:
    o, d = f["objections"], f["disputes"]
    rows = [("keberatan", "total", "Keberatan diterima", o["total"], "keberatan")]
    rows += [
        (
            "keberatan_alasan",
            x,
            f"Alasan huruf {x} (Pasal 35 ayat 1)",
            o["by_ground"][x],
            "keberatan",
        )
        for x in GROUND_LETTERS
    ]
    rows += [("keberatan_keputusan", k, k, v, "keberatan") for k, v in o["decisions"].items()]
    rows.append(
        (
            "keberatan",
            "atasan_on_time_rate",
            "Tanggapan atasan PPID tepat waktu",
            _percent(o["atasan_on_time_rate"]),
            PERCENT,
        )
    )
    rows.append(("sengketa", "total", "Sengketa di Komisi Informasi", d["total"], "sengketa"))
    rows += [
        ("sengketa_tahap", k, str(DisputeStage(k).label), v, "sengketa")
        for k, v in d["by_stage"].items()
    ]
    rows += [
        (
            "sengketa_hasil",
            k,
            str(DisputeOutcome(k).label) if k in DisputeOutcome.values else "Belum ada hasil",
            v,
            "sengketa",
        )
        for k, v in d["by_outcome"].items()
    ]
    return rows


def statistics_rows(*, body: PublicBody, year: int, figures: dict) -> list[dict]:
    """The tidy table: one dict per figure with the `COLUMNS` keys."""
    with translation.override("id"):
        rows = [*_request_rows(figures), *_unit_rows(figures), *_appeal_rows(figures)]
    return [
        dict(zip(COLUMN_NAMES, (year, body.code, body.name, *row), strict=True)) for row in rows
    ]


def statistics_metadata(*, body: PublicBody, year: int, source, now: datetime) -> dict:
    return {
        "judul": f"Statistik Layanan Informasi Publik {body.name} Tahun {year}",
        "produsen_data": {
            "nama": f"PPID {body.name}",
            "kode_wilayah": body.code,
            "email": body.email,
            "situs": body.website,
        },
        "periode": {"tahun": year, "mulai": f"{year}-01-01", "selesai": f"{year}-12-31"},
        "frekuensi": "tahunan",
        "status": "final" if source.closed else "sementara",
        "angka_per_tanggal": source.figures["today"],
        "dasar_hukum": "UU 14/2008 Pasal 7 dan 12; Perki 1/2021 Pasal 56; Perpres 39/2019",
        "kamus_data": [
            {"kolom": name, "tipe": kind, "definisi": description}
            for name, kind, description in COLUMNS
        ],
        "lisensi": LICENCE,
        "data_pribadi": "tidak ada (hanya angka agregat)",
        "dibuat_pada": now.isoformat(timespec="seconds"),
    }


def open_data_statistics(*, body: PublicBody, year: int, now: datetime | None = None) -> dict:
    """`{"metadata": {...}, "data": [rows]}`: the JSON document (and the CSV's rows)."""
    now = now or timezone.now()
    source = year_figures(body=body, year=year, now=now)
    return {
        "metadata": statistics_metadata(body=body, year=year, source=source, now=now),
        "data": statistics_rows(body=body, year=year, figures=source.figures),
    }


def statistics_csv(rows: list[dict]) -> str:
    """The data rows as CSV (the metadata is in the JSON, linked from the CSV response)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_text(v) if isinstance(v, str) else v for k, v in row.items()})
    return buffer.getvalue()


def statistics_filename(body: PublicBody, year: int, extension: str) -> str:
    return f"statistik_layanan_{body.slug}_{year}.{extension}"
