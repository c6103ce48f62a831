"""End to end through the services: the request asks for something already in the DIP, the officer
picks the best match and answers "sudah tersedia" in one step, the signer approves (A15)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.errors import ValidationFailed
from requests_app.models import NoticeState, Outcome, Status, WrittenNotice
from requests_app.selectors.catalogue import dip_matches_for
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import request_verify
from tests.catalogue.factories import DipItemFactory

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
LATER = datetime(2025, 3, 26, 10, 0, tzinfo=JKT)

pytestmark = pytest.mark.django_db


def test_already_available_answer_from_a_dip_match(submit, body, utama_officer, signer):
    DipItemFactory(body=body, title="Jadwal pelayanan perizinan")
    item = DipItemFactory(
        body=body,
        title="Laporan Keuangan Pemerintah Daerah 2024",
        summary="LKPD audited",
        link="https://ppid.example.go.id/lkpd-2024.pdf",
    )
    request = submit(
        now=T0, information_requested="Salinan laporan keuangan pemerintah daerah tahun 2024"
    ).request
    request = request_verify(request=request, actor=utama_officer, now=T0)
    best = dip_matches_for(request)[0]
    assert best == item

    notice = notice_draft(
        request=request,
        actor=utama_officer,
        now=T0,
        data=NoticeInput(outcome=Outcome.ALREADY_AVAILABLE, dip_item=best, provision_days=0),
    )
    assert notice.dip_item == item and item.link in notice.material_description
    request = notice_approve(request=request, actor=signer, now=LATER)

    assert request.status == Status.NOTIFIED
    assert request.outcome == Outcome.ALREADY_AVAILABLE
    notice = WrittenNotice.objects.get(request=request)
    assert notice.outcome == Outcome.ALREADY_AVAILABLE and notice.state == NoticeState.APPROVED
    assert notice.fee_total == 0


def test_already_available_refuses_an_unpublished_dip_item(submit, body, utama_officer):
    hidden = DipItemFactory(body=body, title="Laporan keuangan draf", is_published=False)
    request = request_verify(request=submit(now=T0).request, actor=utama_officer, now=T0)
    with pytest.raises(ValidationFailed) as raised:
        notice_draft(
            request=request,
            actor=utama_officer,
            now=T0,
            data=NoticeInput(outcome=Outcome.ALREADY_AVAILABLE, dip_item=hidden, provision_days=0),
        )
    assert "dip_item" in raised.value.fields
