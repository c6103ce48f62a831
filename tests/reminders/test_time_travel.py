"""The beat tasks on a moving clock (time-machine) through the real 2025 calendar: each reminder
goes out once, on the right working day, and nothing on the weekend or on Good Friday.

The request is received Monday 24 March 2025 and due Wednesday 16 April. 3, 1 and 0 working days
before it are Friday 11, Tuesday 15 and Wednesday 16 April (the weekend of 12-13 April between).
Overdue from Thursday 17 April; Friday 18 April is Good Friday (a national holiday), then a weekend.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_app.models import Notification, NotificationChannel
from requests_app.services.workflow import request_route, request_verify
from requests_app.tasks import scan_deadlines, send_daily_digests

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
FIRST, LAST = date(2025, 4, 10), date(2025, 4, 22)


@pytest.fixture
def routed(submit, utama_officer, opd_officer, opd):
    request = submit(now=T0).request
    request = request_verify(request=request, actor=utama_officer, now=T0)
    return request_route(request=request, actor=utama_officer, unit=opd, now=T0)


def _in_app(user, subject_start: str):
    return Notification.objects.filter(
        recipient_user=user, channel=NotificationChannel.IN_APP, subject__startswith=subject_start
    )


def _run_beat_for_days(first: date, last: date, watched: dict) -> dict[str, dict[date, int]]:
    """Move the clock day by day; run the digest at 07:00 and the hourly scan twice (a repeated
    beat run); note how many of each watched message exist that evening."""
    seen: dict[str, dict[date, int]] = {name: {} for name in watched}
    day = first
    with time_machine.travel(datetime(2025, 1, 1, tzinfo=JKT), tick=False) as clock:
        while day <= last:
            for hour, minute in ((7, 0), (8, 5), (9, 5)):
                clock.move_to(datetime(day.year, day.month, day.day, hour, minute, tzinfo=JKT))
                if hour == 7:
                    send_daily_digests()
                else:
                    scan_deadlines()
            for name, queryset in watched.items():
                seen[name][day] = queryset.count()
            day += timedelta(days=1)
    return seen


def _days_it_fired(counts: dict[date, int]) -> list[int]:
    """The days of the month on which the count went up, and check it never went up twice."""
    fired, previous = [], 0
    for day, count in sorted(counts.items()):
        assert count - previous in (0, 1), f"{day}: {count - previous} messages at once"
        if count > previous:
            fired.append(day.day)
        previous = count
    return fired


def test_reminders_escalation_and_digests_fire_once_on_working_days(
    routed, opd_officer, utama_officer
):
    watched = {
        "due_soon": _in_app(opd_officer, "Pengingat:"),
        "digest": _in_app(opd_officer, "Ringkasan harian"),
        "escalation": _in_app(utama_officer, "Lewat batas waktu"),
        "applicant": Notification.objects.filter(
            recipient_address="siti@example.org", subject__startswith="Permohonan Anda belum"
        ),
    }

    seen = _run_beat_for_days(FIRST, LAST, watched)

    assert _days_it_fired(seen["due_soon"]) == [11, 15, 16]
    # No digest while nothing is due within 3 HK (10 April), on the weekends or on Good Friday.
    assert _days_it_fired(seen["digest"]) == [11, 14, 15, 16, 17, 21, 22]
    # Late 1 HK on 17 April (cycle 0), 2 HK on 21 April (still cycle 0), 3 HK on 22 April (cycle 1).
    assert _days_it_fired(seen["escalation"]) == [17, 22]
    assert _days_it_fired(seen["applicant"]) == [17]


def test_the_scan_task_reports_nothing_new_when_run_again(routed):
    with time_machine.travel(datetime(2025, 4, 17, 8, 5, tzinfo=JKT), tick=False):
        first = scan_deadlines()
        again = scan_deadlines()
    assert first["overdue"] == 2  # the escalation and the applicant's right-to-object message
    assert set(again.values()) == {0}
