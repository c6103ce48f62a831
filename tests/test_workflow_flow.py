from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.errors import ActionForbidden, InvalidTransition, ObjectNotFound, ValidationFailed
from requests_app.models import ConsequenceTest, Outcome, RequestDocument, Status
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import (
    request_close,
    request_deliver,
    request_extend,
    request_route,
    request_verify,
)

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)


def test_full_partial_grant_path(submit, utama_officer, opd_officer, signer, opd, body):
    request = submit(now=T0).request
    request = request_verify(request=request, actor=utama_officer, now=T0)
    request = request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    assert request.due_on == date(2025, 4, 16)
    request = request_extend(request=request, actor=opd_officer, reason="Dokumen di arsip", now=T0)
    assert request.due_on == date(2025, 4, 28) and request.status == Status.EXTENDED
    test = ConsequenceTest.objects.create(
        body=body,
        document="DPA",
        exempted_part="NIK pegawai",
        exemption_letter="h",
        exemption_subitem=3,
        harm_if_disclosed="x",
        public_interest_balance="y",
        decided_on=date(2025, 1, 2),
        decision_reference="SK/1",
        signed_by="PPID",
    )
    notice_draft(
        request=request,
        actor=opd_officer,
        now=T0,
        data=NoticeInput(
            outcome=Outcome.GRANTED_PARTLY,
            material_description="DPA",
            withheld_description="NIK",
            redaction_explanation="dihitamkan",
            exemption_letter="h",
            exemption_subitem=3,
            consequence_test=test,
            copy_format="softcopy",
            provision_days=3,
        ),
    )
    later = datetime(2025, 4, 10, 10, tzinfo=JKT)
    request = notice_approve(request=request, actor=signer, now=later)
    assert request.status == Status.NOTIFIED and request.outcome == Outcome.GRANTED_PARTLY
    assert request.working_days_to_notice == 6 and not request.notice_late
    assert RequestDocument.objects.filter(request=request, kind="notice").exists()
    request = request_deliver(request=request, actor=opd_officer, now=later)
    request = request_close(request=request, actor=utama_officer, now=later)
    assert request.status == Status.CLOSED
    codes = list(request.events.values_list("code", flat=True))
    assert codes[0] == "request.submitted" and codes[-1] == "request.closed"


def test_guards(submit, utama_officer, opd_officer, other_opd_officer, supervisor, opd):
    request = submit(now=T0).request
    with pytest.raises(ActionForbidden):
        request_verify(request=request, actor=supervisor, now=T0)
    with pytest.raises(ObjectNotFound):
        request_extend(request=request, actor=other_opd_officer, reason="x", now=T0)
    with pytest.raises(InvalidTransition):
        request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    request = request_verify(request=request, actor=utama_officer, now=T0)
    late = datetime(2025, 4, 17, 9, tzinfo=JKT)
    with pytest.raises(ValidationFailed):
        request_extend(request=request, actor=utama_officer, reason="x", now=late)
