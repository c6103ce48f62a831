"""The command center's tables: each body's `figures_for_bodies` row as linked cells, the same
figures and queue filters as the dashboard. Presentation only: no queries."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_app.selectors.statistics import Period, Scope
from requests_app.selectors.statistics.drilldown import HEADLINE, Params, base_params
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL, ON_TIME_17_LABEL
from requests_app.selectors.statistics.requests import OUTCOME_KEYS, STATUS_OUTCOME_KEYS
from requests_app.web.supervisor.sections import OUTCOME_LABELS, cell, display, queue_url, section

HEADLINE_COLUMNS = {
    "received": gettext_lazy("Diterima"),
    "answered": gettext_lazy("Dijawab"),
    "delivered": gettext_lazy("Diserahkan"),
    "pending": gettext_lazy("Menunggu"),
    "overdue": gettext_lazy("Lewat batas waktu"),
    "on_time_10": ON_TIME_10_LABEL,
    "on_time_17": ON_TIME_17_LABEL,
    "late": gettext_lazy("Terlambat"),
    "never_answered": gettext_lazy("Tidak ditanggapi"),
    "on_time_rate": gettext_lazy("Persentase tepat waktu"),
    "extended": gettext_lazy("Diperpanjang"),
}
DETAIL_COLUMNS = {
    "days_mean": gettext_lazy("Rata-rata HK sampai pemberitahuan"),
    "days_median": gettext_lazy("Median HK sampai pemberitahuan"),
    **{f"outcome_{key}": label for key, label in OUTCOME_LABELS.items()},
    "objections": gettext_lazy("Keberatan"),
    "atasan_on_time_rate": gettext_lazy("Tanggapan atasan PPID tepat waktu"),
}
OUTCOME_FILTERS: dict[str, Params] = {
    **{key: {"outcome": str(value)} for key, value in OUTCOME_KEYS.items()},
    **{key: {"status": [str(value)]} for key, value in STATUS_OUTCOME_KEYS.items()},
}


def headline_columns() -> list[str]:
    return [str(label) for label in HEADLINE_COLUMNS.values()]


def detail_columns() -> list[str]:
    return [str(label) for label in DETAIL_COLUMNS.values()]


def _headline_cells(base: Params, row: dict) -> list[dict]:
    return [
        cell(row[key], kind="rate")
        if key == "on_time_rate"
        else cell(row[key], queue_url({**base, **HEADLINE[key]}))
        for key in HEADLINE_COLUMNS
    ]


def _detail_cells(base: Params, row: dict) -> list[dict]:
    days, objections = row["working_days_to_notice"], row["objections"]
    return [
        cell(days["mean"], kind="mean"),
        cell(days["median"]),
        *(
            cell(value, queue_url({**base, **OUTCOME_FILTERS[key]}))
            for key, value in row["outcomes"].items()
        ),
        cell(objections["total"]),
        cell(objections["atasan_on_time_rate"], kind="rate"),
    ]


def body_row(period: Period, body, row: dict) -> dict:
    """One body (or, with `body` None, the total over the bodies the user reads: its links open
    the queue without a body filter, which lists exactly those bodies)."""
    base = base_params(period, Scope.for_body(body) if body else Scope())
    return {
        "body": body,
        "frozen": row.get("frozen", False),
        "cells": _headline_cells(base, row),
        "detail_cells": _detail_cells(base, row),
    }


def rate_chart(pairs: list[tuple]) -> dict:
    """On-time rate per body, `pairs` of (body, `figures_for_bodies` row), as a bar chart
    section whose table is the chart's data (for screen readers)."""

    def percent(value):
        return {
            "value": round(value * 100, 1) if value is not None else None,
            "display": display(value, "rate"),
            "url": None,
        }

    data = [(body.name, [percent(row["on_time_rate"])]) for body, row in pairs]
    return section(
        "tepat-waktu-badan",
        _("Persentase tepat waktu per badan publik"),
        data,
        columns=[_("Persentase tepat waktu (%)")],
    )
