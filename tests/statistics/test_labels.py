"""`on_time_17` is every extended request answered by its extended due date, also within the first
10 HK: it is named the same ("on time with an extension", not "answered in 11-17 HK") on the
dashboard, the command center, the API schema, the annual report and the open data."""

from __future__ import annotations

from datetime import date

import pytest

from requests_app.exports.annual_report import annual_report_build, annual_report_xlsx
from requests_app.exports.open_data import open_data_statistics
from requests_app.selectors.statistics import Period, Scope, compliance_figures
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL, ON_TIME_17_LABEL
from requests_app.services.workflow import request_extend
from tests.exports.conftest import xlsx_rows
from tests.statistics.conftest import FEB3, _answer, _granted, _routed, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def extended_early(submit, utama_officer, opd_officer, signer, opd):
    """Received 3 Feb, extended on 4 Feb, granted on 7 Feb: 4 HK, with an extension."""
    request, _result = _routed(submit, utama_officer, opd)
    request = request_extend(
        request=request, actor=opd_officer, reason="Arsip", now=at(date(2025, 2, 4))
    )
    return _answer(request, opd_officer, signer, _granted(), FEB3, date(2025, 2, 7))


def _labelled(rows, label):
    return [row for row in rows if row and row[0] == label]


def test_an_extension_answered_within_10_hk_counts_as_on_time_with_an_extension(
    client, body, extended_early, supervisor
):
    figures = compliance_figures(period=Period.for_year(2025), scope=Scope.for_body(body))
    headline = figures["headline"]
    assert (headline["on_time_10"], headline["on_time_17"], headline["on_time_rate"]) == (0, 1, 1)
    assert figures["working_days_to_notice"]["histogram"]["0-5"] == 1

    rows = xlsx_rows(annual_report_xlsx(annual_report_build(body=body, year=2025)), "Laporan")
    [on_time_17] = _labelled(rows, str(ON_TIME_17_LABEL))
    [on_time_10] = _labelled(rows, str(ON_TIME_10_LABEL))
    assert (on_time_17[1], on_time_10[1]) == (1, 0)
    assert not any("11-17 HK dengan perpanjangan" in str(cell) for row in rows for cell in row)

    data = open_data_statistics(body=body, year=2025)["data"]
    [open_row] = [row for row in data if row["indikator"] == "on_time_17"]
    assert (open_row["uraian"], open_row["nilai"]) == (str(ON_TIME_17_LABEL), 1)

    client.force_login(supervisor)
    dashboard = client.get("/pengawas/", {"kind": "year", "year": "2025"})
    [timeliness] = [s for s in dashboard.context["sections"] if s["id"] == "ketepatan"]
    labels = {str(row["label"]): row["cells"][0]["value"] for row in timeliness["rows"]}
    assert labels[str(ON_TIME_17_LABEL)] == 1 and labels[str(ON_TIME_10_LABEL)] == 0
    command = client.get("/pengawas/komando/", {"kind": "year", "year": "2025"})
    assert str(ON_TIME_17_LABEL) in command.context["headline_columns"]
