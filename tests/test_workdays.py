"""The working-day calendar (Keputusan 1) against the real 2025-2026 Indonesian calendar.

Holiday data comes from the installed `holidays` package (country ID, categories public and
government = cuti bersama); the dates asserted here are the ones it ships for 2025 and 2026.
"""

import io
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from requests_app.models import CalendarOverride, InformationRequest, OverrideKind, PublicBody
from requests_app.workdays import (
    DayKind,
    Override,
    WorkingCalendar,
    add_working_days,
    calendar_for,
    effective_receipt_date,
    explain_due_date,
    is_working_day,
    working_days_between,
)
from tests.factories import PublicBodyFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
JAYAPURA = ZoneInfo("Asia/Jayapura")
CLOSES = time(16, 0)


@pytest.fixture(scope="module")
def national():
    """The national Monday-Friday calendar without overrides (built once: it is pure)."""
    return WorkingCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def receipt(calendar, local: datetime, zone: str = "Asia/Jakarta") -> date:
    return calendar.effective_receipt_date(local, time_zone=zone, closes_at=CLOSES)


# --- The national calendar: 2025 -------------------------------------------------------------


def test_worked_example_due_on_16_april_and_28_april_after_extension(national):
    """domain.md: received Mon 24 Mar 2025 → 10 HK Wed 16 Apr 2025; +7 HK Mon 28 Apr 2025."""
    due = national.add_working_days(date(2025, 3, 24), 10)
    assert due == date(2025, 4, 16)
    assert national.add_working_days(due, 7) == date(2025, 4, 28)


def test_worked_example_span_has_seven_non_working_weekdays(national):
    off = [
        d
        for d in days(date(2025, 3, 28), date(2025, 4, 7))
        if d.weekday() < 5 and not national.is_working_day(d)
    ]
    assert off == [
        date(2025, 3, 28),  # cuti bersama Nyepi
        date(2025, 3, 31),  # Idul Fitri
        date(2025, 4, 1),  # Idul Fitri, second day
        date(2025, 4, 2),  # cuti bersama Idul Fitri (2-7 April)
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
    ]


def test_idul_fitri_2025_holidays_and_cuti_bersama_are_described(national):
    kinds = {d: national.describe(d) for d in days(date(2025, 3, 31), date(2025, 4, 7))}
    assert kinds[date(2025, 3, 31)].kind == DayKind.PUBLIC_HOLIDAY
    assert kinds[date(2025, 3, 31)].reason == "Hari Raya Idul Fitri"
    assert kinds[date(2025, 4, 1)].kind == DayKind.PUBLIC_HOLIDAY
    for cuti in (date(2025, 4, 2), date(2025, 4, 3), date(2025, 4, 4), date(2025, 4, 7)):
        assert kinds[cuti].kind == DayKind.CUTI_BERSAMA
        assert kinds[cuti].reason == "Cuti Bersama Hari Raya Idul Fitri"
    assert kinds[date(2025, 4, 5)].kind == DayKind.WEEKEND
    assert national.is_working_day(date(2025, 4, 8))


def test_nyepi_2025_falls_on_saturday_with_cuti_bersama_on_friday(national):
    assert national.describe(date(2025, 3, 28)).reason == "Cuti Bersama Hari Suci Nyepi"
    # 29 March 2025 is Nyepi and a Saturday: off either way, reported as the weekend.
    assert national.describe(date(2025, 3, 29)).kind == DayKind.WEEKEND
    assert national.is_working_day(date(2025, 3, 27))


def test_christmas_2025_with_cuti_bersama_and_the_year_end(national):
    """Received Mon 22 Dec 2025: 25 Dec, 26 Dec (cuti bersama) and 1 Jan 2026 are skipped."""
    assert national.describe(date(2025, 12, 25)).kind == DayKind.PUBLIC_HOLIDAY
    assert national.describe(date(2025, 12, 26)).kind == DayKind.CUTI_BERSAMA
    assert national.describe(date(2025, 12, 26)).reason == "Cuti Bersama Hari Raya Natal"
    assert national.is_working_day(date(2025, 12, 24))  # no cuti bersama on 24 Dec in 2025
    assert national.is_working_day(date(2025, 12, 31))
    assert national.describe(date(2026, 1, 1)).reason == "Tahun Baru Masehi"
    assert national.add_working_days(date(2025, 12, 22), 10) == date(2026, 1, 8)


