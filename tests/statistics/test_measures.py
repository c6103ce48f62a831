"""Period parsing, the Wilson interval, nearest-rank percentiles and the min-requests rule."""

from __future__ import annotations

from datetime import date

import pytest

from requests_app.errors import ValidationFailed
from requests_app.models import InformationRequest
from requests_app.selectors.statistics import (
    Period,
    Scope,
    compliance_figures,
    nearest_rank,
    wilson_interval,
)
from requests_app.selectors.statistics.measures import histogram, rate
from requests_app.services.figures import figure_cells_rebuild


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("2025-Q2", "quarter", date(2025, 4, 1), date(2025, 6, 30), "2025-Q2"),
        ("2024-q1", "quarter", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2025-3", "month", date(2025, 3, 1), date(2025, 3, 31), "2025-03"),
        (
            " 2025-01-01..2025-06-30 ",
            "custom",
            date(2025, 1, 1),
            date(2025, 6, 30),
            "2025-01-01..2025-06-30",
        ),
        ("2025-05-05..2025-05-05", "custom", date(2025, 5, 5), date(2025, 5, 5), None),
    ],
)
def test_period_parses_year_quarter_month_and_range(text, kind, start, end, label):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    if label:
        assert period.label == label


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "25",
        "2025-Q5",
        "2025-Q0",
        "2025-13",
        "2025-00",
        "1899",
        "2025-02-30..2025-03-01",
        "2025-06-30..2025-01-01",
        "2000-01-01..2025-01-01",
        "2025/03",
        "tahun lalu",
    ],
)
def test_invalid_period_is_a_field_error_on_period(text):
    with pytest.raises(ValidationFailed) as caught:
        Period.parse(text)
    assert list(caught.value.fields) == ["period"]
    assert caught.value.fields["period"][0]


def test_period_lists_the_months_it_touches():
    months = Period.parse("2024-11-15..2025-02-01").months()
    assert months == [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]


def test_scope_refuses_an_unknown_channel():
    with pytest.raises(ValidationFailed) as caught:
        Scope(channel="merpati")
    assert "channel" in caught.value.fields


@pytest.mark.parametrize(
    ("successes", "trials", "interval"),
    [
        (8, 10, (0.4902, 0.9433)),
        (0, 10, (0.0, 0.2775)),
        (10, 10, (0.7225, 1.0)),
        (50, 100, (0.4038, 0.5962)),
        (1, 1, (0.2065, 1.0)),
    ],
)
def test_wilson_interval_matches_published_values(successes, trials, interval):
    assert wilson_interval(successes, trials) == interval


def test_wilson_interval_of_nothing_is_none():
    assert wilson_interval(0, 0) is None
    assert rate(1, 0) is None


def test_nearest_rank_percentiles_from_a_grouped_distribution():
    # 1, 2, 2, 3, 4, 4, 4, 9, 10, 20 (N=10): median rank 5 -> 4, p90 rank 9 -> 10.
    distribution = [(4, 3), (1, 1), (2, 2), (3, 1), (9, 1), (10, 1), (20, 1)]
    assert nearest_rank(distribution, 50) == 4
    assert nearest_rank(distribution, 90) == 10
    assert nearest_rank(distribution, 100) == 20
    assert nearest_rank([(7, 1)], 50) == 7
    assert nearest_rank([], 50) is None


def test_histogram_bins_follow_the_statutory_deadlines():
    assert histogram([(0, 1), (5, 2), (6, 1), (10, 1), (11, 1), (17, 4), (18, 1), (40, 2)]) == {
        "0-5": 3,
        "6-10": 2,
        "11-17": 5,
        "over_17": 3,
    }


def _rows(body, unit, *, received: int, on_time: int):
    for i in range(received):
        InformationRequest.objects.create(
            body=body,
            assigned_unit=unit,
            registration_number=f"{unit.code}-{i}",
            applicant_type="perorangan",
            full_name="x",
            address="x",
            occupation="x",
            information_requested="x",
            purpose="x",
            access_method="melihat",
            status="selesai",
            effective_received_on=date(2025, 2, 3),
            due_on=date(2025, 2, 17),
            notice_sent_at="2025-02-10T09:00:00+07:00",
            notice_late=i >= on_time,
        )


def _league(body) -> dict:
    """The league of 2025 from the materialised cells (rows were inserted directly, so rebuilt),
    and the same league counted from the requests over a period that is not whole months."""
    figure_cells_rebuild()
    scope, today = Scope.for_body(body), date(2025, 12, 1)
    from_cells = compliance_figures(period=Period.for_year(2025), scope=scope, today=today)
    live_period = Period.for_range(date(2025, 1, 1), date(2025, 12, 30))
    from_requests = compliance_figures(period=live_period, scope=scope, today=today)
    assert from_cells["units"] == from_requests["units"]
    return from_cells["units"]


def test_small_units_are_listed_but_not_ranked_and_ranking_uses_the_lower_bound(
    body, opd, other_opd, utama_unit, settings
):
    settings.STATS_MIN_REQUESTS = 10
    _rows(body, opd, received=9, on_time=9)  # 100% but only 9: not ranked
    _rows(body, other_opd, received=40, on_time=34)  # 85% of 40: lower bound 0.709
    _rows(body, utama_unit, received=10, on_time=9)  # 90% of 10: lower bound 0.596
    league = _league(body)
    assert [(row["unit_id"], row["rank"]) for row in league["ranked"]] == [
        (other_opd.pk, 1),
        (utama_unit.pk, 2),
    ]
    assert [row["unit_id"] for row in league["not_ranked"]] == [opd.pk]
    assert league["not_ranked"][0]["on_time_rate"] == 1.0
    # At 9 the small unit is ranked, and 9/9 (lower bound 0.701) still ranks below 34/40.
    settings.STATS_MIN_REQUESTS = 9
    league = _league(body)
    assert [row["unit_id"] for row in league["ranked"]] == [other_opd.pk, opd.pk, utama_unit.pk]
    assert league["not_ranked"] == []
