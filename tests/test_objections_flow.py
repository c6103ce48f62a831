from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.errors import ActionForbidden, InvalidTransition, ValidationFailed
from requests_app.models import ApplicantResponse, ObjectionStatus, RequestDocument, Status
from requests_app.services.objections import (
    DisputeInput,
    DisputeUpdate,
    ObjectionInput,
    dispute_record,
    dispute_update,
    objection_decide,
    objection_file,
    objection_record_response,
    objection_review,
    objection_start_settlement,
    suggested_grounds,
)
from requests_app.services.workflow import request_route, request_verify

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)  # due 16 Apr 2025


@pytest.fixture
def ignored(submit, utama_officer, opd):
    result = submit(now=T0)
    request = request_verify(request=result.request, actor=utama_officer, now=T0)
    request = request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    return request, result.tracking_token


def test_objection_on_ground_c_after_missed_deadline(ignored, atasan):
    request, token = ignored
    now = datetime(2025, 4, 21, 10, tzinfo=JKT)
    assert suggested_grounds(request, now.date()) == ["c"]
    with pytest.raises(InvalidTransition):
        objection_file(
            request=request,
            token=token,
            data=ObjectionInput(["c"], "x"),
            now=datetime(2025, 4, 15, tzinfo=JKT),
        )
    objection = objection_file(
        request=request, token=token, data=ObjectionInput(["c"], "Tidak ditanggapi"), now=now
    )
    assert objection.registration_number == "KBT/0001/PPID/BANTEN/2025"
    assert objection.trigger_on == date(2025, 4, 16) and not objection.is_late
    # 30 HK after 21 Apr 2025 skips 1, 12-13, 29-30 May and 6, 9 Jun 2025.
    assert objection.atasan_due_on == date(2025, 6, 11)
    request.refresh_from_db()
    assert request.status == Status.IN_OBJECTION
    assert RequestDocument.objects.filter(request=request, kind="objection_receipt").exists()


def test_settlement_refused_on_ground_a_and_decision_reopens_request(ignored, atasan, supervisor):
    request, token = ignored
    now = datetime(2025, 4, 21, 10, tzinfo=JKT)
    objection = objection_file(
        request=request, token=token, data=ObjectionInput(["a", "c"], "x"), now=now
    )
    with pytest.raises(ActionForbidden):
        objection_review(objection=objection, actor=supervisor, now=now)
    objection = objection_review(objection=objection, actor=atasan, now=now)
    with pytest.raises(ValidationFailed):
        objection_start_settlement(objection=objection, actor=atasan, now=now)
    with pytest.raises(ValidationFailed):
        objection_decide(objection=objection, actor=atasan, upheld=False, reasons="", now=now)
    decided = objection_decide(
        objection=objection,
        actor=atasan,
        upheld=True,
        reasons="Buka dokumen",
        now=datetime(2025, 4, 22, 10, tzinfo=JKT),
    )
    assert decided.status == ObjectionStatus.UPHELD
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS and request.due_on == decided.reopened_request_due_on
    assert RequestDocument.objects.filter(request=request, kind="objection_decision").exists()


def test_dispute_recorded_with_late_flag(ignored, atasan, utama_officer):
    request, token = ignored
    now = datetime(2025, 4, 21, 10, tzinfo=JKT)
    objection = objection_file(
        request=request, token=token, data=ObjectionInput(["c"], "x"), now=now
    )
    objection = objection_review(objection=objection, actor=atasan, now=now)
    objection = objection_decide(
        objection=objection, actor=atasan, upheld=False, reasons="Sudah dijawab", now=now
    )
    objection_record_response(
        objection=objection, response=ApplicantResponse.GOES_TO_KI, token=token, now=now
    )
    dispute = dispute_record(
        objection=objection,
        actor=utama_officer,
        now=datetime(2025, 8, 1, tzinfo=JKT),
        data=DisputeInput("Komisi Informasi Provinsi Banten", "REG/1/KIP/2025", date(2025, 7, 30)),
    )
    assert dispute.filed_late is True
    dispute = dispute_update(
        dispute=dispute,
        actor=utama_officer,
        now=datetime(2025, 9, 1, tzinfo=JKT),
        data=DisputeUpdate(
            outcome="dikabulkan",
            outcome_on=date(2025, 8, 30),
            release_description="DPA",
            release_due_on=date(2025, 9, 30),
        ),
    )
    assert dispute.stage == "putusan" and dispute.release_due_on == date(2025, 9, 30)


def test_atasan_reminded_then_escalated_once_per_cycle(ignored, atasan, utama_officer):
    from requests_app.models import Notification, ReminderLedger
    from requests_app.services.reminders import scan_objections

    request, token = ignored
    objection = objection_file(
        request=request,
        token=token,
        data=ObjectionInput(["c"], "x"),
        now=datetime(2025, 4, 21, 10, tzinfo=JKT),
    )
    # Due 11 Jun 2025; 6 Jun (Idul Adha) and 9 Jun (cuti bersama) are off, so 3 HK left is 4 Jun.
    for day in (
        date(2025, 6, 4),
        date(2025, 6, 6),
        date(2025, 6, 10),
        date(2025, 6, 11),
        date(2025, 6, 12),
        date(2025, 6, 12),
    ):
        scan_objections(now=datetime(day.year, day.month, day.day, 8, tzinfo=JKT))
    stages = set(
        ReminderLedger.objects.filter(item_key=f"objection:{objection.pk}").values_list(
            "kind", "stage"
        )
    )
    assert stages == {
        ("atasan.due_soon", "3"),
        ("atasan.due_soon", "1"),
        ("atasan.due_soon", "0"),
        ("atasan.overdue", "overdue-0"),
    }
    assert (
        Notification.objects.filter(
            recipient_user=utama_officer, subject__icontains="Lewat batas tanggapan"
        ).count()
        == 2
    )