def test_year_end_counts_across_the_new_year(national):
    assert national.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert national.working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4


# --- The national calendar: 2026 -------------------------------------------------------------


def test_nyepi_and_idul_fitri_2026_close_a_whole_week(national):
    """Nyepi Thu 19 Mar (cuti Wed 18), Idul Fitri Sat-Sun 21-22 Mar (cuti Fri 20, Mon 23, Tue 24)."""
    expected = {
        date(2026, 3, 18): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Suci Nyepi"),
        date(2026, 3, 19): (DayKind.PUBLIC_HOLIDAY, "Hari Suci Nyepi"),
        date(2026, 3, 20): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2026, 3, 23): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2026, 3, 24): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
    }
    for day, (kind, reason) in expected.items():
        described = national.describe(day)
        assert (described.kind, described.reason) == (kind, reason), day
    assert national.describe(date(2026, 3, 21)).kind == DayKind.WEEKEND
    assert national.describe(date(2026, 3, 22)).kind == DayKind.WEEKEND
    assert national.is_working_day(date(2026, 3, 17))
    assert national.is_working_day(date(2026, 3, 25))


def test_request_before_lebaran_2026_is_due_8_april(national):
    """17 Mar 2026 + 10 HK: 18-24 March off, Good Friday 3 April off."""
    assert national.add_working_days(date(2026, 3, 17), 10) == date(2026, 4, 8)
    assert national.working_days_between(date(2026, 3, 17), date(2026, 3, 25)) == 1


def test_christmas_2026_has_cuti_bersama_on_24_december(national):
    assert national.describe(date(2026, 12, 24)).kind == DayKind.CUTI_BERSAMA
    assert national.describe(date(2026, 12, 25)).kind == DayKind.PUBLIC_HOLIDAY


# --- Weekends and day 0 ----------------------------------------------------------------------


def test_friday_plus_one_working_day_is_monday(national):
    assert national.add_working_days(date(2025, 2, 7), 1) == date(2025, 2, 10)


def test_zero_working_days_is_the_start_itself(national):
    assert national.add_working_days(date(2025, 3, 24), 0) == date(2025, 3, 24)


def test_weekend_start_counts_from_the_next_working_day(national):
    assert national.add_working_days(date(2025, 2, 8), 1) == date(2025, 2, 10)
    assert national.add_working_days(date(2025, 2, 9), 1) == date(2025, 2, 10)


# --- Effective receipt date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        (datetime(2025, 3, 22, 10, 0), date(2025, 3, 24)),  # Saturday
        (datetime(2025, 3, 23, 10, 0), date(2025, 3, 24)),  # Sunday
        (datetime(2025, 3, 31, 10, 0), date(2025, 4, 8)),  # Idul Fitri, then cuti bersama
        (datetime(2025, 3, 24, 15, 59), date(2025, 3, 24)),  # before closing
        (datetime(2025, 3, 24, 16, 0), date(2025, 3, 25)),  # at closing: next working day
        (datetime(2025, 3, 24, 16, 30), date(2025, 3, 25)),  # after closing
        (datetime(2025, 3, 27, 16, 0), date(2025, 4, 8)),  # after closing before Lebaran
        (datetime(2025, 3, 24, 0, 0), date(2025, 3, 24)),  # just after midnight
    ],
)
def test_effective_receipt_date(national, received, effective):
    assert receipt(national, received.replace(tzinfo=JAKARTA)) == effective


def test_receipt_on_holiday_is_due_ten_working_days_after_the_next_working_day(national):
    effective = receipt(national, datetime(2025, 3, 31, 10, 0, tzinfo=JAKARTA))
    assert national.add_working_days(effective, 10) == date(2025, 4, 23)


def test_utc_timestamp_is_read_in_the_bodys_time_zone(national):
    # Thu 20 Mar 2025 23:30 UTC is Fri 21 Mar 08:30 in Jayapura (WIT, UTC+9).
    late_utc = datetime(2025, 3, 20, 23, 30, tzinfo=UTC)
    assert receipt(national, late_utc, "Asia/Jayapura") == date(2025, 3, 21)
    # Mon 24 Mar 07:30 UTC: 14:30 in Jakarta (open), 16:30 in Jayapura (closed).
    afternoon_utc = datetime(2025, 3, 24, 7, 30, tzinfo=UTC)
    assert receipt(national, afternoon_utc, "Asia/Jakarta") == date(2025, 3, 24)
    assert receipt(national, afternoon_utc, "Asia/Jayapura") == date(2025, 3, 25)


