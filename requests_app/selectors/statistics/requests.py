"""Request figures (A16, D.1, D.2). The figures fixed by each request's state are summed from
`FigureCell` (or, for a period that is not whole months, from the requests); the figures that
depend on today and the working-day distributions are counted from the requests. All SQL
aggregates: the Python loops here run over aggregated groups, never over request rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from requests_app.models import (
    AccessibilityNeed,
    Channel,
    ExemptionLetter,
    FigureCell,
    InformationRequest,
    Outcome,
    Status,
)
from requests_app.models.requests import MAY_OWE_NOTICE, overdue_condition
from requests_app.selectors.statistics.conditions import (
    ANSWERED,
    DELIVERED,
    EXTENDED,
    LATE,
    ON_TIME_10,
    ON_TIME_17,
    PAUSED,
    PENDING,
    never_answered_condition,
)
from requests_app.selectors.statistics.measures import day_summary, mean, rate, wilson_interval
from requests_app.selectors.statistics.periods import Period, Scope
from requests_app.services.figures import figure_cells_refresh_stale

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
    # COUNT(1), not COUNT(id): the id is not in the statistics' covering indexes.
    return Count(Value(1), filter=condition)


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


# Figures fixed by a request's own state, by output key. `FigureCell` has one column per key,
# the sum of the condition over its requests; the live path counts the same conditions.
LETTER_OUTCOMES = {"refused": Outcome.REFUSED_EXEMPT, "granted_partly": Outcome.GRANTED_PARTLY}
STATE_COUNTERS: dict[str, Q | None] = {
    "received": None,
    "answered": ANSWERED,
    "delivered": DELIVERED,
    "on_time_10": ON_TIME_10,
    "on_time_17": ON_TIME_17,
    "late": LATE,
    "extended": EXTENDED,
    "paused": PAUSED,
    **{f"outcome_{key}": Q(outcome=value) for key, value in OUTCOME_KEYS.items()},
    **{f"status_{key}": Q(status=value) for key, value in STATUS_OUTCOME_KEYS.items()},
    **{
        f"access_{value}": Q(accessibility_needs__contains=value)
        for value in AccessibilityNeed.values
    },
    **{
        f"{kind}_letter_{letter}": Q(outcome=outcome, notice__exemption_letter=letter)
        for kind, outcome in LETTER_OUTCOMES.items()
        for letter in ExemptionLetter.values
    },
}
STATE_SUMS = {"paused_working_days_total": "paused_working_days"}
# What the month and OPD breakdowns need of the above.
BREAKDOWN_KEYS = ("received", "answered", "on_time_10", "on_time_17", "late")


def state_aggregates(keys=None) -> dict:
    """The state figures as aggregates over `InformationRequest` rows."""
    counters = {key: count(STATE_COUNTERS[key]) for key in keys or STATE_COUNTERS}
    sums = {} if keys else {k: Coalesce(Sum(f), Value(0)) for k, f in STATE_SUMS.items()}
    return {**counters, **sums}


def cell_aggregates(keys=None) -> dict:
    """The same figures summed over `FigureCell` rows."""
    names = keys or (*STATE_COUNTERS, *STATE_SUMS)
    return {key: Coalesce(Sum(key), Value(0)) for key in names}


def owed_aggregates(today: date) -> dict:
    """Figures that depend on today's date: counted live, never materialised."""
    return {
        "pending": count(PENDING),
        "overdue": count(overdue_condition(today)),
        "never_answered": count(never_answered_condition(today)),
    }


def _owed_rows(base: QuerySet, today: date) -> list[dict]:
    """Owed figures by OPD and month, over the requests that can still owe a notice."""
    return list(
        base.filter(MAY_OWE_NOTICE)
        .annotate(month=TruncMonth("effective_received_on"))
        .values("assigned_unit", "month")
        .annotate(**owed_aggregates(today))
        .order_by()
    )


def _day_distributions(base: QuerySet) -> tuple[list, list]:
    """`[(working days, requests)]` to the notice and to delivery, from one GROUP BY over both
    measures (a few hundred groups), so percentiles need no database function."""
    rows = (
        base.filter(
            Q(working_days_to_notice__isnull=False) | Q(working_days_to_delivery__isnull=False)
        )
        .values_list("working_days_to_notice", "working_days_to_delivery")
        .annotate(n=count())
        .order_by()
    )
    notice, delivery = Counter(), Counter()
    for to_notice, to_delivery, n in rows:
        if to_notice is not None:
            notice[to_notice] += n
        if to_delivery is not None:
            delivery[to_delivery] += n
    return sorted(notice.items()), sorted(delivery.items())


def _distribution_mean(distribution: list[tuple[int, int]]) -> float | None:
    total = sum(n for _value, n in distribution)
    return sum(value * n for value, n in distribution) / total if total else None


def _month_key(value) -> str:
    return value.isoformat()[:7] if hasattr(value, "isoformat") else str(value)[:7]


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


