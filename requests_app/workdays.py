"""The working-day calendar: the only code that knows weekends, holidays and cuti bersama.

Keputusan 1 (domain.md): working days are the body's weekdays (Perpres 21/2023: Monday-Friday by
default) minus `holidays` country ID categories `public` and `government` (cuti bersama), minus the
body's extra holidays, plus its extra working days, each override carrying its SK reference.

The day of receipt is day 0 (convention C4): `add_working_days(start, n)` is the n-th working day
after `start`. A request received on a non-working day, or after the body's office closing time,
counts as received on the next working day.

Speed: a calendar is built once per body and process (about 40,000 days held as arrays), after which
every function is O(1) or a short slice without a database query; batch callers take the calendar
object with `calendar_for()` and call its methods directly.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate, compress
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils.translation import gettext as _

FIRST_YEAR = 1990
LAST_YEAR = 2100
DEFAULT_WEEKDAYS = frozenset(range(5))
# Other processes (web, worker, beat) pick up an override edited in the admin within this time;
# stored due dates are frozen anyway (Keputusan 2), so only new computations are affected.
CACHE_SECONDS = 60


class DayKind:
    WORKING = "working"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public_holiday"
    CUTI_BERSAMA = "cuti_bersama"
    OVERRIDE_HOLIDAY = "override_holiday"
    OVERRIDE_WORKING = "override_working"


@dataclass(frozen=True)
class Override:
    day: date
    is_holiday: bool
    sk_reference: str
    description: str = ""


@dataclass(frozen=True)
class SkippedDay:
    day: date
    kind: str
    reason: str
    sk_reference: str = ""


@dataclass(frozen=True)
class DueDateExplanation:
    start: date
    working_days: int
    due: date
    counted: list[date]
    skipped: list[SkippedDay]


@dataclass
class WorkingCalendar:
    """A body's calendar between FIRST_YEAR and LAST_YEAR, precomputed for constant-time lookups."""

    weekdays: frozenset[int] = DEFAULT_WEEKDAYS
    overrides: tuple[Override, ...] = ()
    _base: int = field(init=False, repr=False)
    _working_ordinals: list[int] = field(init=False, repr=False)
    # _rank[i]: how many working days fall on or before day (base + i).
    _rank: list[int] = field(init=False, repr=False)
    _public: dict[date, str] = field(init=False, repr=False)
    _government: dict[date, str] = field(init=False, repr=False)
    _override_by_day: dict[date, Override] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._public, self._government = _national_holidays()
        self._override_by_day = {o.day: o for o in self.overrides}
        first, last = date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR, 12, 31).toordinal()
        self._base = first
        # The same answer as `_kind` for every day, but from the shared weekday-and-holiday flags
        # with the body's overrides written over them: a build costs a few milliseconds instead of
        # 40,000 Python calls, which every web process pays again per body after CACHE_SECONDS.
        working = bytearray(_base_working_days(frozenset(self.weekdays)))
        for override in self.overrides:
            index = override.day.toordinal() - first
            if 0 <= index < len(working):
                working[index] = 0 if override.is_holiday else 1
        self._rank = list(accumulate(working))
        self._working_ordinals = list(compress(range(first, last + 1), working))

    def _kind(self, day: date) -> str:
        override = self._override_by_day.get(day)
        if override is not None:
            return DayKind.OVERRIDE_HOLIDAY if override.is_holiday else DayKind.OVERRIDE_WORKING
        if day.weekday() not in self.weekdays:
            return DayKind.WEEKEND
        if day in self._public:
            return DayKind.PUBLIC_HOLIDAY
        if day in self._government:
            return DayKind.CUTI_BERSAMA
        return DayKind.WORKING

    def _index(self, day: date) -> int:
        index = day.toordinal() - self._base
        if not 0 <= index < len(self._rank):
            raise ValueError(f"{day} is outside the supported calendar {FIRST_YEAR}-{LAST_YEAR}.")
        return index

    def is_working_day(self, day: date) -> bool:
        index = self._index(day)
        previous = self._rank[index - 1] if index else 0
        return self._rank[index] != previous

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself is day 0); negative counts back."""
        rank = self._rank[self._index(start)]
        if days >= 0:
            position = rank + days - 1
        else:
            position = rank + days - (1 if self.is_working_day(start) else 0)
        if not 0 <= position < len(self._working_ordinals):
            raise ValueError("The result falls outside the supported calendar.")
        if days == 0:
            return start
        return date.fromordinal(self._working_ordinals[position])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        return self._rank[self._index(end)] - self._rank[self._index(start)]

    def next_working_day(self, day: date) -> date:
        return self.add_working_days(day, 1)

    def working_days_in(self, start: date, end: date) -> list[date]:
        """Working days in (start, end], in order."""
        low = bisect_right(self._working_ordinals, start.toordinal())
        high = bisect_right(self._working_ordinals, end.toordinal())
        return [date.fromordinal(o) for o in self._working_ordinals[low:high]]

    def describe(self, day: date) -> SkippedDay | None:
        """Why `day` is not a working day, or None when it is one."""
        kind = self._kind(day)
        if kind in (DayKind.WORKING, DayKind.OVERRIDE_WORKING):
            return None
        if kind == DayKind.OVERRIDE_HOLIDAY:
            override = self._override_by_day[day]
            reason = override.description or _("Hari libur (penetapan instansi)")
            return SkippedDay(day, kind, reason, override.sk_reference)
        if kind == DayKind.WEEKEND:
            # A holiday falling on a weekend is still named, so a receipt explains itself.
            holiday = self._public.get(day) or self._government.get(day)
            reason = _("Akhir pekan / bukan hari kerja")
            return SkippedDay(day, kind, f"{reason} ({holiday})" if holiday else reason)
        if kind == DayKind.PUBLIC_HOLIDAY:
            return SkippedDay(day, kind, self._public[day])
        return SkippedDay(day, kind, self._government[day])

    def explain(self, start: date, days: int) -> DueDateExplanation:
        """The due date with every working day counted and every day skipped, and why."""
        due = self.add_working_days(start, days)
        skipped = []
        day = start + timedelta(days=1)
        while day <= due:
            reason = self.describe(day)
            if reason is not None:
                skipped.append(reason)
            day += timedelta(days=1)
        return DueDateExplanation(start, days, due, self.working_days_in(start, due), skipped)

    def effective_receipt_date(self, received_at: datetime, *, time_zone: str, closes_at) -> date:
        """Convention C4 / Keputusan 1: receipt after closing time or on a day off moves forward."""
        local = received_at.astimezone(ZoneInfo(time_zone))
        day = local.date()
        if self.is_working_day(day) and local.time() < closes_at:
            return day
        return self.next_working_day(day)


@lru_cache(maxsize=1)
def _national_holidays() -> tuple[dict[date, str], dict[date, str]]:
    """Keppres holidays and SKB cuti bersama for every supported year, shared by all bodies."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    public = holidays.country_holidays("ID", years=years, categories=("public",), language="id")
    government = holidays.country_holidays(
        "ID", years=years, categories=("government",), language="id"
    )
    return dict(public), dict(government)


