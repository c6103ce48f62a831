"""Reminders to the applicant before a filing window closes (objection 30 HK, dispute 14 HK), and
the officers' digest, on the real 2025 calendar: once, on a working day, never when too late.

The request is received Monday 24 March 2025 and due Wednesday 16 April 2025. Unanswered, the
objection window (30 HK from the due date) ends Thursday 5 June 2025; 5 HK before it is Tuesday
27 May (Thursday 29 May is Ascension Day and Friday 30 May cuti bersama)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from requests_app.models import ApplicantResponse, Notification, ReminderLedger
from requests_app.services.objections import (
    ObjectionInput,
    objection_file,
    objection_record_response,
)
from requests_app.services.reminders import (
    scan_dispute_windows,
    scan_objection_windows,
    send_daily_digests,
)
from requests_app.services.workflow import request_route, request_verify

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
AFTER_DUE = datetime(2025, 4, 21, 10, 0, tzinfo=JKT)  # Monday: ground c is open


def at(year_month_day: date, hour: int = 8) -> datetime:
    return datetime.combine(year_month_day, datetime.min.time(), JKT).replace(hour=hour)


def days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@pytest.fixture
def unanswered(submit, utama_officer, opd):
    submitted = submit(now=T0)
    request = request_verify(request=submitted.request, actor=utama_officer, now=T0)
    request = request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    return request, submitted.tracking_token


def objection_reminders(request):
    return Notification.objects.filter(
        request=request,
        recipient_address="siti@example.org",
        subject__startswith="Batas pengajuan keberatan segera berakhir",
    )


def dispute_reminders(request):
    return Notification.objects.filter(
        request=request,
        recipient_address="siti@example.org",
        subject__startswith="Batas pengajuan sengketa segera berakhir",
    )


def run_daily(scan, first: date, last: date, sent) -> dict[date, int]:
    """Scan twice each day (a repeated beat run) and note how many reminders exist after it."""
    counts = {}
    for day in days(first, last):
        scan(now=at(day))
        scan(now=at(day, hour=15))
        counts[day] = sent.count()
    return counts


def test_objection_window_reminder_fires_once_five_working_days_before_it_closes(unanswered):
    request, _token = unanswered
    assert request.objection_window_ends_on == date(2025, 6, 5)

    counts = run_daily(
        scan_objection_windows, date(2025, 5, 19), date(2025, 6, 10), objection_reminders(request)
    )

    assert counts[date(2025, 5, 26)] == 0 and counts[date(2025, 5, 27)] == 1
    assert counts[date(2025, 6, 10)] == 1  # once, also after the window closed
    message = objection_reminders(request).get()
    form = reverse("objection_create", kwargs={"registration_number": request.registration_number})
    assert form in message.body_text and "Kamis, 5 Juni 2025" in message.body_text
    assert "2025-06-05" not in message.body_text


def test_objection_window_reminder_waits_for_a_working_day(unanswered):
    """Scans start inside the last 5 HK on Ascension Day: nothing on the holiday, the cuti bersama
    or the weekend; the reminder goes out on Monday 2 June, still before the window closes."""
    request, _token = unanswered

    counts = run_daily(
        scan_objection_windows, date(2025, 5, 29), date(2025, 6, 3), objection_reminders(request)
    )

    assert [counts[date(2025, 5, d)] for d in (29, 30, 31)] == [0, 0, 0]
    assert counts[date(2025, 6, 1)] == 0 and counts[date(2025, 6, 2)] == 1
    assert counts[date(2025, 6, 3)] == 1


def test_no_objection_window_reminder_after_an_objection_was_filed(unanswered):
    request, token = unanswered
    objection_file(
        request=request, token=token, data=ObjectionInput(["c"], "Tidak ditanggapi"), now=AFTER_DUE
    )

    run_daily(scan_objection_windows, date(2025, 5, 26), date(2025, 6, 5), Notification.objects)

    assert not objection_reminders(request).exists()
    assert not ReminderLedger.objects.filter(kind="applicant.objection_window").exists()


@pytest.fixture
def objection(unanswered):
    """Filed Monday 21 April 2025: the atasan's 30 HK end Wednesday 11 June; unanswered, the 14 HK
    dispute window ends Wednesday 2 July (Friday 27 June is Islamic New Year)."""
    request, token = unanswered
    filed = objection_file(
        request=request, token=token, data=ObjectionInput(["c"], "Tidak ditanggapi"), now=AFTER_DUE
    )
    assert filed.dispute_window_ends_on == date(2025, 7, 2)
    return filed, token


def test_dispute_window_reminder_fires_once_before_it_closes(objection):
    filed, _token = objection

    counts = run_daily(
        scan_dispute_windows, date(2025, 6, 16), date(2025, 7, 7), dispute_reminders(filed.request)
    )

    assert counts[date(2025, 6, 23)] == 0 and counts[date(2025, 6, 24)] == 1  # 5 HK left
    assert counts[date(2025, 7, 7)] == 1
    body = dispute_reminders(filed.request).get().body_text
    assert "Rabu, 2 Juli 2025" in body and filed.registration_number in body


def test_dispute_window_reminder_skips_the_holiday_and_the_weekend(objection):
    filed, _token = objection

    counts = run_daily(
        scan_dispute_windows, date(2025, 6, 27), date(2025, 7, 1), dispute_reminders(filed.request)
    )

    assert [counts[date(2025, 6, d)] for d in (27, 28, 29)] == [0, 0, 0]
    assert counts[date(2025, 6, 30)] == 1 and counts[date(2025, 7, 1)] == 1


def test_no_dispute_window_reminder_once_the_applicant_went_to_the_commission(objection):
    filed, token = objection
    objection_record_response(
        objection=filed,
        response=ApplicantResponse.GOES_TO_KI,
        token=token,
        now=at(date(2025, 6, 20)),
    )

    run_daily(scan_dispute_windows, date(2025, 6, 23), date(2025, 7, 2), Notification.objects)

    assert not dispute_reminders(filed.request).exists()


def test_no_digest_on_a_weekday_public_holiday(unanswered, opd_officer):
    """Monday 12 May 2025 is Waisak (beat's Monday-Friday crontab still runs): no digest; the
    overdue request is in the next working day's digest."""
    request, _token = unanswered
    digests = Notification.objects.filter(
        recipient_user=opd_officer, channel="in_app", subject__startswith="Ringkasan harian"
    )

    send_daily_digests(now=at(date(2025, 5, 12), hour=7))
    send_daily_digests(now=at(date(2025, 5, 13), hour=7))  # cuti bersama Waisak
    assert not digests.exists()

    send_daily_digests(now=at(date(2025, 5, 14), hour=7))
    assert digests.count() == 1 and request.registration_number in digests.get().body_text


def test_the_dispute_window_scan_column_is_indexed(db):
    from django.db import connection

    from requests_app.models import Objection

    table = Objection._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert any(
        c["index"] and c["columns"] == ["dispute_window_ends_on"] for c in constraints.values()
    )
