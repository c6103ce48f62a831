"""The command center: headline figures per body side by side, from one query."""

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


def test_each_body_row_equals_that_body_s_compliance_figures(
    story, body, django_assert_num_queries
):
    quiet = PublicBodyFactory()  # no requests at all: a row of zeros
    period = Period.parse("2025")
    ids = [body.pk, story.other_body.pk, quiet.pk]
    with django_assert_num_queries(1):
        side_by_side = figures_for_bodies(period=period, body_ids=ids, today=TODAY)
    assert [row["body_id"] for row in side_by_side["bodies"]] == ids
    for row in side_by_side["bodies"]:
        single = compliance_figures(
            period=period, scope=Scope.for_body(row["body_id"]), today=TODAY
        )
        assert {key: row[key] for key in HEADLINE_KEYS} == single["headline"]
    assert side_by_side["bodies"][0]["received"] == 10
    assert side_by_side["bodies"][1]["received"] == 1
    assert side_by_side["bodies"][2]["on_time_rate"] is None
    # The total row is the figures of all listed bodies together.
    together = compliance_figures(period=period, scope=Scope.for_bodies(ids), today=TODAY)
    assert side_by_side["total"] == together["headline"]
    assert side_by_side["total"]["received"] == 11