@lru_cache(maxsize=16)
def _base_working_days(weekdays: frozenset[int]) -> bytes:
    """One byte per day from FIRST_YEAR to LAST_YEAR: 1 for a working day before any override
    (one of `weekdays` and no national holiday or cuti bersama), shared by all bodies."""
    public, government = _national_holidays()
    first, last = date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR, 12, 31).toordinal()
    days = (date.fromordinal(ordinal) for ordinal in range(first, last + 1))
    return bytes(
        day.weekday() in weekdays and day not in public and day not in government for day in days
    )


_cache: dict[object, tuple[float, WorkingCalendar]] = {}
_cache_lock = threading.Lock()


def _load(body) -> WorkingCalendar:
    from requests_app.models import CalendarOverride, OverrideKind

    rows = CalendarOverride.objects.filter(body__isnull=True)
    if body is not None:
        rows = CalendarOverride.objects.filter(body=body) | rows
    by_day: dict[date, Override] = {}
    # Installation-wide rows first so that the body's own row for the same day wins.
    for row in sorted(rows, key=lambda r: r.body_id is not None):
        by_day[row.date] = Override(
            row.date, row.kind == OverrideKind.HOLIDAY, row.sk_reference, row.description
        )
    weekdays = body.working_weekday_numbers if body is not None else DEFAULT_WEEKDAYS
    return WorkingCalendar(weekdays=weekdays, overrides=tuple(by_day.values()))


def calendar_for(body=None) -> WorkingCalendar:
    """The cached calendar of `body` (or the installation-wide one when None)."""
    key = (body.pk, body.working_weekdays) if body is not None else None
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    calendar = _load(body)
    with _cache_lock:
        _cache[key] = (now, calendar)
    return calendar


def invalidate_calendars() -> None:
    """Forget every cached calendar in this process (called when an override changes)."""
    with _cache_lock:
        _cache.clear()


def effective_receipt_date(received_at: datetime, body=None) -> date:
    time_zone = body.time_zone if body is not None else settings.TIME_ZONE
    closes_at = body.office_closes_at if body is not None else _default_closing_time()
    return calendar_for(body).effective_receipt_date(
        received_at, time_zone=time_zone, closes_at=closes_at
    )


def add_working_days(start: date, days: int, body=None) -> date:
    return calendar_for(body).add_working_days(start, days)


def working_days_between(start: date, end: date, body=None) -> int:
    return calendar_for(body).working_days_between(start, end)


def is_working_day(day: date, body=None) -> bool:
    return calendar_for(body).is_working_day(day)


def explain_due_date(start: date, days: int, body=None) -> DueDateExplanation:
    return calendar_for(body).explain(start, days)


def _default_closing_time():
    from requests_app.models.organisations import PublicBody

    return PublicBody._meta.get_field("office_closes_at").default
