"""Closing a year freezes its figures: a report regenerated after the rows change is identical.
Reopening is an administrator's audited act with a reason."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from requests_app.errors import ActionForbidden, InvalidTransition, ValidationFailed
from requests_app.exports.annual_report import (
    annual_report_build,
    annual_report_pdf,
    annual_report_xlsx,
)
from requests_app.models import AnnualReportNarrative, YearSnapshot, YearSnapshotLog
from requests_app.models.reporting import SnapshotImmutable
from requests_app.selectors.statistics import Period, Scope, compliance_figures
from requests_app.services.reporting import (
    NarrativeInput,
    narrative_save,
    year_close,
    year_reopen,
)
from requests_app.services.workflow import request_withdraw
from tests.exports.conftest import AFTER_YEAR, at, xlsx_rows
from tests.exports.test_annual_report import pdf_text
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


def test_only_the_ppid_utama_closes_the_year_from_the_web(
    client, body, atasan, opd_officer, after_year
):
    client.force_login(atasan)
    assert client.post("/laporan/tahunan/banten/2025/tutup/").status_code == 403
    # A PPID Pelaksana officer does not read the body's reports at all.
    client.force_login(opd_officer)
    assert client.post("/laporan/tahunan/banten/2025/tutup/").status_code == 404
    assert not YearSnapshot.objects.exists()


# ---- A closed year cannot be changed or deleted outside the audited reopen -----------------


def test_the_admin_delete_url_refuses_and_only_the_reopen_action_deletes(
    client, body, utama_officer
):
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    delete_url = f"/admin/requests_app/yearsnapshot/{snapshot.pk}/delete/"

    confirm = client.get(delete_url)
    deleted = client.post(delete_url, {"post": "yes"})

    assert confirm.status_code == deleted.status_code == 302
    assert deleted["Location"] == "/admin/requests_app/yearsnapshot/"
    assert YearSnapshot.objects.filter(pk=snapshot.pk).exists()
    assert not YearSnapshotLog.objects.filter(action="reopened").exists()
    listing = client.get("/admin/requests_app/yearsnapshot/").content.decode()
    assert "tidak dapat dihapus" in listing
    assert "delete_selected" not in listing
    assert (
        delete_url
        not in client.get(
            f"/admin/requests_app/yearsnapshot/{snapshot.pk}/change/"
        ).content.decode()
    )

    client.post(
        "/admin/requests_app/yearsnapshot/",
        {
            "action": "reopen_years",
            "_selected_action": [snapshot.pk],
            "apply": "1",
            "reason": "Koreksi data",
        },
    )

    assert not YearSnapshot.objects.exists()
    log = YearSnapshotLog.objects.get(action="reopened")
    assert (log.actor, log.reason, log.year) == (admin, "Koreksi data", 2025)


def test_a_snapshot_cannot_be_updated_or_deleted_outside_reopen(body, utama_officer):
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    snapshot.figures = {"headline": {"received": 0}}
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    with pytest.raises(SnapshotImmutable):
        snapshot.delete()
    with pytest.raises(SnapshotImmutable):
        YearSnapshot.objects.filter(pk=snapshot.pk).update(figures={})
    with pytest.raises(SnapshotImmutable):
        YearSnapshot.objects.filter(pk=snapshot.pk).delete()
    assert YearSnapshot.objects.get(pk=snapshot.pk).figures != {"headline": {"received": 0}}


# ---- A closed year shows its frozen figures everywhere ------------------------------------


def _change_rows_after_closing(story, submit, utama_officer) -> None:
    """A late-recorded 2025 request arrives and R6 is withdrawn: live 2025 figures now differ."""
    submit(now=at(date(2025, 12, 1)))
    request_withdraw(request=story.requests[6], reason="Tidak jadi", actor=utama_officer, now=LATER)


def test_a_closed_year_shows_its_frozen_figures_on_every_page_and_api(
    client, story, body, opd, submit, utama_officer, supervisor
):
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    frozen = snapshot.figures
    _change_rows_after_closing(story, submit, utama_officer)
    api = APIClient()
    api.force_authenticate(supervisor)
    client.force_login(supervisor)

    with time_machine.travel(LATER, tick=False):
        live = compliance_figures(period=Period.for_year(2025), scope=Scope.for_body(body))
        dashboard = client.get("/pengawas/", {"kind": "year", "year": "2025"})
        command = client.get("/pengawas/komando/", {"kind": "year", "year": "2025"})
        staff = api.get("/api/v1/stats/", {"period": "2025", "body": body.code}).json()
        public = api.get("/api/v1/public/stats/", {"period": "2025", "body": body.code}).json()
        client.logout()
        transparency = client.get("/transparansi/banten/", {"tahun": "2025"})
        # An OPD, a channel or a quarter is not what the snapshot holds: computed live.
        by_unit = api.get("/api/v1/stats/", {"period": "2025", "unit": opd.pk}).json()
        by_channel = api.get("/api/v1/stats/", {"period": "2025", "channel": "web"}).json()
        quarter = api.get("/api/v1/stats/", {"period": "2025-Q4", "body": body.code}).json()

    assert (live["headline"]["received"], live["outcomes"]["withdrawn"]) == (11, 2)
    assert (frozen["headline"]["received"], frozen["outcomes"]["withdrawn"]) == (10, 1)
    assert dashboard.context["figures"] == frozen
    assert dashboard.context["snapshot"] == snapshot
    assert 'id="frozen-year"' in dashboard.content.decode()
    assert {k: v for k, v in staff.items() if k != "closed_at"} == frozen
    assert staff["closed_at"] is not None
    assert public["headline"] == {k: frozen["headline"][k] for k in public["headline"]}
    assert public["outcomes"]["withdrawn"] == 1 and public["closed_at"] is not None
    row = command.context["rows"][0]
    assert row["body"] == body and row["frozen"] is True
    assert row["cells"][0]["value"] == 10
    yearly = {r["year"]: r for r in transparency.context["yearly"]}
    assert yearly[2025]["received"] == 10 and yearly[2025]["closed"] is True
    assert transparency.context["figures"] == frozen
    assert by_unit["closed_at"] is None and by_channel["closed_at"] is None
    assert quarter["closed_at"] is None and quarter["headline"]["received"] == 1


# ---- The narrative is frozen with the figures ----------------------------------------------


def test_the_narrative_is_frozen_when_the_year_closes(client, body, submit, utama_officer):
    submit(now=at(date(2025, 3, 3)))
    data = NarrativeInput(policy="Kebijakan yang diterbitkan", obstacles="Arsip belum digital")
    narrative_save(body=body, year=2025, actor=utama_officer, data=data)
    snapshot = year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    assert snapshot.narrative["policy"] == "Kebijakan yang diterbitkan"
    first = annual_report_build(body=body, year=2025, now=AFTER_YEAR)
    first_sheet = xlsx_rows(annual_report_xlsx(first), "Laporan")

    with pytest.raises(InvalidTransition) as refused:
        narrative_save(
            body=body, year=2025, actor=utama_officer, data=NarrativeInput(policy="Diubah")
        )
    assert "sudah ditutup" in refused.value.message
    # Even a change behind the service's back does not reach the published report.
    AnnualReportNarrative.objects.filter(body=body, year=2025).update(policy="Diubah diam-diam")

    again = annual_report_build(body=body, year=2025, now=LATER)
    assert xlsx_rows(annual_report_xlsx(again), "Laporan") == first_sheet
    text = pdf_text(annual_report_pdf(again))
    assert "Kebijakan yang diterbitkan" in text and "diam-diam" not in text

    client.force_login(utama_officer)
    with time_machine.travel(LATER, tick=False):
        page = client.post(
            "/laporan/tahunan/banten/2025/", {"policy": "Lewat formulir", "obstacles": ""}
        )
    assert page.status_code == 409
    html = page.content.decode()
    assert "sudah ditutup" in html and "Kebijakan yang diterbitkan" in html
    assert "Lewat formulir" not in html
    assert AnnualReportNarrative.objects.get(body=body, year=2025).policy == "Diubah diam-diam"
