"""Journey 3 of issue 9: the citizen files an objection against a partial grant; the atasan PPID
decides it in writing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from requests_app.models import Objection, ObjectionStatus, Outcome
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import request_verify
from tests.e2e.conftest import field, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partly_granted(submit, utama_officer, signer, consequence_test):
    """A request answered with a partial grant two days ago (the steps of journey 2)."""
    start = timezone.now() - timedelta(days=2)
    submitted = submit(now=start)
    info = request_verify(request=submitted.request, actor=utama_officer, now=start)
    notice_draft(
        request=info,
        actor=utama_officer,
        now=start,
        data=NoticeInput(
            outcome=Outcome.GRANTED_PARTLY,
            material_description="Nama penerima dan sekolah.",
            withheld_description="NIK dan alamat penerima.",
            redaction_explanation="Kolom NIK dihitamkan.",
            exemption_letter="h",
            exemption_subitem=3,
            consequence_test=consequence_test,
            copy_format="softcopy",
            provision_days=3,
        ),
    )
    notice_approve(request=info, actor=signer, now=start)
    return submitted


def test_citizen_files_an_objection_and_the_atasan_decides_it(
    live_server, phone, desktop_context, journey, partly_granted, atasan
):
    number = partly_granted.request.registration_number
    page = phone
    page.goto(f"{live_server.url}/lacak/{number}/?token={partly_granted.tracking_token}")
    page.get_by_role("link", name="Ajukan keberatan atas permohonan ini").click()
    page.get_by_role("heading", name="Formulir keberatan").wait_for()
    journey.step(page, "objection form")
    page.get_by_role("checkbox", name="e. tidak dipenuhinya permintaan informasi").check()
    field(page, "Kasus posisi").fill(
        "Nama sekolah penerima juga dihitamkan, padahal tidak termasuk data pribadi."
    )
    page.get_by_role("button", name="Ajukan keberatan").click()
    page.get_by_role("link", name="Unduh tanda terima keberatan (PDF)").wait_for()
    journey.step(page, "objection filed")
    objection = Objection.objects.get()
    assert objection.status == ObjectionStatus.REGISTERED

    # The atasan PPID finds it in the register and answers in writing.
    atasan_page = desktop_context()
    log_in(atasan_page, live_server.url, "atasan", next_path="/petugas/keberatan/")
    journey.step(atasan_page, "objection register")
    atasan_page.get_by_role("link", name=objection.registration_number).click()
    journey.step(atasan_page, "objection detail")

    def act(title: str, button: str, fill=None) -> None:
        section = atasan_page.locator("details").filter(
            has=atasan_page.get_by_text(title, exact=True)
        )
        section.get_by_text(title, exact=True).click()
        if fill:
            fill(section)
        section.get_by_role("button", name=button).click()
        atasan_page.get_by_role("status").first.wait_for()

    act("Mulai pemeriksaan", "Mulai periksa")

    def decide(form) -> None:
        form.get_by_role("radio", name="Keberatan dikabulkan (permohonan diproses ulang)").check()
        field(form, "Alasan tertulis").fill(
            "Nama sekolah bukan rahasia pribadi; PPID memberikan ulang tanpa penghitaman itu."
        )

    act("Tanggapan tertulis atasan PPID", "Simpan tanggapan", decide)
    journey.step(atasan_page, "objection decided")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD

    # The citizen sees the decision on the tracking page.
    page.goto(f"{live_server.url}/lacak/{number}/")
    assert page.get_by_text(str(ObjectionStatus.UPHELD.label)).first.is_visible()
    journey.step(page, "citizen sees the decision")
