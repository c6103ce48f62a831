"""Laporan Layanan Informasi Publik (annual; Perki 1/2021 Pasal 56, domain.md D.1) as XLSX and PDF.

One `AnnualReport` (sections of narrative and tables) feeds both formats, so the spreadsheet and
the PDF cannot disagree. The computed parts come from `compliance_figures` and the narrative
from `AnnualReportNarrative`, or both from the year's `YearSnapshot` once the year is closed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from requests_app.models import (
    GROUND_LABELS,
    GROUND_LETTERS,
    AnnualReportNarrative,
    Channel,
    DisputeOutcome,
    DisputeStage,
    ExemptionLetter,
    PublicBody,
    YearSnapshot,
)
from requests_app.selectors.reporting import report_narrative_get, year_figures
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL, ON_TIME_17_LABEL
from requests_app.templatetags.ppid_format import MONTHS_ID, format_date_id

from .tabular import XLSX_CONTENT_TYPE, safe_text

REPORT_LANGUAGE = "id"  # an official document: always Bahasa Indonesia
PDF_CONTENT_TYPE = "application/pdf"
HISTOGRAM_LABELS = {"0-5": "0-5 HK", "6-10": "6-10 HK", "11-17": "11-17 HK", "over_17": "> 17 HK"}

__all__ = ["PDF_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "annual_report_build"]


class ReportRenderError(RuntimeError):
    pass


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass
class Section:
    number: str
    title: str
    texts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class AnnualReport:
    body: PublicBody
    year: int
    figures: dict
    narrative: AnnualReportNarrative
    snapshot: YearSnapshot | None
    generated_at: datetime
    sections: list[Section]

    @property
    def filename_stem(self) -> str:
        return f"laporan_layanan_{self.body.slug}_{self.year}"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _rate_percent(value: float | None) -> float | None:
    return round(100 * value, 2) if value is not None else None


# ---- Sections -------------------------------------------------------------------------------


def _text(value: str) -> str:
    return value.strip() or _("(belum diisi)")


def _policy_section(n: AnnualReportNarrative) -> Section:
    return Section(
        "1",
        _("Gambaran umum kebijakan pelayanan informasi publik"),
        texts=[
            (_("Kebijakan layanan"), _text(n.policy)),
            (_("Sarana dan prasarana serta kondisinya"), _text(n.facilities)),
            (_("Sumber daya manusia dan kualifikasinya"), _text(n.staff)),
            (_("Anggaran dan realisasinya"), _text(n.budget)),
        ],
    )


def _volume_tables(f: dict) -> list[Table]:
    headline = f["headline"]
    by_channel = [(str(Channel(k).label), v) for k, v in f["by_channel"].items()]
    units = f["units"]
    unit_rows = [
        (u["name"], u["received"], u["answered"], u["on_time"], u["late"], u["never_answered"])
        for u in [*units["ranked"], *units["not_ranked"]]
    ]
    if units.get("unassigned"):
        u = units["unassigned"]
        unit_rows.append(
            (
                _("PPID Utama (tidak diteruskan ke OPD)"),
                u["received"],
                u["answered"],
                u["on_time"],
                u["late"],
                u["never_answered"],
            )
        )
    months = [
        (f"{MONTHS_ID[int(m['month'][5:7]) - 1]} {m['month'][:4]}", m["received"], m["answered"])
        for m in f["monthly"]
    ]
    return [
        Table(
            _("Jumlah permohonan"),
            (_("Uraian"), _("Jumlah")),
            [
                (_("Permohonan diterima"), headline["received"]),
                (_("Pemberitahuan tertulis dikirim"), headline["answered"]),
                (_("Informasi diserahkan"), headline["delivered"]),
                (_("Masih diproses"), headline["pending"]),
            ],
        ),
        Table(_("Permohonan menurut kanal"), (_("Kanal"), _("Jumlah")), by_channel),
        Table(
            _("Permohonan menurut PPID Pelaksana/OPD"),
            (
                _("OPD"),
                _("Diterima"),
                _("Dijawab"),
                _("Tepat waktu"),
                _("Terlambat"),
                _("Tidak dijawab"),
            ),
            unit_rows,
        ),
        Table(_("Permohonan menurut bulan"), (_("Bulan"), _("Diterima"), _("Dijawab")), months),
    ]


def _time_tables(f: dict) -> list[Table]:
    h = f["headline"]
    due = h["answered"] + h["never_answered"]
    notice = f["working_days_to_notice"]
    histogram = notice["histogram"]
    return [
        Table(
            _("Waktu pemenuhan permohonan (hari kerja sampai pemberitahuan tertulis)"),
            (_("Rentang"), _("Jumlah"), "%"),
            [
                (HISTOGRAM_LABELS[key], count, percent(count, notice["count"]))
                for key, count in histogram.items()
            ]
            + [
                (_("Rata-rata (HK)"), notice["mean"], None),
                (_("Median (HK)"), notice["median"], None),
                (_("Persentil ke-90 (HK)"), notice["p90"], None),
            ],
        ),
        Table(
            _("Ketepatan waktu (Pasal 22 ayat 7 dan 8)"),
            (_("Uraian"), _("Jumlah"), "%"),
            [
                (str(ON_TIME_10_LABEL), h["on_time_10"], percent(h["on_time_10"], due)),
                (str(ON_TIME_17_LABEL), h["on_time_17"], percent(h["on_time_17"], due)),
                (_("Dijawab terlambat"), h["late"], percent(h["late"], due)),
                (
                    _("Tidak dijawab sampai batas waktu"),
                    h["never_answered"],
                    percent(h["never_answered"], due),
                ),
                (_("Tingkat ketepatan waktu"), None, _rate_percent(h["on_time_rate"])),
            ],
        ),
    ]


def _outcome_tables(f: dict) -> list[Table]:
    o = f["outcomes"]
    refusals = [
        (str(ExemptionLetter(letter).label), count)
        for letter, count in f["refusals_by_exemption"].items()
        if letter in ExemptionLetter.values
    ]
    refused_total = o["refused"] + o["not_held"] + o["not_yet_documented"]
    return [
        Table(
            _("Keputusan atas permohonan"),
            (_("Keputusan"), _("Jumlah")),
            [
                (_("Dikabulkan seluruhnya"), o["granted_fully"]),
                (_("Dikabulkan sebagian"), o["granted_partly"]),
                (_("Sudah tersedia (DIP)"), o["already_available"]),
                (_("Ditolak"), refused_total),
                (_("Dicabut pemohon"), o["withdrawn"]),
                (_("Ditutup karena tidak lengkap"), o["closed_incomplete"]),
            ],
        ),
        Table(
            _("Penolakan dan alasannya"),
            (_("Alasan"), _("Jumlah")),
            [(f"Pasal 17 huruf {label}", count) for label, count in refusals]
            + [
                (_("Informasi tidak dikuasai"), o["not_held"]),
                (_("Informasi belum didokumentasikan"), o["not_yet_documented"]),
                (_("Jumlah penolakan"), refused_total),
            ],
        ),
    ]


def _service_section(f: dict, n: AnnualReportNarrative) -> list[Section]:
    return [
        Section(
            "2",
            _("Gambaran umum pelaksanaan pelayanan informasi publik"),
            texts=[(_("Uraian"), _text(n.service_overview))],
        ),
        Section(
            "3",
            _("Rincian pelayanan informasi publik"),
            tables=[*_volume_tables(f), *_time_tables(f), *_outcome_tables(f)],
        ),
    ]


def _objection_tables(f: dict) -> list[Table]:
    o = f["objections"]
    return [
        Table(
            _("Keberatan menurut alasan (Pasal 35 ayat 1)"),
            (_("Alasan"), _("Jumlah")),
            [(str(GROUND_LABELS[x]), o["by_ground"][x]) for x in GROUND_LETTERS]
            + [(_("Jumlah keberatan"), o["total"])],
        ),
        Table(
            _("Tanggapan atasan PPID dan pelaksanaannya"),
            (_("Uraian"), _("Jumlah")),
            [
                (_("Keberatan dikabulkan (permohonan dibuka kembali)"), o["decisions"]["upheld"]),
                (_("Keberatan ditolak (menguatkan keputusan PPID)"), o["decisions"]["rejected"]),
                (_("Selesai secara musyawarah"), o["decisions"]["settled"]),
                (_("Ditanggapi dalam 30 HK"), o["decided_on_time"]),
                (_("Ditanggapi lewat 30 HK"), o["decided_late"]),
                (_("Tidak ditanggapi sampai batas waktu"), o["unanswered_past_due"]),
                (_("Diajukan lewat 30 HK"), o["late_filings"]),
            ],
        ),
    ]


def _dispute_tables(f: dict) -> list[Table]:
    d = f["disputes"]
    stages = [(str(DisputeStage(k).label), v) for k, v in d["by_stage"].items()]
    outcomes = [
        (str(DisputeOutcome(k).label) if k in DisputeOutcome.values else _("Belum ada hasil"), v)
        for k, v in d["by_outcome"].items()
    ]
    orders = d["release_orders"]
    return [
        Table(
            _("Sengketa informasi di Komisi Informasi"),
            (_("Tahap"), _("Jumlah")),
            [*stages, (_("Jumlah sengketa"), d["total"])],
        ),
        Table(_("Hasil mediasi dan ajudikasi"), (_("Hasil"), _("Jumlah")), outcomes),
        Table(
            _("Pelaksanaan putusan Komisi Informasi"),
            (_("Uraian"), _("Jumlah")),
            [
                (_("Putusan membuka informasi"), orders["total"]),
                (_("Sudah dilaksanakan"), orders["complied"]),
                (_("Belum jatuh tempo"), orders["pending"]),
                (_("Lewat batas pelaksanaan"), orders["overdue"]),
            ],
        ),
        Table(
            _("Perkara di pengadilan"),
            (_("Uraian"), _("Jumlah")),
            [(_("Gugatan ke PTUN/PN"), d["by_stage"].get(DisputeStage.COURT.value, 0))],
        ),
    ]


def report_sections(figures: dict, narrative: AnnualReportNarrative) -> list[Section]:
    """D.1 items 1-6 in order: narrative where the law asks for a description, tables where the
    system has the numbers."""
    return [
        _policy_section(narrative),
        *_service_section(figures, narrative),
        Section(
            "4",
            _("Rincian penyelesaian sengketa informasi publik"),
            tables=[*_objection_tables(figures), *_dispute_tables(figures)],
        ),
        Section(
            "5",
            _("Kendala eksternal dan internal"),
            texts=[(_("Uraian"), _text(narrative.obstacles))],
        ),
        Section(
            "6",
            _("Rekomendasi dan rencana tindak lanjut"),
            texts=[(_("Uraian"), _text(narrative.recommendations))],
        ),
    ]


def annual_report_build(
    *, body: PublicBody, year: int, now: datetime | None = None
) -> AnnualReport:
    """The report of `body` for `year`: the snapshot's figures and narrative when the year is
    closed."""
    now = now or timezone.now()
    with translation.override(REPORT_LANGUAGE):
        source = year_figures(body=body, year=year, now=now)
        narrative = report_narrative_get(body=body, year=year, snapshot=source.snapshot)
        sections = report_sections(source.figures, narrative)
    return AnnualReport(
        body=body,
        year=year,
        figures=source.figures,
        narrative=narrative,
        snapshot=source.snapshot,
        generated_at=now,
        sections=sections,
    )


def status_line(report: AnnualReport) -> str:
    with translation.override(REPORT_LANGUAGE):
        if report.snapshot is not None:
            closed = report.snapshot.closed_at.astimezone(timezone.get_current_timezone())
            return _("Angka final: tahun ditutup pada %(date)s.") % {
                "date": format_date_id(closed.date())
            }
        return _("Angka sementara per %(date)s (tahun belum ditutup).") % {
            "date": format_date_id(date.fromisoformat(report.figures["today"]))
        }


# ---- XLSX -----------------------------------------------------------------------------------


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return ""
    return safe_text(value) if isinstance(value, str) else value


def _flatten(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _flatten(f"{prefix}.{k}", v)]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _flatten(f"{prefix}.{i}", v)]
    return [(prefix.lstrip("."), value)]


def annual_report_xlsx(report: AnnualReport) -> bytes:
    """Sheet "Laporan": the report section by section; sheet "Angka": every figure by its key."""
    with translation.override(REPORT_LANGUAGE):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Laporan"))
        for row in _report_rows(report):
            sheet.append([_xlsx_cell(value) for value in row])
        data = workbook.create_sheet(_("Angka"))
        data.append([_("Kunci"), _("Nilai")])
        for key, value in _flatten("", report.figures):
            data.append([key, _xlsx_cell(value if not isinstance(value, bool) else int(value))])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _report_rows(report: AnnualReport):
    yield [_("Laporan Layanan Informasi Publik Tahun %(year)s") % {"year": report.year}]
    yield [report.body.name]
    yield [status_line(report)]
    for section in report.sections:
        yield []
        yield [f"{section.number}. {section.title}"]
        for subtitle, text in section.texts:
            yield [subtitle, text]
        for table in section.tables:
            yield []
            yield [table.title]
            yield list(table.headers)
            yield from (list(row) for row in table.rows)


# ---- PDF ------------------------------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def annual_report_html(report: AnnualReport) -> str:
    sections = [
        {
            "number": s.number,
            "title": s.title,
            "texts": s.texts,
            "tables": [
                {
                    "title": t.title,
                    "headers": t.headers,
                    "rows": [[_display(v) for v in row] for row in t.rows],
                }
                for t in s.tables
            ],
        }
        for s in report.sections
    ]
    context = {"report": report, "body": report.body, "sections": sections}
    with translation.override(REPORT_LANGUAGE):
        context["status_line"] = status_line(report)
        return render_to_string("reports/annual_report_pdf.html", context)


def html_to_pdf(html: str) -> bytes:
    # Imported here: xhtml2pdf takes tenths of a second to import, paid otherwise by every process
    # that loads the URLs (this module comes with the report views).
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    output = io.BytesIO()
    no_resources = ResourceAccessPolicy.server(base_dir=None, allow_remote=False)
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=no_resources)
    if result.err:
        raise ReportRenderError("Could not render the PDF")
    return output.getvalue()


def annual_report_pdf(report: AnnualReport) -> bytes:
    return html_to_pdf(annual_report_html(report))
