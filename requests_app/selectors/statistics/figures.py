"""The compliance figures every statistics page, API and export reads (A16, D.1, D.2)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from requests_app.selectors.statistics.appeals import dispute_figures, objection_figures
from requests_app.selectors.statistics.periods import Period, Scope
from requests_app.selectors.statistics.requests import (
    HEADLINE_KEYS,
    request_figures,
)


def compliance_figures(*, period: Period, scope: Scope, today: date | None = None) -> dict:
    """All figures for `scope` over `period`, as plain JSON-serialisable data. Reads only.

    Every number is a SQL aggregate: one aggregate per table (requests, objections, disputes)
    plus GROUP BY queries for the time distributions, the Pasal 17 letters, the months and the
    OPDs: 8 queries whatever the number of requests or OPDs. `today` (default: the local date)
    decides what is overdue, never answered or unanswered; the queue's `overdue` and
    `never_answered` filters use the local date too, so drill-downs agree when `today` is today.

    Keys (rates are 0..1 rounded to 4 decimals, None when their denominator is 0; means are
    rounded to 2 decimals, None without data):

    - `period` {kind, label, start, end}, `scope` {body_ids, unit_id, channel}, `today`.
    - `headline`: `received`; `answered` (written notice sent); `delivered`; `pending` (owed a
      notice now: a pre-notice status); `overdue` (owed and past due, the queue's rule);
      `on_time_10` (notice not late, no extension); `on_time_17` (not late, extended); `late`
      (notice after the due date, ground g); `never_answered` (no notice, due date passed, not
      withdrawn/closed incomplete, clock not paused); `on_time_rate` = (on_time_10 + on_time_17)
      / (answered + never_answered); `extended`; `paused` (clock ever paused);
      `paused_working_days_total`; `paused_working_days_mean` (over paused requests).
    - `working_days_to_notice`, `working_days_to_delivery`: {count, mean, median, p90,
      histogram {"0-5", "6-10", "11-17", "over_17"}}; median and p90 are nearest-rank
      (`measures.nearest_rank`).
    - `outcomes`: granted_fully, granted_partly, already_available, refused, not_held,
      not_yet_documented (the notice's keputusan), withdrawn, closed_incomplete (statuses).
    - `refusals_by_exemption`, `partial_grants_by_exemption`: Pasal 17 letter a-j -> count.
    - `by_channel`: channel value -> received.
    - `monthly`: one entry per month of the period {month "YYYY-MM", received, answered,
      on_time, late, never_answered}, by month of receipt.
    - `units`: the OPD league table, see `requests.unit_league`.
    - `objections`: see `appeals.objection_figures`; `disputes`: see `appeals.dispute_figures`.
    """
    today = today or timezone.localdate()
    return {
        "period": period.as_dict(),
        "scope": scope.as_dict(),
        "today": today.isoformat(),
        **request_figures(period=period, scope=scope, today=today),
        "objections": objection_figures(period=period, scope=scope, today=today),
        "disputes": dispute_figures(period=period, scope=scope, today=today),
    }


__all__ = ["HEADLINE_KEYS", "compliance_figures"]