@pytest.mark.django_db
def test_module_effective_receipt_date_uses_the_bodys_zone_and_closing_time():
    papua = PublicBodyFactory(time_zone="Asia/Jayapura", office_closes_at=time(15, 0))
    # Fri 7 Feb 2025 14:30 WIT: open in Papua (closes 15:00).
    open_local = datetime(2025, 2, 7, 14, 30, tzinfo=JAYAPURA)
    assert effective_receipt_date(open_local, papua) == date(2025, 2, 7)
    # 15:10 WIT is after this body's closing time: Monday.
    closed_local = datetime(2025, 2, 7, 15, 10, tzinfo=JAYAPURA)
    assert effective_receipt_date(closed_local, papua) == date(2025, 2, 10)
    # The installation default (no body): Jakarta, 16:00; 15:10 WIT is 13:10 WIB.
    assert effective_receipt_date(closed_local) == date(2025, 2, 7)


# --- A six-day week -----------------------------------------------------------------------


@pytest.mark.django_db
def test_six_day_week_counts_saturdays_but_not_saturday_holidays():
    body = PublicBodyFactory(working_weekdays="012345")
    calendar = calendar_for(body)
    assert calendar.is_working_day(date(2025, 3, 22))  # a Saturday
    assert not calendar.is_working_day(date(2025, 3, 23))  # Sunday
    # Nyepi on Sat 29 Mar 2025 is a holiday, not a working Saturday.
    assert calendar.describe(date(2025, 3, 29)).kind == DayKind.PUBLIC_HOLIDAY
    saturday = datetime(2025, 3, 22, 10, 0, tzinfo=JAKARTA)
    assert effective_receipt_date(saturday, body) == date(2025, 3, 22)
    assert add_working_days(date(2025, 3, 22), 10, body) == date(2025, 4, 12)


# --- Overrides (CalendarOverride) ------------------------------------------------------------


@pytest.fixture
def banten(db):
    return PublicBodyFactory(registration_code="BANTEN")


def override(body, day, kind=OverrideKind.HOLIDAY, sk="SK Gubernur Banten No. 003/2025"):
    return CalendarOverride.objects.create(
        body=body, date=day, kind=kind, sk_reference=sk, description="Libur daerah"
    )


def test_extra_holiday_moves_the_due_date(banten):
    override(banten, date(2025, 3, 25))
    assert not is_working_day(date(2025, 3, 25), banten)
    assert add_working_days(date(2025, 3, 24), 10, banten) == date(2025, 4, 17)


def test_extra_working_saturday_moves_the_due_date_earlier(banten):
    override(banten, date(2025, 4, 12), OverrideKind.WORKING_DAY, "SE Sekda No. 800/12/2025")
    assert is_working_day(date(2025, 4, 12), banten)
    assert add_working_days(date(2025, 3, 24), 10, banten) == date(2025, 4, 15)


def test_working_day_override_can_cancel_a_cuti_bersama(banten):
    override(banten, date(2025, 4, 7), OverrideKind.WORKING_DAY, "SK Bupati No. 1/2025")
    assert is_working_day(date(2025, 4, 7), banten)
    assert add_working_days(date(2025, 3, 24), 10, banten) == date(2025, 4, 15)


def test_installation_wide_override_applies_to_every_body(banten):
    other = PublicBodyFactory()
    override(None, date(2025, 3, 25), sk="SKB 3 Menteri (perubahan) 2025")
    assert not is_working_day(date(2025, 3, 25), banten)
    assert not is_working_day(date(2025, 3, 25), other)
    assert not is_working_day(date(2025, 3, 25))


def test_body_override_beats_installation_wide_override(banten):
    other = PublicBodyFactory()
    override(None, date(2025, 3, 25), sk="SKB 3 Menteri (perubahan) 2025")
    override(banten, date(2025, 3, 25), OverrideKind.WORKING_DAY, "SE Sekda Banten 2025")
    assert is_working_day(date(2025, 3, 25), banten)
    assert not is_working_day(date(2025, 3, 25), other)


def test_another_bodys_override_does_not_leak(banten):
    other = PublicBodyFactory()
    override(other, date(2025, 3, 25))
    assert is_working_day(date(2025, 3, 25), banten)
    assert is_working_day(date(2025, 3, 25))


