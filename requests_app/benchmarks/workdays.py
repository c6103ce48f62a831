"""How fast the working-day calendar answers, and how many queries one submission costs."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from requests_app import workdays
from requests_app.benchmarks.base import Context, Measure, Result, stopwatch
from requests_app.models import AccessMethod, ApplicantType, BodyKind, PublicBody
from requests_app.services.requests import RequestInput, request_submit

FIRST_START = date(2024, 1, 1)
LAST_START = date(2027, 12, 31)
WORKING_DAYS = 10  # the Pasal 22(7) notice period, the figure every request computes
SUBMITTED_AT = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def random_starts(count: int, seed: int) -> list[date]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test dates, not a secret
    low, high = FIRST_START.toordinal(), LAST_START.toordinal()
    return [date.fromordinal(rng.randint(low, high)) for _ in range(count)]


def run(ctx: Context) -> list[Result]:
    pairs = ctx.options["pairs"]
    starts = random_starts(pairs, ctx.options["seed"])  # outside every timed block
    body = PublicBody.objects.order_by("pk").first()
    return [
        Result("pairs", "pairs (start 2024-2027, +10 HK)", pairs),
        *calendar_timings(starts, body),
        *submission_results(),
    ]


def calendar_timings(starts: list[date], body: PublicBody | None) -> list[Result]:
    with stopwatch() as build:
        calendar = workdays.WorkingCalendar()
    workdays.invalidate_calendars()
    with stopwatch() as load:
        workdays.calendar_for(body)

    add = calendar.add_working_days
    with stopwatch() as direct:
        for start in starts:
            add(start, WORKING_DAYS)

    add_cached = workdays.add_working_days
    with stopwatch() as cached:
        for start in starts:
            add_cached(start, WORKING_DAYS, body)

    pairs = len(starts)
    return [
        Result("calendar_build_seconds", "build national calendar", build.seconds, "s"),
        Result("calendar_load_seconds", "calendar_for(body), cold cache", load.seconds, "s"),
        Result("direct_total_seconds", "WorkingCalendar.add_working_days", direct.seconds, "s"),
        Result("direct_per_call_us", "  per call", _micro(direct.seconds, pairs), "µs"),
        Result("cached_total_seconds", "workdays.add_working_days (cache)", cached.seconds, "s"),
        Result("cached_per_call_us", "  per call", _micro(cached.seconds, pairs), "µs"),
        Result("cached_body", "  body used", body.code if body else "(none: national)"),
    ]


def submission_results() -> list[Result]:
    (cold, cold_savepoints), (warm, warm_savepoints) = submission_queries()
    return [
        Result("submit_queries_cold", "request_submit queries, first", cold, "queries"),
        Result("submit_savepoints_cold", "  + savepoint statements", cold_savepoints),
        Result("submit_queries_warm", "request_submit queries, second", warm, "queries"),
        Result("submit_savepoints_warm", "  + savepoint statements", warm_savepoints),
    ]


def submission_queries() -> list[tuple[int, int]]:
    """(queries, savepoint statements) of two `request_submit` calls on a throwaway body.

    Everything is rolled back. The first call also loads the body's calendar and creates its number
    sequence row; the second is the steady state. SAVEPOINT/RELEASE statements are counted apart:
    the outer rollback transaction turns request_submit's own BEGIN/COMMIT into a savepoint pair.
    """
    with transaction.atomic():
        body = PublicBody.objects.create(
            code=f"bench-{uuid.uuid4().hex[:12]}",
            slug=f"bench-{uuid.uuid4().hex[:12]}",
            name="Benchmark (dibatalkan)",
            short_name="Benchmark",
            kind=BodyKind.OTHER,
            registration_code="BENCH",
        )
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                request_submit(body=body, data=_form(), now=SUBMITTED_AT)
            savepoints = sum(_is_savepoint(q["sql"]) for q in queries.captured_queries)
            counts.append((len(queries) - savepoints, savepoints))
        transaction.set_rollback(True)
    workdays.invalidate_calendars()  # the throwaway body's calendar must not outlive it
    return counts


def _is_savepoint(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))


def _form() -> RequestInput:
    return RequestInput(
        applicant_type=ApplicantType.INDIVIDUAL,
        full_name="Pemohon Uji Kinerja",
        nik="3601014507900001",
        address="Jl. Contoh No. 1",
        occupation="Peneliti",
        email="bench@example.org",
        information_requested="Daftar informasi publik",
        purpose="Uji kinerja",
        access_method=AccessMethod.VIEW,
    )


def _micro(seconds: float, calls: int) -> float:
    return seconds / calls * 1_000_000 if calls else 0.0


MEASURE = Measure(
    name="workdays",
    description="add_working_days over random 2024-2027 starts; queries of one submission",
    run=run,
    needs_data=False,
)
