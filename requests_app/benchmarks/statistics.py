"""Measures 1 and 2: the annual compliance statistics (issue 6) against a hand-written SQL floor.

`compliance_figures` for the whole province (every seeded body) and for its busiest OPD, over the
last complete year; then the headline figures (received, answered, on time, late, overdue, mean
working days to the notice) by the ORM's one aggregate and by one hand-written query, the floor.
The floor's numbers are checked against the selector's, so the ratio compares equal work.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Avg

from requests_app.benchmarks.base import (
    Context,
    Measure,
    Result,
    skipped,
    time_repeated,
    timing_results,
)
from requests_app.models import PRE_NOTICE_STATUSES, InformationRequest


def _selector():
    try:
        from requests_app.selectors import statistics
    except ImportError as error:  # being written by another engineer
        return None, str(error)
    return statistics, ""


def floor_sql(body_ids: list[int], start: date, end: date, today: date) -> tuple[str, list]:
    """The headline figures in one statement, the way one would write them by hand."""
    table = InformationRequest._meta.db_table
    bodies = ", ".join(["%s"] * len(body_ids))
    statuses = ", ".join(["%s"] * len(PRE_NOTICE_STATUSES))
    sql = f"""
        SELECT COUNT(*),
               SUM(CASE WHEN notice_sent_at IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN notice_sent_at IS NOT NULL AND NOT notice_late THEN 1 ELSE 0 END),
               SUM(CASE WHEN notice_late THEN 1 ELSE 0 END),
               SUM(CASE WHEN status IN ({statuses}) AND due_on < %s
                         AND paused_working_days_left IS NULL THEN 1 ELSE 0 END),
               AVG(working_days_to_notice)
          FROM {table}
         WHERE body_id IN ({bodies}) AND effective_received_on BETWEEN %s AND %s
    """  # noqa: S608 - table and placeholders only
    return sql, [*PRE_NOTICE_STATUSES, today, *body_ids, start, end]


def floor_figures(body_ids: list[int], start: date, end: date, today: date) -> dict:
    sql, params = floor_sql(body_ids, start, end, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        received, answered, on_time, late, overdue, mean = cursor.fetchone()
    return {
        "received": received or 0,
        "answered": answered or 0,
        "on_time": on_time or 0,
        "late": late or 0,
        "overdue": overdue or 0,
        "notice_days_mean": round(float(mean), 2) if mean is not None else None,
    }


def _selector_headline(figures: dict) -> dict:
    headline = figures["headline"]
    return {
        "received": headline["received"],
        "answered": headline["answered"],
        "on_time": headline["on_time_10"] + headline["on_time_17"],
        "late": headline["late"],
        "overdue": headline["overdue"],
        "notice_days_mean": figures["working_days_to_notice"]["mean"],
    }


def run(ctx: Context) -> list[Result]:
    stats, problem = _selector()
    if stats is None:
        return skipped(f"requests_app.selectors.statistics not importable yet: {problem}")
    org, now = ctx.dataset.org, ctx.dataset.now
    today = now.astimezone(ZoneInfo(org.province.body.time_zone)).date()
    period = stats.Period.for_year(today.year - 1)
    province = stats.Scope.for_bodies(org.body_ids)
    opd = org.province.opds[0]  # the busiest OPD of the province

    def province_figures():
        return stats.compliance_figures(period=period, scope=province, today=today)

    def opd_figures():
        return stats.compliance_figures(period=period, scope=stats.Scope.for_unit(opd), today=today)

    def orm_headline():
        from requests_app.selectors.statistics.requests import headline_aggregates

        return InformationRequest.objects.filter(
            province.request_q(), period.q("effective_received_on")
        ).aggregate(**headline_aggregates(today), mean=Avg("working_days_to_notice"))

    def floor():
        return floor_figures(org.body_ids, period.start, period.end, today)

    full, full_figures = time_repeated(province_figures, ctx.repeat)
    unit, _figures = time_repeated(opd_figures, ctx.repeat)
    headline, _row = time_repeated(orm_headline, ctx.repeat)
    bare, floor_result = time_repeated(floor, ctx.repeat)
    return [
        Result("period", "period", period.label),
        Result("province_requests", "requests in the period", full_figures["headline"]["received"]),
        *timing_results("province", "compliance_figures, province", full),
        *timing_results("opd", f"compliance_figures, one OPD ({opd.short_name})", unit),
        *timing_results("orm_headline", "headline figures, ORM aggregate", headline),
        *timing_results("floor", "headline figures, hand-written SQL", bare),
        Result(
            "floor_matches_selector",
            "floor figures equal the selector's",
            floor_result == _selector_headline(full_figures),
        ),
        Result(
            "ratio_province_to_floor",
            "compliance_figures / floor (medians)",
            round(full.median_ms / bare.median_ms, 2) if bare.median_ms else 0.0,
            "x",
        ),
        Result(
            "ratio_headline_to_floor",
            "ORM headline / floor (medians)",
            round(headline.median_ms / bare.median_ms, 2) if bare.median_ms else 0.0,
            "x",
        ),
    ]


MEASURE = Measure(
    name="statistics",
    description="annual compliance_figures (province, one OPD) vs a hand-written SQL floor",
    run=run,
)