def test_calendar_is_cached_until_an_override_is_saved_or_deleted(banten):
    first = calendar_for(banten)
    assert calendar_for(banten) is first
    row = override(banten, date(2025, 3, 25))
    after_create = calendar_for(banten)
    assert after_create is not first
    assert not after_create.is_working_day(date(2025, 3, 25))

    row.kind = OverrideKind.WORKING_DAY
    row.date = date(2025, 3, 29)
    row.save()
    after_update = calendar_for(banten)
    assert after_update.is_working_day(date(2025, 3, 25))
    assert after_update.is_working_day(date(2025, 3, 29))

    row.delete()
    after_delete = calendar_for(banten)
    assert not after_delete.is_working_day(date(2025, 3, 29))


def test_changing_the_bodys_working_week_gives_a_new_calendar(banten):
    assert not calendar_for(banten).is_working_day(date(2025, 3, 22))
    banten.working_weekdays = "012345"
    banten.save()
    assert calendar_for(banten).is_working_day(date(2025, 3, 22))


# --- Counting back and forth ------------------------------------------------------------------


def test_working_days_between_is_the_inverse_of_add_working_days(national):
    rng = random.Random(20250324)
    first = date(2025, 1, 1).toordinal()
    for _ in range(2000):
        start = date.fromordinal(first + rng.randrange(730))
        n = rng.randrange(0, 40)
        due = national.add_working_days(start, n)
        assert national.working_days_between(start, due) == n
        assert national.working_days_between(due, start) == -n
        if national.is_working_day(start):
            assert national.add_working_days(due, -n) == start


def test_negative_count_goes_back_over_holidays(national):
    assert national.add_working_days(date(2025, 4, 8), -1) == date(2025, 3, 27)
    # From a non-working day, -1 is the last working day before it.
    assert national.add_working_days(date(2025, 4, 5), -1) == date(2025, 3, 27)


def test_working_days_between_same_day_is_zero(national):
    assert national.working_days_between(date(2025, 3, 24), date(2025, 3, 24)) == 0


def test_working_days_in_lists_the_counted_days(national):
    assert national.working_days_in(date(2025, 3, 26), date(2025, 4, 9)) == [
        date(2025, 3, 27),
        date(2025, 4, 8),
        date(2025, 4, 9),
    ]


def test_dates_outside_the_supported_calendar_are_refused(national):
    with pytest.raises(ValueError, match="outside the supported calendar"):
        national.add_working_days(date(2101, 1, 1), 1)
    with pytest.raises(ValueError, match="outside the supported calendar"):
        national.add_working_days(date(2100, 12, 30), 10)


# --- Explaining a due date --------------------------------------------------------------------


@pytest.mark.django_db
def test_explanation_lists_every_skipped_day_with_its_reason():
    explained = explain_due_date(date(2025, 3, 24), 10)
    assert explained.due == date(2025, 4, 16)
    assert len(explained.counted) == 10 and explained.counted[-1] == date(2025, 4, 16)
    skipped = {s.day: (s.kind, s.reason) for s in explained.skipped}
    assert skipped == {
        date(2025, 3, 28): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Suci Nyepi"),
        date(2025, 3, 29): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja (Hari Suci Nyepi)"),
        date(2025, 3, 30): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja"),
        date(2025, 3, 31): (DayKind.PUBLIC_HOLIDAY, "Hari Raya Idul Fitri"),
        date(2025, 4, 1): (DayKind.PUBLIC_HOLIDAY, "Hari kedua dari Hari Raya Idul Fitri"),
        date(2025, 4, 2): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2025, 4, 3): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2025, 4, 4): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2025, 4, 5): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja"),
        date(2025, 4, 6): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja"),
        date(2025, 4, 7): (DayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
        date(2025, 4, 12): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja"),
        date(2025, 4, 13): (DayKind.WEEKEND, "Akhir pekan / bukan hari kerja"),
    }
    every_day = set(explained.counted) | set(skipped)
    assert every_day == set(days(date(2025, 3, 25), date(2025, 4, 16)))


