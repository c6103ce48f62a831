"""The command center: each body's figures side by side (the same rules as
`compliance_figures`), from one grouped query per table."""

from __future__ import annotations

from requests_app.selectors.statistics import (
    HEADLINE_KEYS,
    Period,
    Scope,
    compliance_figures,
    figures_for_bodies,
)
from tests.factories import PublicBodyFactory
from tests.statistics.conftest import TODAY


def _same_as_compliance_figures(row: dict, single: dict) -> None:
    assert {key: row[key] for key in HEADLINE_KEYS} == single["headline"]
    days = single["working_days_to_notice"]
    assert row["working_days_to_notice"] == {k: days[k] for k in ("count", "mean", "median", "p90")}
    assert row["outcomes"] == single["outcomes"]
    objections = single["objections"]
    assert row["objections"] == {
        key: objections[key]
        for key in (
            "total",
            "decided",
            "decided_on_time",
            "unanswered_past_due",
            "atasan_on_time_rate",
        )
    }


def test_each_body_row_equals_that_body_s_compliance_figures(
    story, body, django_assert_num_queries
):
    quiet = PublicBodyFactory()  # no requests at all: a row of zeros
    period = Period.parse("2025")
    ids = [body.pk, story.other_body.pk, quiet.pk]
    with django_assert_num_queries(2):  # requests, objections
        side_by_side = figures_for_bodies(period=period, body_ids=ids, today=TODAY)
    assert [row["body_id"] for row in side_by_side["bodies"]] == ids
    for row in side_by_side["bodies"]:
        single = compliance_figures(
            period=period, scope=Scope.for_body(row["body_id"]), today=TODAY
        )
        _same_as_compliance_figures(row, single)
        assert row["frozen"] is False
    banten = side_by_side["bodies"][0]
    # Hand-counted (tests/statistics/test_figures.py): notices after 3, 5, 11, 12, 15 HK.
    assert banten["received"] == 10 and banten["extended"] == 1
    assert banten["on_time_rate"] == 0.5714
    assert banten["working_days_to_notice"] == {"count": 5, "mean": 9.2, "median": 11, "p90": 15}
    assert banten["outcomes"]["granted_fully"] == 2 and banten["outcomes"]["withdrawn"] == 1
    assert banten["objections"]["total"] == 3
    assert side_by_side["bodies"][1]["received"] == 1
    assert side_by_side["bodies"][2]["on_time_rate"] is None
    assert side_by_side["bodies"][2]["working_days_to_notice"]["median"] is None
    # The total row is the figures of all listed bodies together.
    together = compliance_figures(period=period, scope=Scope.for_bodies(ids), today=TODAY)
    _same_as_compliance_figures(side_by_side["total"], together)
    assert side_by_side["total"]["received"] == 11


def test_a_frozen_body_reads_its_snapshot_and_is_not_queried(
    story, body, django_assert_num_queries
):
    period = Period.parse("2025")
    frozen = compliance_figures(period=period, scope=Scope.for_body(body), today=TODAY)
    frozen["headline"]["received"] = 99
    frozen["outcomes"]["granted_fully"] = 42
    ids = [body.pk, story.other_body.pk]
    with django_assert_num_queries(2):
        result = figures_for_bodies(
            period=period, body_ids=ids, today=TODAY, frozen={body.pk: frozen}
        )
    banten, other = result["bodies"]
    assert (banten["frozen"], banten["received"], banten["outcomes"]["granted_fully"]) == (
        True,
        99,
        42,
    )
    assert (other["frozen"], other["received"]) == (False, 1)
    assert result["total"]["received"] == 100
    assert result["total"]["outcomes"]["granted_fully"] == 42
    # The frozen row has no distribution: the combined median is unknown, the mean is weighted.
    assert result["total"]["working_days_to_notice"]["median"] is None
    assert result["total"]["working_days_to_notice"]["mean"] == 9.2
    with django_assert_num_queries(0):
        figures_for_bodies(period=period, body_ids=[body.pk], today=TODAY, frozen={body.pk: frozen})
