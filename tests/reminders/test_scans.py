from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from requests_app.models import Notification, NotificationChannel, ReminderLedger
from requests_app.services.reminders import (
    scan_all,
    scan_due_soon,
    scan_overdue,
    send_daily_digests,
)
from requests_app.services.workflow import request_extend, request_route, request_verify

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)  # due Wed 16 Apr 2025


def at(day: int, month: int = 4, hour: int = 8) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=JKT)


@pytest.fixture
def routed(submit, utama_officer, opd_officer, opd):
    request = submit(now=T0).request
    request = request_verify(request=request, actor=utama_officer, now=T0)
    return request_route(request=request, actor=utama_officer, unit=opd, now=T0)


def officer_alerts(user):
    return Notification.objects.filter(recipient_user=user, channel=NotificationChannel.IN_APP)


def test_due_soon_fires_once_at_each_offset_and_never_on_weekends(routed, opd_officer):
    fired = {}
    day = at(7)
    while day <= at(16):
        scan_due_soon(now=day)
        scan_due_soon(now=day)  # a repeated beat run sends nothing twice
        fired[day.date()] = officer_alerts(opd_officer).count()
        day += timedelta(days=1)
    stages = sorted(
        ReminderLedger.objects.filter(kind="officer.due_soon").values_list("stage", flat=True)
    )
    assert stages == ["0", "1", "3"]
    # 3 HK before 16 Apr is Fri 11 Apr; 1 HK is Tue 15 Apr; 0 is Wed 16 Apr.
    assert fired[at(10).date()] == 0 and fired[at(11).date()] == 1
    assert fired[at(12).date()] == fired[at(13).date()] == 1  # weekend: nothing
    assert fired[at(15).date()] == 2 and fired[at(16).date()] == 3


def test_overdue_escalates_repeats_and_tells_applicant_once(routed, utama_officer):
    for day in (17, 18, 21, 22, 23, 24):
        scan_overdue(now=at(day))
        scan_overdue(now=at(day))
    cycles = sorted(
        ReminderLedger.objects.filter(kind="officer.overdue").values_list("stage", flat=True)
    )
    # 18 Apr 2025 is Good Friday. Late by 1 HK on 17 Apr, 2 on 21, 3 on 22, 4 on 23, 5 on 24;
    # repeating every 2 HK gives cycles 0 (17, 21), 1 (22, 23), 2 (24).
    assert cycles == ["overdue-0", "overdue-1", "overdue-2"]
    assert officer_alerts(utama_officer).count() == 3
    applicant = Notification.objects.filter(
        recipient_address="siti@example.org", subject__icontains="belum ditanggapi"
    )
    assert applicant.count() == 1
    body = applicant.get().body_text
    assert "huruf c" in body
    # The link goes to this request's objection form; the last day (30 HK after Wednesday
    # 16 April 2025) is written in Indonesian, not ISO.
    form = reverse("objection_create", kwargs={"registration_number": routed.registration_number})
    assert f"{settings.SITE_URL}{form}" in body
    assert "paling lambat Kamis, 5 Juni 2025" in body and "Rabu, 16 April 2025" in body
    assert "2025-06-05" not in body


def test_extension_starts_a_fresh_cycle(routed, opd_officer):
    scan_due_soon(now=at(11))
    assert ReminderLedger.objects.filter(anchor="2025-04-16").count() == 1
    request_extend(request=routed, actor=opd_officer, reason="arsip", now=at(11, hour=10))
    scan_due_soon(now=at(23))  # 3 HK before 28 Apr
    assert ReminderLedger.objects.filter(anchor="2025-04-28", stage="3").count() == 1


def test_digest_lists_pending_work_and_is_not_sent_twice(routed, opd_officer, other_opd_officer):
    send_daily_digests(now=at(15))
    send_daily_digests(now=at(15))
    mine = officer_alerts(opd_officer).filter(subject__icontains="Ringkasan harian")
    assert mine.count() == 1 and routed.registration_number in mine.get().body_text
    assert not officer_alerts(other_opd_officer).exists()


def test_scan_query_count_does_not_grow_with_rows(
    submit, utama_officer, django_assert_max_num_queries
):
    for _ in range(3):
        submit(now=T0)
    with django_assert_max_num_queries(40):
        scan_all(now=at(17))
    for _ in range(30):
        submit(now=T0)
    with django_assert_max_num_queries(40):
        scan_all(now=at(22))


def test_a_scan_writes_in_the_installation_language_whoever_triggers_it(routed, utama_officer):
    with translation.override("en"):
        scan_overdue(now=at(17))

    applicant = Notification.objects.get(
        recipient_address="siti@example.org", subject__icontains="belum ditanggapi"
    )
    assert "huruf c" in applicant.body_text
    assert officer_alerts(utama_officer).get().subject.startswith("Lewat batas")