def unit_league(rows: list[dict]) -> dict:
    """Per-OPD league table (D.2) from rows of `_unit_entry` figures. A unit is ranked only with
    at least `STATS_MIN_REQUESTS` received requests and at least one answered-or-due request; the
    rest are listed as not ranked, so a small unit is not ranked on noise. Ranked by the Wilson 95%
    lower bound of the on-time rate (then the rate, then the name). Requests never routed to an
    OPD (handled by the PPID Utama) are reported apart as `unassigned`."""
    threshold = min_requests()
    ranked, not_ranked, unassigned = [], [], None
    for row in rows:
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


def _state_source(period: Period, scope: Scope) -> tuple[QuerySet, dict, str, str]:
    """Where the state figures come from: the materialised cells when the period is whole
    months (every report period: year, quarter, month), else the requests themselves.
    Returns the queryset, its aggregates, and the names of its OPD and month columns."""
    if period.is_whole_months:
        body_ids = scope.body_ids
        figure_cells_refresh_stale(body_ids=body_ids, months=period.months())
        cells = FigureCell.objects.filter(period.q("month"))
        if body_ids is not None:
            cells = cells.filter(body_id__in=body_ids)
        if scope.unit_id is not None:
            cells = cells.filter(unit_id=scope.unit_id)
        if scope.channel is not None:
            cells = cells.filter(channel=scope.channel)
        return cells.order_by(), cell_aggregates, "unit", "month"
    requests = scoped_requests(period, scope).annotate(month=TruncMonth("effective_received_on"))
    return requests, state_aggregates, "assigned_unit", "month"


def request_figures(*, period: Period, scope: Scope, today: date) -> dict:
    """Every request figure of `compliance_figures` (see its docstring for the keys)."""
    source, aggregates, unit, month = _state_source(period, scope)
    # Every state figure per channel (at most seven groups): the totals are their sum.
    by_channel = list(source.values("channel").annotate(**aggregates()).order_by())
    totals = Counter(dict.fromkeys((*STATE_COUNTERS, *STATE_SUMS), 0))
    for row in by_channel:
        totals.update({key: value for key, value in row.items() if key != "channel"})
    received_by_channel = {row["channel"]: row["received"] for row in by_channel}
    by_month = source.values(month).annotate(**aggregates(BREAKDOWN_KEYS)).order_by()
    by_unit = (
        source.values(unit, f"{unit}__short_name", f"{unit}__name")
        .annotate(**aggregates(BREAKDOWN_KEYS))
        .order_by()
    )
    base = scoped_requests(period, scope)
    owed_rows = _owed_rows(base, today)
    to_notice, to_delivery = _day_distributions(base)

    owed_total = Counter()
    owed_by_month, owed_by_unit = defaultdict(Counter), defaultdict(Counter)
    for row in owed_rows:
        figures = {key: row[key] for key in ("pending", "overdue", "never_answered")}
        owed_total.update(figures)
        owed_by_month[_month_key(row["month"])].update(figures)
        owed_by_unit[row["assigned_unit"]].update(figures)
    owed_keys = ("pending", "overdue", "never_answered")
    headline = {**totals, **{key: owed_total[key] for key in owed_keys}}
    return {
        "headline": headline_from(headline),
        "working_days_to_notice": day_summary(to_notice, _distribution_mean(to_notice)),
        "working_days_to_delivery": day_summary(to_delivery, _distribution_mean(to_delivery)),
        "outcomes": {
            **{key: totals[f"outcome_{key}"] for key in OUTCOME_KEYS},
            **{key: totals[f"status_{key}"] for key in STATUS_OUTCOME_KEYS},
        },
        "refusals_by_exemption": _letters(totals, "refused"),
        "partial_grants_by_exemption": _letters(totals, "granted_partly"),
        "by_channel": {value: received_by_channel.get(value, 0) for value in Channel.values},
        "accessibility_needs": {
            value: totals[f"access_{value}"] for value in AccessibilityNeed.values
        },
        "monthly": _monthly(
            {_month_key(row[month]): row for row in by_month}, owed_by_month, period
        ),
        "units": unit_league(
            [
                {
                    "assigned_unit": row[unit],
                    "assigned_unit__short_name": row[f"{unit}__short_name"],
                    "assigned_unit__name": row[f"{unit}__name"],
                    **_breakdown(row, owed_by_unit[row[unit]]),
                }
                for row in by_unit
            ]
        ),
    }


def _letters(totals: dict, kind: str) -> dict[str, int]:
    return {letter: totals[f"{kind}_letter_{letter}"] for letter in ExemptionLetter.values}


def _breakdown(row: dict, owed: Counter) -> dict:
    return {
        "received": row["received"],
        "answered": row["answered"],
        "on_time": row["on_time_10"] + row["on_time_17"],
        "late": row["late"],
        "never_answered": owed["never_answered"],
    }


def _monthly(found: dict, owed_by_month: dict, period: Period) -> list[dict]:
    """Per month of receipt (a cohort view: "answered" counts requests received that month)."""
    empty = dict.fromkeys(BREAKDOWN_KEYS, 0)
    return [
        {"month": key, **_breakdown(found.get(key, empty), owed_by_month.get(key, Counter()))}
        for key in (_month_key(first) for first in period.months())
    ]
