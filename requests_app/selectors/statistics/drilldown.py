"""From a figure to the queue: the `RequestFilter` parameters that list exactly the requests
counted by each request figure of `compliance_figures` (tests assert the counts agree)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from requests_app.models import PRE_NOTICE_STATUSES, Channel, ExemptionLetter, Outcome
from requests_app.selectors.statistics.periods import Period, Scope
from requests_app.selectors.statistics.requests import OUTCOME_KEYS, STATUS_OUTCOME_KEYS

Params = dict[str, str | list[str]]
TRUE, FALSE = "true", "false"

HEADLINE: dict[str, Params] = {
    "received": {},
    "answered": {"answered": TRUE},
    "delivered": {"delivered": TRUE},
    "pending": {"status": [str(s) for s in PRE_NOTICE_STATUSES]},
    "overdue": {"overdue": TRUE},
    "on_time_10": {"answered": TRUE, "late": FALSE, "extended": FALSE},
    "on_time_17": {"answered": TRUE, "late": FALSE, "extended": TRUE},
    "late": {"late": TRUE},
    "never_answered": {"never_answered": TRUE},
    "extended": {"extended": TRUE},
    "paused": {"paused": TRUE},
}


def base_params(period: Period, scope: Scope) -> Params:
    """The period and scope as queue parameters. The queue takes one body: a multi-body scope has
    no single list behind it (drill into each body instead)."""
    if scope.body_ids is not None and len(scope.body_ids) != 1:
        raise ValueError("Drill-downs need an installation scope or exactly one body.")
    params: Params = {
        "received_from": period.start.isoformat(),
        "received_to": period.end.isoformat(),
    }
    if scope.single_body_id is not None:
        params["body"] = str(scope.single_body_id)
    if scope.unit_id is not None:
        params["unit"] = str(scope.unit_id)
    if scope.channel is not None:
        params["channel"] = scope.channel
    return params


def figure_drilldowns(
    *, period: Period, scope: Scope, unit_ids: Iterable[int] = ()
) -> dict[str, Params]:
    """`{"<section>.<key>": queue params}` for the request figures that have a list behind them:
    every `headline` count, `outcomes`, `refusals_by_exemption`, `partial_grants_by_exemption`,
    `by_channel` (when the scope is not already one channel), `monthly` (received), and
    `units.<id>` for the OPDs given (when the scope is not already one OPD). Rates, means and
    percentiles have none. `overdue` and `never_answered` use today's date, like the queue."""
    base = base_params(period, scope)
    extra: dict[str, Params] = {f"headline.{key}": value for key, value in HEADLINE.items()}
    for key, value in OUTCOME_KEYS.items():
        extra[f"outcomes.{key}"] = {"outcome": str(value)}
    for key, value in STATUS_OUTCOME_KEYS.items():
        extra[f"outcomes.{key}"] = {"status": [str(value)]}
    for section, outcome in (
        ("refusals_by_exemption", Outcome.REFUSED_EXEMPT),
        ("partial_grants_by_exemption", Outcome.GRANTED_PARTLY),
    ):
        for letter in ExemptionLetter.values:
            extra[f"{section}.{letter}"] = {"outcome": str(outcome), "exemption": letter}
    if scope.channel is None:
        for value in Channel.values:
            extra[f"by_channel.{value}"] = {"channel": value}
    for month, start, end in _month_ranges(period):
        extra[f"monthly.{month}"] = {"received_from": start, "received_to": end}
    if scope.unit_id is None:
        for unit_id in unit_ids:
            extra[f"units.{unit_id}"] = {"unit": str(unit_id)}
    return {key: {**base, **params} for key, params in extra.items()}


def _month_ranges(period: Period) -> list[tuple[str, str, str]]:
    ranges = []
    for first in period.months():
        following = Period.for_month(first.year, first.month)
        start, end = max(first, period.start), min(following.end, period.end)
        ranges.append((first.isoformat()[:7], start.isoformat(), end.isoformat()))
    return ranges


def drilldown_querystring(params: Params) -> str:
    """`?`-less query string for a link to the queue page."""
    return urlencode(params, doseq=True)
