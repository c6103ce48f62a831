"""Request figures (A16, D.1, D.2): one aggregate over the scoped requests plus a few GROUP BY
queries (time distributions, exemption letters, months, OPDs). Never a loop over request rows."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from requests_app.models import (
    AccessibilityNeed,
    Channel,
    ExemptionLetter,
    InformationRequest,
    Outcome,
    Status,
    WrittenNotice,
)
from requests_app.models.requests import overdue_condition
from requests_app.selectors.statistics.conditions import (
    ANSWERED,
    DELIVERED,
    EXTENDED,
    LATE,
    ON_TIME,
    ON_TIME_10,
    ON_TIME_17,
    PAUSED,
    PENDING,
    never_answered_condition,
)
from requests_app.selectors.statistics.measures import day_summary, mean, rate, wilson_interval
from requests_app.selectors.statistics.periods import Period, Scope

# Stable output keys for the outcomes (A16 "number granted and refused").
OUTCOME_KEYS = {
    "granted_fully": Outcome.GRANTED_FULLY,
    "granted_partly": Outcome.GRANTED_PARTLY,
    "already_available": Outcome.ALREADY_AVAILABLE,
    "refused": Outcome.REFUSED_EXEMPT,
    "not_held": Outcome.NOT_HELD,
    "not_yet_documented": Outcome.NOT_YET_DOCUMENTED,
}
STATUS_OUTCOME_KEYS = {"withdrawn": Status.WITHDRAWN, "closed_incomplete": Status.CLOSED_INCOMPLETE}
HEADLINE_KEYS = (
    "received",
    "answered",
    "delivered",
    "pending",
    "overdue",
    "on_time_10",
    "on_time_17",
    "late",
    "never_answered",
    "on_time_rate",
    "extended",
    "paused",
    "paused_working_days_total",
    "paused_working_days_mean",
)


def scoped_requests(period: Period, scope: Scope) -> QuerySet[InformationRequest]:
    """The requests a figure counts: in scope, received (effective date) within the period.
    Drafts have no effective receipt date and so never count."""
    return InformationRequest.objects.filter(
        scope.request_q(), period.q("effective_received_on")
    ).order_by()


def count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition) if condition is not None else Count("pk")


def headline_aggregates(today: date) -> dict:
    """The headline counts, shared by `compliance_figures` and the per-body command center."""
    return {
        "received": count(),
        "answered": count(ANSWERED),
        "delivered": count(DELIVERED),
        "pending": count(PENDING),
        "overdue": count(overdue_condition(today)),
        "on_time_10": count(ON_TIME_10),
        "on_time_17": count(ON_TIME_17),
        "late": count(LATE),
        "never_answered": count(never_answered_condition(today)),
        "extended": count(EXTENDED),
        "paused": count(PAUSED),
        "paused_working_days_total": Coalesce(Sum("paused_working_days"), Value(0)),
    }


def headline_from(row: dict) -> dict:
    """Headline figures from one aggregate row, with the derived on-time rate: notices on time
    (10 HK, or 17 HK with an extension) over every request that was answered or should have been
    (answered + never answered). Requests still within their deadline are not in the denominator."""
    on_time = row["on_time_10"] + row["on_time_17"]
    figures = {key: row[key] for key in HEADLINE_KEYS if key in row}
    figures["on_time_rate"] = rate(on_time, row["answered"] + row["never_answered"])
    figures["paused_working_days_mean"] = (
        mean(row["paused_working_days_total"] / row["paused"]) if row["paused"] else None
    )
    return {key: figures[key] for key in HEADLINE_KEYS}


def _main_aggregate(base: QuerySet, today: date) -> dict:
    return base.aggregate(
        **headline_aggregates(today),
        notice_days_mean=Avg("working_days_to_notice"),
        delivery_days_mean=Avg("working_days_to_delivery"),
        **{f"outcome_{key}": count(Q(outcome=value)) for key, value in OUTCOME_KEYS.items()},
        **{f"status_{key}": count(Q(status=value)) for key, value in STATUS_OUTCOME_KEYS.items()},
        **{f"channel_{value}": count(Q(channel=value)) for value in Channel.values},
        **{
            f"access_{value}": count(Q(accessibility_needs__contains=value))
            for value in AccessibilityNeed.values
        },
    )


def _distribution(base: QuerySet, field: str) -> list[tuple[int, int]]:
    """`[(working days, requests)]`: one GROUP BY, so percentiles need no database function."""
    rows = (
        base.filter(**{f"{field}__isnull": False})
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(value, n) for value, n in rows]


def _exemptions(period: Period, scope: Scope) -> dict[str, dict[str, int]]:
    """Pasal 17 letters cited on refusals and on partial grants, one GROUP BY on the notices."""
    letters = {"refused": Outcome.REFUSED_EXEMPT, "granted_partly": Outcome.GRANTED_PARTLY}
    result = {key: dict.fromkeys(ExemptionLetter.values, 0) for key in letters}
    rows = (
        WrittenNotice.objects.filter(
            scope.request_q("request__"),
            period.q("request__effective_received_on"),
            request__outcome__in=letters.values(),
        )
        .values_list("request__outcome", "exemption_letter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_outcome = {value: key for key, value in letters.items()}
    for outcome, letter, n in rows:
        if letter in ExemptionLetter.values:
            result[by_outcome[outcome]][letter] += n
    return result


def _monthly(base: QuerySet, period: Period, today: date) -> list[dict]:
    """Per month of receipt (a cohort view: "answered" counts requests received that month)."""
    rows = (
        base.annotate(month=TruncMonth("effective_received_on"))
        .values("month")
        .annotate(
            received=count(),
            answered=count(ANSWERED),
            on_time=count(ON_TIME),
            late=count(LATE),
            never_answered=count(never_answered_condition(today)),
        )
        .order_by("month")
    )
    found = {_month_key(row.pop("month")): row for row in rows}
    empty = dict.fromkeys(("received", "answered", "on_time", "late", "never_answered"), 0)
    return [
        {"month": key, **found.get(key, empty)}
        for key in (_month_key(month) for month in period.months())
    ]


def _month_key(value) -> str:
    return value.isoformat()[:7] if hasattr(value, "isoformat") else str(value)[:7]


def _unit_rows(base: QuerySet, today: date) -> list[dict]:
    return list(
        base.values("assigned_unit", "assigned_unit__short_name", "assigned_unit__name")
        .annotate(
            received=count(),
            answered=count(ANSWERED),
            on_time=count(ON_TIME),
            late=count(LATE),
            never_answered=count(never_answered_condition(today)),
        )
        .order_by()
    )


def _unit_entry(row: dict) -> dict:
    decided = row["answered"] + row["never_answered"]
    interval = wilson_interval(row["on_time"], decided)
    return {
        "unit_id": row["assigned_unit"],
        "short_name": row["assigned_unit__short_name"] or "",
        "name": row["assigned_unit__name"] or "",
        "received": row["received"],
        "answered": row["answered"],
        "on_time": row["on_time"],
        "late": row["late"],
        "never_answered": row["never_answered"],
        "on_time_rate": rate(row["on_time"], decided),
        "wilson_low": interval[0] if interval else None,
        "wilson_high": interval[1] if interval else None,
    }


def min_requests() -> int:
    return int(getattr(settings, "STATS_MIN_REQUESTS", 10))


def unit_league(base: QuerySet, today: date) -> dict:
    """Per-OPD league table (D.2). A unit is ranked only with at least `STATS_MIN_REQUESTS`
    received requests and at least one answered-or-due request; the rest are listed as not
    ranked, so a small unit is not ranked on noise. Ranked by the Wilson 95% lower bound of the
    on-time rate (then the rate, then the name). Requests never routed to an OPD (handled by the
    PPID Utama) are reported apart as `unassigned`."""
    threshold = min_requests()
    ranked, not_ranked, unassigned = [], [], None
    for row in _unit_rows(base, today):
        entry = _unit_entry(row)
        if entry["unit_id"] is None:
            unassigned = entry
        elif entry["received"] >= threshold and entry["wilson_low"] is not None:
            ranked.append(entry)
        else:
            not_ranked.append(entry)
    ranked.sort(key=lambda e: (-e["wilson_low"], -e["on_time_rate"], e["short_name"], e["unit_id"]))
    for position, entry in enumerate(ranked, start=1):
        entry["rank"] = position
    not_ranked.sort(key=lambda e: (e["short_name"], e["unit_id"]))
    return {
        "min_requests": threshold,
        "ranked": ranked,
        "not_ranked": not_ranked,
        "unassigned": unassigned,
    }


def request_figures(*, period: Period, scope: Scope, today: date) -> dict:
    """Every request figure of `compliance_figures` (see its docstring for the keys)."""
    base = scoped_requests(period, scope)
    row = _main_aggregate(base, today)
    exemptions = _exemptions(period, scope)
    return {
        "headline": headline_from(row),
        "working_days_to_notice": day_summary(
            _distribution(base, "working_days_to_notice"), row["notice_days_mean"]
        ),
        "working_days_to_delivery": day_summary(
            _distribution(base, "working_days_to_delivery"), row["delivery_days_mean"]
        ),
        "outcomes": {
            **{key: row[f"outcome_{key}"] for key in OUTCOME_KEYS},
            **{key: row[f"status_{key}"] for key in STATUS_OUTCOME_KEYS},
        },
        "refusals_by_exemption": exemptions["refused"],
        "partial_grants_by_exemption": exemptions["granted_partly"],
        "by_channel": {value: row[f"channel_{value}"] for value in Channel.values},
        "accessibility_needs": {
            value: row[f"access_{value}"] for value in AccessibilityNeed.values
        },
        "monthly": _monthly(base, period, today),
        "units": unit_league(base, today),
    }