def test_explanation_names_the_override_and_its_sk_reference(banten):
    override(banten, date(2025, 3, 25), sk="SK Gubernur Banten No. 003/2025")
    explained = explain_due_date(date(2025, 3, 24), 10, banten)
    assert explained.due == date(2025, 4, 17)
    (skip,) = [s for s in explained.skipped if s.day == date(2025, 3, 25)]
    assert skip.kind == DayKind.OVERRIDE_HOLIDAY
    assert skip.reason == "Libur daerah"
    assert skip.sk_reference == "SK Gubernur Banten No. 003/2025"
    national_reasons = [s.sk_reference for s in explained.skipped if s.day != date(2025, 3, 25)]
    assert set(national_reasons) == {""}


def test_explanation_counts_an_extra_working_day_and_skips_nothing_for_it(banten):
    override(banten, date(2025, 4, 12), OverrideKind.WORKING_DAY, "SE Sekda No. 800/12/2025")
    explained = explain_due_date(date(2025, 3, 24), 10, banten)
    assert date(2025, 4, 12) in explained.counted
    assert all(s.day != date(2025, 4, 12) for s in explained.skipped)


def test_override_without_description_gets_a_default_reason(banten):
    CalendarOverride.objects.create(
        body=banten, date=date(2025, 3, 25), kind=OverrideKind.HOLIDAY, sk_reference="SK 9/2025"
    )
    (skip,) = [s for s in explain_due_date(date(2025, 3, 24), 1, banten).skipped if s.sk_reference]
    assert skip.reason == "Hari libur (penetapan instansi)"
    assert skip.sk_reference == "SK 9/2025"


def test_module_functions_agree_with_the_calendar_object(banten, national):
    start = date(2026, 3, 17)
    assert add_working_days(start, 10, banten) == national.add_working_days(start, 10)
    assert working_days_between(start, date(2026, 4, 8), banten) == 10


# --- The benchmark command --------------------------------------------------------------------


@pytest.mark.django_db
def test_benchmark_workdays_prints_json_with_every_figure(body):
    out = io.StringIO()
    call_command("benchmark", "--only", "workdays", "--pairs", "1000", "--json", stdout=out)
    report = json.loads(out.getvalue())
    figures = report["measures"]["workdays"]
    assert figures["pairs"] == 1000
    for key in (
        "calendar_build_seconds",
        "calendar_load_seconds",
        "direct_total_seconds",
        "direct_per_call_us",
        "cached_total_seconds",
        "cached_per_call_us",
    ):
        assert figures[key] > 0, key
    assert figures["cached_body"] == body.code
    assert figures["submit_queries_warm"] > 0
    assert figures["submit_queries_cold"] >= figures["submit_queries_warm"]
    expected = {"only": ["workdays"], "pairs": 1000, "seed": 20250324}
    assert {key: report["options"][key] for key in expected} == expected
    assert report["environment"]["database"]["vendor"] == connection.vendor
    # The throwaway body and its request were rolled back.
    assert list(PublicBody.objects.all()) == [body]
    assert not InformationRequest.objects.exists()


@pytest.mark.django_db
def test_benchmark_prints_a_table_by_default():
    out = io.StringIO()
    call_command(
        "benchmark", "--only", "workdays", "--pairs", "10", stdout=out, stderr=io.StringIO()
    )
    table = out.getvalue()
    assert table.splitlines()[0].split() == ["measure", "figure", "value", "unit"]
    assert "request_submit queries, second" in table


# --- The precomputed arrays agree with the day-by-day rules -----------------------------------

WORKING_KINDS = (DayKind.WORKING, DayKind.OVERRIDE_WORKING)


@pytest.mark.parametrize("weekdays", [frozenset(range(5)), frozenset(range(6)), frozenset({1, 3})])
def test_calendar_arrays_match_the_day_kinds_with_overrides(weekdays):
    # The arrays are built from shared weekday/holiday flags with the overrides written over them
    # (fast), `describe` and `_kind` still classify one day at a time: both must agree everywhere.
    rng = random.Random(7)
    overrides = {}
    for _ in range(60):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 366))
        overrides[day] = Override(day, rng.random() < 0.5, "SK uji")
    calendar = WorkingCalendar(weekdays=weekdays, overrides=tuple(overrides.values()))
    span = days(date(2023, 12, 1), date(2027, 2, 1))
    working = [day for day in span if calendar._kind(day) in WORKING_KINDS]
    assert [day for day in span if calendar.is_working_day(day)] == working
    assert calendar.working_days_in(span[0], span[-1]) == working[working[0] == span[0] :]
    assert calendar.add_working_days(span[0], 1) == next(d for d in working if d > span[0])
