"""Journey 2 of issue 9: PPID Utama routes a request, the OPD extends it and drafts a partial grant,
the signer approves, and the citizen sees the notice and downloads the letter."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from requests_app.models import Outcome, RequestDocument, Status
from tests.e2e.conftest import field, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_action(page, title: str):
    """Officer actions are <details> sections: open one by its summary and return it."""
    section = page.locator("details").filter(has=page.get_by_text(title, exact=True))
    section.get_by_text(title, exact=True).click()
    return section


def submit_action(page, section, button: str) -> None:
    """Activate the action's button from the keyboard and wait for the page it leads to.

    Waiting for role=status alone proves nothing: the previous action's confirmation is still on
    screen. Enter rather than a mouse click: on this tall page, after a full-page screenshot,
    headless Chromium's click sometimes lands nowhere and the form is never sent."""
    with page.expect_navigation():
        section.get_by_role("button", name=button).press("Enter")
    page.get_by_role("status").first.wait_for()


def do_action(page, title: str, button: str, fill=None) -> None:
    section = open_action(page, title)
    if fill:
        fill(section)
    submit_action(page, section, button)


def test_request_is_routed_extended_partly_granted_approved_and_the_letter_downloaded(
    live_server,
    desktop_context,
    journey,
    submit,
    utama_officer,
    opd_officer,
    signer,
    opd,
    other_opd,
    consequence_test,
):
    now = timezone.now()
    submitted = submit(now=now - timedelta(days=7), information_requested="Penerima beasiswa 2025")
    submit(now=now, information_requested="Permohonan lain yang lebih baru")
    info = submitted.request
    number = info.registration_number

    # PPID Utama: the request is at the top of the queue (nearest due date first).
    utama = desktop_context()
    log_in(utama, live_server.url, "utama")
    journey.step(utama, "queue")
    first_row = utama.get_by_role("table").get_by_role("row").nth(1)
    assert number in first_row.inner_text()
    first_row.get_by_role("link", name=number).click()
    utama.get_by_role("heading", name=f"Permohonan {number}").wait_for()
    journey.step(utama, "request page")
    do_action(utama, "Verifikasi permohonan", "Verifikasi dan proses")
    do_action(
        utama,
        "Disposisi ke OPD",
        "Disposisikan",
        lambda form: field(form, "OPD/PPID Pelaksana tujuan").select_option(str(opd.pk)),
    )
    journey.step(utama, "routed")
    info.refresh_from_db()
    assert info.status == Status.ROUTED and info.assigned_unit == opd

    # The OPD officer extends once and drafts a partial grant.
    officer = desktop_context()
    log_in(officer, live_server.url, "opd", next_path=f"/petugas/permohonan/{info.pk}/")
    do_action(
        officer,
        "Perpanjang batas waktu",
        "Perpanjang 7 hari kerja",
        lambda form: field(form, "Alasan perpanjangan").fill("Data tersebar di beberapa sekolah."),
    )
    journey.step(officer, "extended")

    def draft(form):
        field(form, "Keputusan").select_option(label="Dikabulkan sebagian")
        field(form, "Informasi yang diberikan").fill("Nama penerima dan sekolah.")
        field(form, "Informasi yang dikecualikan").fill("NIK dan alamat penerima.")
        field(form, "Penjelasan penghitaman/pengaburan").fill("Kolom NIK dihitamkan.")
        field(form, "Dasar pengecualian: Pasal 17 huruf").select_option("h")
        field(form, "Angka").select_option("3")
        field(form, "Uji konsekuensi").select_option(str(consequence_test.pk))
        field(form, "Bentuk salinan").select_option("softcopy")
        field(form, "Perkiraan waktu penyediaan (hari kerja)").fill("3")

    section = open_action(officer, "Susun pemberitahuan tertulis")
    draft(section)
    journey.step(officer, "notice draft")
    submit_action(officer, section, "Kirim untuk disetujui")
    info.refresh_from_db()
    assert info.status == Status.AWAITING_APPROVAL

    # The signer approves: the notice letter is made and sent.
    approver = desktop_context()
    log_in(approver, live_server.url, "penandatangan", next_path=f"/petugas/permohonan/{info.pk}/")
    journey.step(approver, "awaiting approval")
    do_action(approver, "Setujui dan kirim pemberitahuan", "Setujui dan kirim")
    journey.step(approver, "approved")
    info.refresh_from_db()
    assert info.status == Status.NOTIFIED and info.outcome == Outcome.GRANTED_PARTLY
    assert RequestDocument.objects.filter(request=info, kind="notice").exists()

    # The citizen opens the tracking link and downloads the written notice.
    citizen = desktop_context()
    citizen.goto(f"{live_server.url}/lacak/{number}/?token={submitted.tracking_token}")
    citizen.get_by_role("heading", name=f"Permohonan {number}").wait_for()
    assert citizen.get_by_text("Dikabulkan sebagian").first.is_visible()
    journey.step(citizen, "citizen sees the notice")
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name=re.compile("^Pemberitahuan tertulis")).click()
    letter = download_info.value
    assert letter.suggested_filename.endswith(".pdf")
    text = "".join(page.extract_text() for page in PdfReader(letter.path()).pages)
    assert number in text
