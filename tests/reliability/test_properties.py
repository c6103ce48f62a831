"""Property-based tests (hypothesis, derandomised, bounded) for the working-day calendar and the
registration-number format. The calendar is checked against an independent oracle: the
`holidays` package and the weekday, day by day."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.models import SequenceKind
from requests_app.services.numbering import format_number
from requests_app.workdays import Override, WorkingCalendar

EXAMPLES = settings(max_examples=150, derandomize=True, deadline=None, database=None)
CALENDAR = WorkingCalendar()
EXTRA_HOLIDAY = date(2025, 6, 10)  # a Tuesday the body declares a holiday (its SK)
BODY_CALENDAR = WorkingCalendar(overrides=(Override(EXTRA_HOLIDAY, True, "SK/LIBUR/2025"),))
OFF_DAYS = holidays.country_holidays(
    "ID", years=range(2023, 2029), categories=("public", "government")
)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
counts = st.integers(min_value=1, max_value=40)


def is_working(day: date, extra: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in OFF_DAYS and day not in extra


@EXAMPLES
@given(days, counts)
def test_the_result_is_a_working_day_after_the_start(start, n):
    due = CALENDAR.add_working_days(start, n)
    assert due > start
    assert is_working(due) and CALENDAR.is_working_day(due)


@EXAMPLES
@given(days, counts)
def test_counting_back_the_working_days_gives_n(start, n):
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@EXAMPLES
@given(days, st.integers(min_value=0, max_value=90))
def test_working_days_between_counts_only_weekdays_that_are_not_holidays(start, span):
    end = start + timedelta(days=span)
    oracle = sum(is_working(start + timedelta(days=i)) for i in range(1, span + 1))
    assert CALENDAR.working_days_between(start, end) == oracle
    assert all(is_working(day) for day in CALENDAR.working_days_in(start, end))


@EXAMPLES
@given(days, counts, counts)
def test_more_days_never_give_an_earlier_date(start, a, b):
    low, high = sorted((a, b))
    assert CALENDAR.add_working_days(start, low) <= CALENDAR.add_working_days(start, high)


@EXAMPLES
@given(days, days, counts)
def test_a_later_start_never_gives_an_earlier_date(a, b, n):
    first, second = sorted((a, b))
    assert CALENDAR.add_working_days(first, n) <= CALENDAR.add_working_days(second, n)


@EXAMPLES
@given(days, counts)
def test_from_a_working_day_counting_back_returns_to_the_start(start, n):
    working = CALENDAR.add_working_days(start, 1)
    assert CALENDAR.add_working_days(CALENDAR.add_working_days(working, n), -n) == working


@EXAMPLES
@given(st.dates(min_value=date(2025, 5, 1), max_value=date(2025, 6, 9)), counts)
def test_a_bodys_own_holiday_is_never_counted(start, n):
    due = BODY_CALENDAR.add_working_days(start, n)
    counted = BODY_CALENDAR.working_days_in(start, due)
    assert EXTRA_HOLIDAY not in counted
    assert all(is_working(day, frozenset({EXTRA_HOLIDAY})) for day in counted)
    assert len(counted) == n


# --- registration numbers ----------------------------------------------------------------------

DEFAULT_FORMAT = "{seq:04d}/PPID/{code}/{year}"
NUMBER = re.compile(r"^(?P<seq>\d{4,})/PPID/(?P<code>[A-Z0-9-]+)/(?P<year>\d{4})$")
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
sequences = st.integers(min_value=1, max_value=999_999)
years = st.integers(min_value=2000, max_value=2099)
months = st.integers(min_value=1, max_value=12)


def body(code: str) -> SimpleNamespace:
    return SimpleNamespace(registration_code=code, registration_number_format=DEFAULT_FORMAT)


def number(code, seq, year, month=1) -> str:
    return format_number(
        body=body(code), kind=SequenceKind.REQUEST, seq=seq, year=year, month=month
    )


@EXAMPLES
@given(codes, sequences, years, months)
def test_a_number_reads_back_as_its_sequence_body_and_year(code, seq, year, month):
    match = NUMBER.match(number(code, seq, year, month))
    assert match is not None
    assert (int(match["seq"]), match["code"], int(match["year"])) == (seq, code, year)
    assert len(number(code, seq, year, month)) <= 80  # fits the column


@EXAMPLES
@given(codes, st.lists(sequences, min_size=2, max_size=30, unique=True), years, months, months)
def test_distinct_sequences_of_one_body_and_year_give_distinct_numbers(code, seqs, year, m1, m2):
    issued = [number(code, seq, year, m1 if i % 2 else m2) for i, seq in enumerate(seqs)]
    assert len(set(issued)) == len(seqs)


@EXAMPLES
@given(codes, codes, sequences, sequences, years, years)
def test_numbers_of_different_bodies_or_years_never_collide(code_a, code_b, s1, s2, y1, y2):
    if (code_a, s1, y1) != (code_b, s2, y2):
        assert number(code_a, s1, y1) != number(code_b, s2, y2)
