"""Measure 3: one reminder and escalation scan (issue 4) over every open request.

`scan_all` runs twice at 09:00 on the first working day from the data set's `now` (the hourly
beat's first run of a working day): the first run sends what is due, the second must
send nothing (the ledger holds every key). A third run with a quarter of the batch size shows how
the query count follows the number of batches, not the number of rows.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.benchmarks.base import Context, Measure, Result, stopwatch
from requests_app.models import InformationRequest
from requests_app.services import reminders
from requests_app.workdays import calendar_for

SMALL_BATCH = reminders.BATCH_SIZE // 4


def _scan(now, batch_size: int) -> tuple[float, int, dict]:
    with CaptureQueriesContext(connection) as captured, stopwatch() as watch:
        results = reminders.scan_all(now=now, batch_size=batch_size)
    return watch.seconds, len(captured), results


def _totals(results: dict) -> dict:
    return {
        name: sum(getattr(r, name) for r in results.values())
        for name in ("candidates", "reminders", "messages", "batches")
    }


def _run_results(key: str, label: str, seconds: float, queries: int, totals: dict) -> list:
    return [
        Result(f"{key}_seconds", f"{label}: time", round(seconds, 3), "s"),
        Result(f"{key}_queries", f"{label}: SQL queries", queries, "queries"),
        Result(f"{key}_batches", f"{label}: batches", totals["batches"]),
        Result(f"{key}_candidates", f"{label}: candidates examined", totals["candidates"]),
        Result(f"{key}_reminders", f"{label}: reminders claimed", totals["reminders"]),
        Result(f"{key}_messages", f"{label}: messages stored", totals["messages"]),
    ]


def scan_moment(body, now: datetime) -> datetime:
    """09:00 on the first working day from `now` (or `now` itself when later that day): scans send
    nothing on weekends and holidays, and a benchmark that fell on a Saturday would time nothing."""
    zone = ZoneInfo(body.time_zone)
    calendar = calendar_for(body)
    day = now.astimezone(zone).date()
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
    return max(now, datetime.combine(day, time(9, 0), zone))


def _open_requests(ctx: Context) -> int:
    return InformationRequest.objects.filter(body_id__in=ctx.dataset.org.body_ids).open().count()


def run(ctx: Context) -> list[Result]:
    now = scan_moment(ctx.dataset.org.province.body, ctx.dataset.now)
    open_requests = _open_requests(ctx)
    first_seconds, first_queries, first = _scan(now, reminders.BATCH_SIZE)
    second_seconds, second_queries, second = _scan(now, reminders.BATCH_SIZE)
    small_seconds, small_queries, small = _scan(now, SMALL_BATCH)
    per_scan = {f"first_{name}_messages": result.messages for name, result in first.items()}
    second_totals, small_totals = _totals(second), _totals(small)
    return [
        Result("scan_at", "scan moment (09:00 local, first working day)", now.isoformat()),
        Result("open_requests", "open requests scanned", open_requests),
        *_run_results("first", "scan_all, first run", first_seconds, first_queries, _totals(first)),
        *(Result(key, f"  {key}", value) for key, value in per_scan.items()),
        *_run_results(
            "second", "scan_all, second run", second_seconds, second_queries, second_totals
        ),
        *_run_results(
            "small_batch",
            f"scan_all, batch {SMALL_BATCH}",
            small_seconds,
            small_queries,
            small_totals,
        ),
        Result(
            "second_sends_nothing",
            "second run sends nothing",
            second_totals["messages"] == 0 and small_totals["messages"] == 0,
        ),
    ]


MEASURE = Measure(
    name="reminders",
    description="scan_all twice over all open requests; queries per batch",
    run=run,
)
