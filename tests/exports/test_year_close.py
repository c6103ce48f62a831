"""Closing a year freezes its figures: a report regenerated after the rows change is identical.
Reopening is an administrator's audited act with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from requests_app.errors import ActionForbidden, InvalidTransition, ValidationFailed
from requests_app.exports.annual_report import annual_report_build, annual_report_xlsx
from requests_app.models import YearSnapshot, YearSnapshotLog
from requests_app.selectors.statistics import Period, Scope, compliance_figures
from requests_app.services.reporting import year_close, year_reopen
from requests_app.services.workflow import request_withdraw
from tests.exports.conftest import AFTER_YEAR, at, xlsx_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LATER = at(date(2026, 2, 2), 10)


def test_a_closed_year_regenerates_identically_after_the_rows_change(
    story, body, submit, utama_officer
):
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    expected = compliance_figures(
        period=Period.for_year(2025), scope=Scope.for_body(body), today=AFTER_YEAR.date()
    )
    assert snapshot.figures == expected
    assert (snapshot.closed_at, snapshot.closed_by) == (AFTER_YEAR, utama_officer)
    first = annual_report_build(body=body, year=2025, now=AFTER_YEAR)
    first_sheet = xlsx_rows(annual_report_xlsx(first), "Laporan")

    # After closing: a late-recorded 2025 request arrives and R6 is withdrawn.
    late = submit(now=at(date(2025, 12, 1)))
    r6 = story.requests[6]
    request_withdraw(request=r6, reason="Tidak jadi", actor=utama_officer, now=LATER)
    live = compliance_figures(
        period=Period.for_year(2025), scope=Scope.for_body(body), today=LATER.date()
    )
    assert live["headline"]["received"] == 11
    assert late.request.pk

    again = annual_report_build(body=body, year=2025, now=LATER)
    assert again.figures == snapshot.figures
    assert again.figures["headline"]["received"] == 10
    assert xlsx_rows(annual_report_xlsx(again), "Laporan") == first_sheet
    assert YearSnapshotLog.objects.get().action == "closed"


def test_closing_is_refused_before_the_year_ends_twice_or_to_an_opd_officer(
    body, utama_officer, opd_officer
):
    with pytest.raises(ValidationFailed) as early:
        year_close(body=body, year=2025, actor=utama_officer, now=at(date(2025, 12, 31), 15))
    assert "belum berakhir" in early.value.message
    with pytest.raises(ActionForbidden):
        year_close(body=body, year=2025, actor=opd_officer, now=AFTER_YEAR)

    year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    with pytest.raises(InvalidTransition):
        year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    assert YearSnapshot.objects.count() == 1


def test_reopening_needs_an_administrator_and_a_reason_and_is_logged(body, utama_officer):
    year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)

    with pytest.raises(ActionForbidden):
        year_reopen(body=body, year=2025, actor=utama_officer, reason="Salah hitung")
    with pytest.raises(ValidationFailed) as blank:
        year_reopen(body=body, year=2025, actor=admin, reason="  ")
    assert "reason" in blank.value.fields

    year_reopen(body=body, year=2025, actor=admin, reason="Data OPD terlambat", now=LATER)

    assert not YearSnapshot.objects.exists()
    log = YearSnapshotLog.objects.get(action="reopened")
    assert (log.actor, log.reason, log.created_at) == (admin, "Data OPD terlambat", LATER)
    with pytest.raises(InvalidTransition):
        year_reopen(body=body, year=2025, actor=admin, reason="lagi")


def test_admin_reopen_action_asks_for_a_reason_then_reopens(client, body, utama_officer):
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = "/admin/requests_app/yearsnapshot/"
    selection = {"action": "reopen_years", "_selected_action": [snapshot.pk]}

    asking = client.post(url, selection)
    assert asking.status_code == 200
    assert "Alasan membuka kembali" in asking.content.decode()
    assert YearSnapshot.objects.exists()

    client.post(url, {**selection, "apply": "1", "reason": "Koreksi data Dinkes"})

    assert not YearSnapshot.objects.exists()
    assert YearSnapshotLog.objects.get(action="reopened").reason == "Koreksi data Dinkes"


def test_officer_closes_the_year_from_the_report_page(
    client, body, submit, utama_officer, after_year
):
    submit(now=at(date(2025, 3, 3)))
    client.force_login(utama_officer)
    page = client.get("/laporan/tahunan/banten/2025/")
    assert "Tutup tahun 2025" in page.content.decode()

    response = client.post("/laporan/tahunan/banten/2025/tutup/")

    assert response.status_code == 302
    assert YearSnapshot.objects.get(body=body, year=2025).figures["headline"]["received"] == 1
    assert "sudah ditutup" in client.get("/laporan/tahunan/banten/2025/").content.decode()


def test_an_opd_officer_cannot_close_the_year_from_the_web(client, body, opd_officer, after_year):
    client.force_login(opd_officer)

    assert client.post("/laporan/tahunan/banten/2025/tutup/").status_code == 403
    assert not YearSnapshot.objects.exists()
