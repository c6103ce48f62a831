from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

from requests_app.models import CalendarOverride, OverrideKind, RequestEvent
from requests_app.selectors.deadlines import due_date_calculation, due_date_explanation
from requests_app.services.deadlines import due_dates_recompute
from requests_app.services.workflow import request_complete, request_flag_incomplete, request_verify

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)


def test_explanation_lists_every_skipped_day_with_its_reason(submit):
    request = submit(now=T0).request
    explanation = due_date_explanation(request)
    notice = explanation["notice"]
    assert notice["due"] == notice["stored_due"] == date(2025, 4, 16)
    reasons = {day["day"]: day["reason"] for day in notice["skipped"]}
    assert "Nyepi" in reasons[date(2025, 3, 28)]
    assert "Cuti Bersama" in reasons[date(2025, 4, 2)]
    assert date(2025, 3, 29) in reasons  # Saturday
    assert len(notice["counted"]) == 10


def test_calculator_moves_after_hours_receipt_to_the_next_working_day(body):
    result = due_date_calculation(body=body, received_at=datetime(2025, 3, 21, 16, 30, tzinfo=JKT))
    assert result["effective_received_on"] == date(2025, 3, 24)
    assert result["receipt_moved"] is True
    assert result["notice"]["due"] == date(2025, 4, 16)
    assert result["extension"]["due"] == date(2025, 4, 28)


def test_recompute_after_override_moves_open_clocks_and_audits_each(submit, body):
    request = submit(now=T0).request
    CalendarOverride.objects.create(
        body=body, date=date(2025, 4, 15), kind=OverrideKind.HOLIDAY, sk_reference="SK Gub 1/2025"
    )
    result = due_dates_recompute(reason="SK Gub 1/2025")
    request.refresh_from_db()
    assert result.changed == 1 and request.due_on == date(2025, 4, 17)
    event = RequestEvent.objects.get(request=request, code="request.deadline.recomputed")
    assert event.data["due_on"] == ["2025-04-16", "2025-04-17"] and event.note == "SK Gub 1/2025"
    assert due_dates_recompute().changed == 0  # idempotent


def test_recompute_command_dry_run_writes_nothing(submit, body, capsys):
    request = submit(now=T0).request
    CalendarOverride.objects.create(
        body=None, date=date(2025, 4, 14), kind=OverrideKind.HOLIDAY, sk_reference="SKB"
    )
    call_command("recompute_due_dates", "--dry-run")
    request.refresh_from_db()
    assert request.due_on == date(2025, 4, 16)
    assert "would change 1" in capsys.readouterr().out


def test_paused_clock_stores_days_left_and_resumes(submit, body, utama_officer):
    body.pause_clock_when_incomplete = True
    body.save()
    request = submit(now=T0).request
    flagged = request_flag_incomplete(
        request=request,
        actor=utama_officer,
        missing="KTP",
        now=datetime(2025, 3, 26, 9, tzinfo=JKT),
    )
    assert flagged.paused_working_days_left == 8  # 26 Mar -> 16 Apr
    resumed = request_complete(
        request=flagged, actor=utama_officer, now=datetime(2025, 4, 21, 9, tzinfo=JKT)
    )
    assert resumed.paused_working_days_left is None
    assert resumed.due_on == date(2025, 5, 2)  # 8 HK after Mon 21 Apr 2025, skipping 1 May
    assert RequestEvent.objects.filter(request=request, code="request.deadline.resumed").exists()
    assert resumed.paused_working_days == 10  # 26 Mar -> 21 Apr 2025, holidays skipped
    assert due_dates_recompute().changed == 0  # the pause survives an explicit recompute
    request_verify(request=resumed, actor=utama_officer, now=datetime(2025, 4, 21, 10, tzinfo=JKT))
