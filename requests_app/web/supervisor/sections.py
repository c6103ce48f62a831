"""`compliance_figures` as page sections: a table per section (every request count linked to the
queue list behind it) and the data of its chart. Presentation only: no queries, no arithmetic on
the figures beyond picking them."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from requests_app.models import (
    GROUND_LABELS,
    GROUND_LETTERS,
    AccessibilityNeed,
    Channel,
    DisputeOutcome,
    DisputeStage,
    ExemptionLetter,
    ObjectionStatus,
    Outcome,
    Status,
)
from requests_app.selectors.statistics import drilldown_querystring
from requests_app.selectors.statistics.drilldown import HEADLINE, Params
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL, ON_TIME_17_LABEL
from requests_app.web.supervisor.forms import MONTHS

# The queue filters behind the per-month and per-OPD columns, added to the month's or OPD's own
# drill-down (the same conditions as `compliance_figures`' monthly and unit rows).
COLUMN_FILTERS: dict[str, Params] = {
    "received": {},
    "answered": HEADLINE["answered"],
    "on_time": {"answered": "true", "late": "false"},
    "late": HEADLINE["late"],
    "never_answered": HEADLINE["never_answered"],
}
OUTCOME_LABELS = {
    "granted_fully": Outcome.GRANTED_FULLY.label,
    "granted_partly": Outcome.GRANTED_PARTLY.label,
    "already_available": Outcome.ALREADY_AVAILABLE.label,
    "refused": Outcome.REFUSED_EXEMPT.label,
    "not_held": Outcome.NOT_HELD.label,
    "not_yet_documented": Outcome.NOT_YET_DOCUMENTED.label,
    "withdrawn": Status.WITHDRAWN.label,
    "closed_incomplete": Status.CLOSED_INCOMPLETE.label,
}
HISTOGRAM_LABELS = {"0-5": "0–5 HK", "6-10": "6–10 HK", "11-17": "11–17 HK", "over_17": "> 17 HK"}


def queue_url(params: Params | None) -> str | None:
    if params is None:
        return None
    return f"{reverse('officer_queue')}?{drilldown_querystring(params)}"


def display(value, kind: str = "count") -> str:
    """A figure for the page: counts grouped, rates as percentages, means with 2 decimals."""
    if value is None:
        return "—"
    if kind == "rate":
        # Round the float first: 0.3006 * 100 is 30.0599... and would show as 30,0.
        return f"{number_format(round(value * 100, 1), 1)}%"
    if kind == "mean":
        return number_format(value, 2)
    return number_format(value, force_grouping=True)


def cell(value, url: str | None = None, kind: str = "count") -> dict:
    return {"value": value, "display": display(value, kind), "url": url}


def section(key, title, rows, *, columns=None, chart="bar", chart_rows=None, note="") -> dict:
    """`rows`: `[(label, [cells])]`. The chart shows the first `chart_rows` rows (all by
    default), one dataset per column."""
    columns = columns or [_("Jumlah")]
    charted = rows[:chart_rows] if chart_rows is not None else rows
    data = None
    if chart:
        data = {
            "type": chart,
            "labels": [str(label) for label, _cells in charted],
            "datasets": [
                {"label": str(column), "data": [cells[i]["value"] or 0 for _l, cells in charted]}
                for i, column in enumerate(columns)
            ],
        }
    return {
        "id": key,
        "title": title,
        "columns": columns,
        "rows": [{"label": label, "cells": cells} for label, cells in rows],
        "chart": data,
        "note": note,
    }


class SectionBuilder:
    """Builds the dashboard sections from one `compliance_figures` result and its drill-downs."""

    def __init__(self, figures: dict, drilldowns: dict[str, Params]):
        self.figures = figures
        self.drilldowns = drilldowns

    def link(self, key: str) -> str | None:
        return queue_url(self.drilldowns.get(key))

    def counted(self, section_key: str, key: str, value) -> list[dict]:
        return [cell(value, self.link(f"{section_key}.{key}"))]

    def build(self) -> list[dict]:
        return [
            self.service(),
            self.timeliness(),
            self.days("working_days_to_notice", _("Lama hingga pemberitahuan tertulis")),
            self.days("working_days_to_delivery", _("Lama hingga informasi diserahkan")),
            self.outcomes(),
            self.exemptions(),
            self.channels(),
            self.accessibility(),
            self.monthly(),
            *self.objections(),
            self.disputes(),
        ]

    def service(self) -> dict:
        h = self.figures["headline"]
        labels = {
            "received": _("Permohonan diterima"),
            "answered": _("Sudah diberi pemberitahuan tertulis"),
            "delivered": _("Informasi sudah diserahkan"),
            "pending": _("Masih menunggu pemberitahuan tertulis"),
            "overdue": _("Lewat batas waktu saat ini"),
            "extended": _("Diperpanjang (Pasal 22 ayat 8)"),
            "paused": _("Jam pernah dihentikan (menunggu kelengkapan)"),
        }
        rows = [(label, self.counted("headline", key, h[key])) for key, label in labels.items()]
        rows += [
            (_("Jumlah hari kerja jam dihentikan"), [cell(h["paused_working_days_total"])]),
            (
                _("Rata-rata hari kerja jam dihentikan"),
                [cell(h["paused_working_days_mean"], kind="mean")],
            ),
        ]
        return section("layanan", _("Permohonan dan layanan"), rows, chart_rows=len(labels))

    def timeliness(self) -> dict:
        h = self.figures["headline"]
        labels = {
            "on_time_10": ON_TIME_10_LABEL,
            "on_time_17": ON_TIME_17_LABEL,
            "late": _("Terlambat"),
            "never_answered": _("Tidak ditanggapi sampai batas waktu"),
        }
        rows = [(label, self.counted("headline", key, h[key])) for key, label in labels.items()]
        rows.append((_("Persentase tepat waktu"), [cell(h["on_time_rate"], kind="rate")]))
        note = _(
            "Persentase tepat waktu = (tepat waktu tanpa perpanjangan + tepat waktu dengan "
            "perpanjangan) dibagi (sudah dijawab + tidak ditanggapi sampai batas waktu). "
            "Permohonan yang diperpanjang dan dijawab sebelum batas 17 HK dihitung sebagai tepat "
            "waktu dengan perpanjangan, juga bila dijawab dalam 10 HK. Permohonan yang batas "
            "waktunya belum lewat tidak dihitung."
        )
        return section(
            "ketepatan",
            _("Ketepatan waktu pemberitahuan tertulis"),
            rows,
            chart="doughnut",
            chart_rows=len(labels),
            note=note,
        )

    def days(self, key: str, title: str) -> dict:
        summary = self.figures[key]
        rows = [
            (HISTOGRAM_LABELS[bin_key], [cell(count)])
            for bin_key, count in summary["histogram"].items()
        ]
        rows += [
            (_("Jumlah permohonan"), [cell(summary["count"])]),
            (_("Rata-rata (HK)"), [cell(summary["mean"], kind="mean")]),
            (_("Median (HK)"), [cell(summary["median"])]),
            (_("Persentil ke-90 (HK)"), [cell(summary["p90"])]),
        ]
        note = _("Median dan persentil ke-90 memakai metode peringkat terdekat (nearest rank).")
        return section(key.replace("_", "-"), title, rows, chart_rows=4, note=note)

    def outcomes(self) -> dict:
        outcomes = self.figures["outcomes"]
        rows = [
            (OUTCOME_LABELS[key], self.counted("outcomes", key, value))
            for key, value in outcomes.items()
        ]
        return section("keputusan", _("Keputusan atas permohonan"), rows)

    def exemptions(self) -> dict:
        refused = self.figures["refusals_by_exemption"]
        partly = self.figures["partial_grants_by_exemption"]
        rows = [
            (
                _("Pasal 17 huruf %(letter)s") % {"letter": letter},
                [
                    cell(refused[letter], self.link(f"refusals_by_exemption.{letter}")),
                    cell(partly[letter], self.link(f"partial_grants_by_exemption.{letter}")),
                ],
            )
            for letter in ExemptionLetter.values
        ]
        columns = [_("Ditolak"), _("Dikabulkan sebagian")]
        return section("pengecualian", _("Alasan pengecualian (Pasal 17)"), rows, columns=columns)

    def channels(self) -> dict:
        rows = [
            (Channel(value).label, self.counted("by_channel", value, count))
            for value, count in self.figures["by_channel"].items()
        ]
        return section("kanal", _("Permohonan menurut kanal"), rows)

    def accessibility(self) -> dict:
        rows = [
            (AccessibilityNeed(value).label, [cell(count)])
            for value, count in self.figures.get("accessibility_needs", {}).items()
        ]
        note = _("Satu permohonan dapat meminta lebih dari satu bantuan.")
        return section("aksesibilitas", _("Kebutuhan aksesibilitas"), rows, note=note)

    def monthly(self) -> dict:
        columns = {
            "received": _("Diterima"),
            "answered": _("Dijawab"),
            "on_time": _("Tepat waktu"),
            "late": _("Terlambat"),
            "never_answered": _("Tidak ditanggapi"),
        }
        rows = []
        for entry in self.figures["monthly"]:
            base = self.drilldowns.get(f"monthly.{entry['month']}")
            cells = [
                cell(entry[key], queue_url({**base, **COLUMN_FILTERS[key]}) if base else None)
                for key in columns
            ]
            rows.append((month_label(entry["month"]), cells))
        note = _("Menurut bulan diterimanya permohonan.")
        return section(
            "tren", _("Tren bulanan"), rows, columns=list(columns.values()), chart="line", note=note
        )

    def objections(self) -> list[dict]:
        objections = self.figures["objections"]
        grounds = [
            (GROUND_LABELS[letter], [cell(objections["by_ground"][letter])])
            for letter in GROUND_LETTERS
        ]
        decisions = {
            "upheld": _("Diterima (keberatan dikabulkan)"),
            "rejected": _("Ditolak"),
            "settled": _("Selesai dengan mediasi/kesepakatan"),
        }
        handling = [
            (_("Keberatan diterima"), [cell(objections["total"])]),
            (_("Diajukan melewati batas waktu"), [cell(objections["late_filings"])]),
            *((label, [cell(objections["decisions"][k])]) for k, label in decisions.items()),
            (_("Ditanggapi tepat waktu (30 HK)"), [cell(objections["decided_on_time"])]),
            (_("Ditanggapi terlambat"), [cell(objections["decided_late"])]),
            (_("Belum ditanggapi, lewat 30 HK"), [cell(objections["unanswered_past_due"])]),
            (
                _("Persentase tanggapan atasan PPID tepat waktu"),
                [cell(objections["atasan_on_time_rate"], kind="rate")],
            ),
            (
                _("Rata-rata hari kerja hingga tanggapan"),
                [cell(objections["working_days_to_decision_mean"], kind="mean")],
            ),
        ]
        statuses = [
            (ObjectionStatus(value).label, [cell(count)])
            for value, count in objections["by_status"].items()
        ]
        note = _("Keberatan dihitung menurut tanggal diterimanya keberatan.")
        return [
            section(
                "keberatan-alasan", _("Keberatan menurut alasan (Pasal 35)"), grounds, note=note
            ),
            section(
                "keberatan-tanggapan",
                _("Tanggapan atasan PPID"),
                handling,
                chart_rows=len(decisions) + 2,
            ),
            section("keberatan-status", _("Keberatan menurut status"), statuses, chart=None),
        ]

    def disputes(self) -> dict:
        disputes = self.figures["disputes"]
        orders = disputes["release_orders"]
        rows = [
            (_("Sengketa diajukan ke Komisi Informasi"), [cell(disputes["total"])]),
            (_("Diajukan melewati batas waktu"), [cell(disputes["filed_late"])]),
            *(
                (_("Tahap: %(stage)s") % {"stage": DisputeStage(v).label}, [cell(n)])
                for v, n in disputes["by_stage"].items()
            ),
            *(
                (DisputeOutcome(v).label if v != "none" else _("Belum ada putusan"), [cell(n)])
                for v, n in disputes["by_outcome"].items()
            ),
            (_("Perintah membuka informasi"), [cell(orders["total"])]),
            (_("… sudah dilaksanakan"), [cell(orders["complied"])]),
            (_("… belum jatuh tempo"), [cell(orders["pending"])]),
            (_("… lewat batas waktu"), [cell(orders["overdue"])]),
        ]
        return section("sengketa", _("Sengketa informasi"), rows, chart=None)


def month_label(key: str) -> str:
    """`2025-03` -> "Maret 2025"."""
    first = date.fromisoformat(f"{key}-01")
    return f"{MONTHS[first.month - 1]} {first.year}"


def league_rows(league: dict, drilldowns: dict[str, Params]) -> dict:
    """The OPD league table with a link per number (`units.<id>` plus the column's filter)."""

    def row(entry: dict) -> dict:
        base = drilldowns.get(f"units.{entry['unit_id']}")
        cells = [
            cell(entry[key], queue_url({**base, **COLUMN_FILTERS[key]}) if base else None)
            for key in COLUMN_FILTERS
        ]
        interval = "—"
        if entry["wilson_low"] is not None:
            interval = (
                f"{display(entry['wilson_low'], 'rate')} – {display(entry['wilson_high'], 'rate')}"
            )
        return {
            **entry,
            "cells": cells,
            "rate": display(entry["on_time_rate"], "rate"),
            "interval": interval,
        }

    unassigned = league["unassigned"]
    return {
        "min_requests": league["min_requests"],
        "ranked": [row(e) for e in league["ranked"]],
        "not_ranked": [row(e) for e in league["not_ranked"]],
        "unassigned": row(unassigned) if unassigned else None,
    }
