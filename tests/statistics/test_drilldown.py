"""Every figure with a drill-down counts exactly the requests its queue link lists."""

from __future__ import annotations

import pytest
import time_machine

from requests_app.models import Status
from requests_app.selectors.queue import request_queue
from requests_app.selectors.statistics import (
    Period,
    Scope,
    compliance_figures,
    drilldown_querystring,
    figure_drilldowns,
)
from tests.statistics.conftest import TODAY, at


def figure_value(figures: dict, key: str) -> int:
    section, name = key.split(".", 1)
    if section == "monthly":
        return next(m["received"] for m in figures["monthly"] if m["month"] == name)
    if section == "units":
        league = figures["units"]
        rows = league["ranked"] + league["not_ranked"]
        return next((r["received"] for r in rows if str(r["unit_id"]) == name), 0)
    return figures[section][name]


def test_each_figure_equals_the_count_of_its_queue_list(story, body, opd, other_opd, utama_officer):
    scope = Scope.for_body(body)
    # The queue's overdue/never-answered filters use today's date: travel to the story's today.
    with time_machine.travel(at(TODAY, 10), tick=False):
        for text in ("2025", "2025-02", "2025-02-04..2025-04-14"):
            period = Period.parse(text)
            figures = compliance_figures(period=period, scope=scope)
            drilldowns = figure_drilldowns(
                period=period, scope=scope, unit_ids=[opd.pk, other_opd.pk]
            )
            assert len(drilldowns) > 40
            for key, params in drilldowns.items():
                request_filter, queryset = request_queue(user=utama_officer, params=params)
                assert request_filter.is_valid(), (key, request_filter.errors)
                assert queryset.count() == figure_value(figures, key), (text, key)
            if text == "2025":
                # The agreement means something: these figures are not zero in the story.
                headline = figures["headline"]
                keys = ("overdue", "never_answered", "late", "paused", "on_time_17")
                assert all(headline[key] > 0 for key in keys)


def test_drilldown_for_one_opd_carries_the_unit_and_no_unit_rows(opd, db):
    drilldowns = figure_drilldowns(
        period=Period.parse("2025-Q2"), scope=Scope.for_unit(opd), unit_ids=[opd.pk]
    )
    assert drilldowns["headline.late"] == {
        "received_from": "2025-04-01",
        "received_to": "2025-06-30",
        "body": str(opd.body_id),
        "unit": str(opd.pk),
        "late": "true",
    }
    assert not any(key.startswith("units.") for key in drilldowns)


def test_pending_link_lists_every_pre_notice_status(body):
    params = figure_drilldowns(period=Period.parse("2025"), scope=Scope.for_body(body))
    query = drilldown_querystring(params["headline.pending"])
    assert f"status={Status.NOT_RESPONDED}" in query and f"status={Status.REGISTERED}" in query


def test_a_multi_body_scope_has_no_single_list(db):
    with pytest.raises(ValueError):
        figure_drilldowns(period=Period.parse("2025"), scope=Scope(body_ids=(1, 2)))
