"""The command center's figures: every body side by side with the same rules as
`compliance_figures` (headline counts, on-time rate, working days to the notice, outcomes,
objections), from one grouped query per table whatever the number of bodies or requests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from requests_app.models import InformationRequest, Objection
from requests_app.selectors.statistics.appeals import DECIDED, unanswered_condition
from requests_app.selectors.statistics.measures import mean, nearest_rank, rate
from requests_app.selectors.statistics.periods import Period
from requests_app.selectors.statistics.requests import (
    OUTCOME_KEYS,
    STATUS_OUTCOME_KEYS,
    count,
    headline_aggregates,
    headline_from,
)

DAYS_FIELD = "working_days_to_notice"
OUTCOMES = (*OUTCOME_KEYS, *STATUS_OUTCOME_KEYS)
OBJECTION_COUNTS = ("total", "decided", "decided_on_time", "unanswered_past_due")


@dataclass
class BodyGroups:
    """One body's request counts summed over its groups, and its `(days, requests)` pairs."""

    counts: defaultdict = field(default_factory=lambda: defaultdict(int))
    distribution: list[tuple[int, int]] = field(default_factory=list)


def _request_aggregates(today: date) -> dict:
    return {
        **headline_aggregates(today),
        **{f"outcome_{key}": count(Q(outcome=value)) for key, value in OUTCOME_KEYS.items()},
        **{f"outcome_{key}": count(Q(status=value)) for key, value in STATUS_OUTCOME_KEYS.items()},
    }


def _request_groups(period: Period, body_ids: list[int], today: date) -> dict[int, BodyGroups]:
    """One GROUP BY (body, working days to the notice): counts add up across a body's groups and
    the groups are the body's distribution of days, so the mean and the nearest-rank median need
    neither a second query nor a loop over requests."""
    rows = (
        InformationRequest.objects.filter(period.q("effective_received_on"), body_id__in=body_ids)
        .values("body", DAYS_FIELD)
        .annotate(**_request_aggregates(today))
        .order_by()
    )
    groups: dict[int, BodyGroups] = defaultdict(BodyGroups)
    for row in rows:
        body, days = groups[row.pop("body")], row.pop(DAYS_FIELD)
        for key, value in row.items():
            body.counts[key] += value
        if days is not None:
            body.distribution.append((days, row["received"]))
    return groups


def _objection_groups(period: Period, body_ids: list[int], today: date) -> dict[int, dict]:
    """Objections received in the period per body (the rules of `appeals.objection_figures`)."""
    rows = (
        Objection.objects.filter(period.q("received_on"), body_id__in=body_ids)
        .values("body")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=DECIDED),
            decided_on_time=Count("pk", filter=DECIDED & Q(decided_late=False)),
            unanswered_past_due=Count("pk", filter=unanswered_condition(today)),
        )
        .order_by()
    )
    return {row.pop("body"): row for row in rows}


def _days(distribution: list[tuple[int, int]]) -> dict:
    n = sum(k for _days, k in distribution)
    total = sum(days * k for days, k in distribution)
    return {
        "count": n,
        "mean": mean(total / n) if n else None,
        "median": nearest_rank(distribution, 50),
        "p90": nearest_rank(distribution, 90),
    }


def _objections(counts: Mapping[str, int]) -> dict:
    figures = {key: counts.get(key, 0) for key in OBJECTION_COUNTS}
    figures["atasan_on_time_rate"] = rate(
        figures["decided_on_time"], figures["decided"] + figures["unanswered_past_due"]
    )
    return figures


def _live_row(body_id: int, groups: BodyGroups, objections: Mapping, keys: Iterable) -> dict:
    row = {key: groups.counts.get(key, 0) for key in keys}
    return {
        "body_id": body_id,
        **headline_from(row),
        "working_days_to_notice": _days(groups.distribution),
        "outcomes": {key: row[f"outcome_{key}"] for key in OUTCOMES},
        "objections": _objections(objections),
        "frozen": False,
    }


def _frozen_row(body_id: int, figures: dict) -> dict:
    """A closed year's row, read from its snapshot (`compliance_figures` as of the closing day)."""
    days = figures["working_days_to_notice"]
    return {
        "body_id": body_id,
        **figures["headline"],
        "working_days_to_notice": {key: days[key] for key in ("count", "mean", "median", "p90")},
        "outcomes": {key: figures["outcomes"][key] for key in OUTCOMES},
        "objections": _objections(figures["objections"]),
        "frozen": True,
    }


def _total(rows: list[dict], distributions: list[list[tuple[int, int]]], today: date) -> dict:
    """All listed bodies together. Counts add up; the mean weighs each body by its notices. A
    frozen row brings no distribution (only its rounded mean), so with one among the rows the
    combined median and 90th percentile are unknown (None) rather than wrong."""
    summed = {key: sum(row[key] for row in rows) for key in headline_aggregates(today)}
    notices = [row["working_days_to_notice"] for row in rows]
    n = sum(d["count"] for d in notices)
    weighted = sum(d["mean"] * d["count"] for d in notices if d["count"])
    merged = [pair for distribution in distributions for pair in distribution]
    exact = not any(row["frozen"] and row["working_days_to_notice"]["count"] for row in rows)
    return {
        **headline_from(summed),
        "working_days_to_notice": {
            "count": n,
            "mean": mean(weighted / n) if n else None,
            "median": nearest_rank(merged, 50) if exact else None,
            "p90": nearest_rank(merged, 90) if exact else None,
        },
        "outcomes": {key: sum(row["outcomes"][key] for row in rows) for key in OUTCOMES},
        "objections": _objections(
            {key: sum(row["objections"][key] for row in rows) for key in OBJECTION_COUNTS}
        ),
    }


def figures_for_bodies(
    *,
    period: Period,
    body_ids: Iterable[int],
    today: date | None = None,
    frozen: Mapping[int, dict] | None = None,
) -> dict:
    """The command center: each body's figures side by side, in the order given, plus `total`.

    Each row: `body_id`; the `headline` keys of `compliance_figures` (flat, same rules);
    `working_days_to_notice` {count, mean, median, p90}; `outcomes` (the same eight keys);
    `objections` {total, decided, decided_on_time, unanswered_past_due, atasan_on_time_rate};
    `frozen`. `frozen` maps a body id to the `compliance_figures` of its closed year
    (`YearSnapshot.figures`), read instead of the rows: the caller decides when a snapshot stands
    for the period. Two queries (requests, objections), or none when every body is frozen."""
    today = today or timezone.localdate()
    frozen = frozen or {}
    body_ids = list(dict.fromkeys(int(pk) for pk in body_ids))
    live = [pk for pk in body_ids if pk not in frozen]
    requests = _request_groups(period, live, today) if live else {}
    objections = _objection_groups(period, live, today) if live else {}
    keys = list(_request_aggregates(today))
    rows = [
        _frozen_row(pk, frozen[pk])
        if pk in frozen
        else _live_row(pk, requests.get(pk, BodyGroups()), objections.get(pk, {}), keys)
        for pk in body_ids
    ]
    distributions = [requests[pk].distribution for pk in live if pk in requests]
    return {
        "period": period.as_dict(),
        "today": today.isoformat(),
        "bodies": rows,
        "total": _total(rows, distributions, today),
    }
