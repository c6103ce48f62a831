"""Measure 7: recomputing the due dates of every open request after a calendar override.

Each seeded body gets an extra holiday on the next working day after `now` (with an SK number, as
the admin would enter it); `due_dates_recompute` then walks every request still owed a notice,
moves the clocks that cross that day and writes one audit event per changed request.
The overrides are removed again afterwards; the moved clocks stay (the data set is thrown away).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.benchmarks.base import Context, Measure, Result, stopwatch
from requests_app.models import CalendarOverride, OverrideKind
from requests_app.services.deadlines import due_dates_recompute
from requests_app.workdays import calendar_for, invalidate_calendars


def run(ctx: Context) -> list[Result]:
    org, now = ctx.dataset.org, ctx.dataset.now
    today = now.astimezone(ZoneInfo(org.province.body.time_zone)).date()
    holiday = calendar_for(org.province.body).next_working_day(today)
    overrides = CalendarOverride.objects.bulk_create(
        [
            CalendarOverride(
                body=b.body,
                date=holiday,
                kind=OverrideKind.HOLIDAY,
                sk_reference="SK/LIBUR/UJI",
                description="Libur daerah (uji kinerja)",
            )
            for b in org.bodies
        ]
    )
    try:
        with CaptureQueriesContext(connection) as captured, stopwatch() as watch:
            result = due_dates_recompute(reason="Uji kinerja: libur daerah", now=now)
    finally:
        CalendarOverride.objects.filter(pk__in=[o.pk for o in overrides]).delete()
        invalidate_calendars()
    return [
        Result("holiday", "extra holiday", holiday.isoformat()),
        Result("seconds", "due_dates_recompute: time", round(watch.seconds, 3), "s"),
        Result("queries", "due_dates_recompute: SQL queries", len(captured), "queries"),
        Result("examined", "open requests examined", result.examined),
        Result("changed", "clocks moved (one event each)", result.changed),
        Result("batches", "batches", result.batches),
    ]


MEASURE = Measure(
    name="recompute",
    description="due_dates_recompute over all open requests after a calendar override",
    run=run,
)
