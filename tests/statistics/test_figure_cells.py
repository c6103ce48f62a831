"""`FigureCell`: the materialised state figures always equal the requests they sum."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import FigureCell, StaleFigureMonth
from requests_app.selectors.statistics import Period, Scope, compliance_figures
from requests_app.selectors.statistics.requests import STATE_COUNTERS
from requests_app.services.figures import figure_cells_rebuild
from requests_app.services.workflow import request_withdraw
from tests.statistics.conftest import TODAY, at

pytestmark = pytest.mark.django_db

PERIODS = [Period.for_year(2025), Period.parse("2025-Q1"), Period.parse("2025-02")]


def _from_requests(monkeypatch, **kwargs) -> dict:
    """The same figures counted from the requests (the path of a period that is not months)."""
    with monkeypatch.context() as patch:
        patch.setattr(Period, "is_whole_months", property(lambda period: False))
        return compliance_figures(**kwargs)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_cells_give_the_figures_the_requests_give(story, body, opd, monkeypatch, period):
    for scope in (
        Scope.for_body(body),
        Scope.for_unit(opd),
        Scope.for_body(body, channel="email"),
        Scope.installation(),
    ):
        kwargs = {"period": period, "scope": scope, "today": TODAY}
        from_cells = compliance_figures(**kwargs)
        assert FigureCell.objects.exists()
        assert from_cells == _from_requests(monkeypatch, **kwargs)


def test_a_change_after_a_read_is_in_the_next_read(story, body, utama_officer):
    kwargs = {"period": Period.for_year(2025), "scope": Scope.for_body(body), "today": TODAY}
    before = compliance_figures(**kwargs)
    # The read recomputed what was stale in its scope (the 2024 request and the other body's
    # months are still marked).
    assert not StaleFigureMonth.objects.filter(body=body, month__year=2025).exists()
    withdrawn = request_withdraw(
        request=story.requests[6], actor=utama_officer, reason="Batal", now=at(date(2025, 4, 14))
    )
    month = withdrawn.effective_received_on.replace(day=1)
    assert StaleFigureMonth.objects.filter(body=body, month=month).exists()
    after = compliance_figures(**kwargs)
    assert after["outcomes"]["withdrawn"] == before["outcomes"]["withdrawn"] + 1
    assert after["headline"]["pending"] == before["headline"]["pending"] - 1


def test_rebuild_gives_the_cells_the_services_keep(story, body):
    kwargs = {"period": Period.for_year(2025), "scope": Scope.for_body(body), "today": TODAY}
    kept = compliance_figures(**kwargs)

    def body_cells():
        cells = FigureCell.objects.filter(body=body, month__year=2025)
        return sorted(cells.values_list("unit", "month", "channel", *STATE_COUNTERS), key=str)

    kept_cells = body_cells()
    figure_cells_rebuild()
    assert body_cells() == kept_cells
    assert compliance_figures(**kwargs) == kept


def test_a_refresh_costs_queries_per_stale_month_not_per_request(story, body):
    scope, today = Scope.for_body(body), TODAY
    compliance_figures(period=Period.for_year(2025), scope=scope, today=today)
    marked = StaleFigureMonth.objects.create(body=body, month=date(2025, 2, 1), marked_at=at(TODAY))
    with CaptureQueriesContext(connection) as one_month:
        compliance_figures(period=Period.for_year(2025), scope=scope, today=today)
    assert not StaleFigureMonth.objects.filter(pk=marked.pk).exists()
    StaleFigureMonth.objects.bulk_create(
        [
            StaleFigureMonth(body=body, month=date(2025, month, 1), marked_at=at(TODAY))
            for month in (1, 2, 3)
        ]
    )
    with CaptureQueriesContext(connection) as three_months:
        compliance_figures(period=Period.for_year(2025), scope=scope, today=today)
    # Each stale month, in its own transaction (a savepoint here): lock its marks, delete its
    # cells, insert them again, delete the marks. Six statements, whatever its requests.
    assert len(three_months) - len(one_month) == 2 * 6


def test_the_periodic_task_refreshes_every_stale_month(story, body):
    from requests_app.tasks import refresh_stale_figures

    stale = StaleFigureMonth.objects.values("body", "month").distinct().count()
    assert StaleFigureMonth.objects.count() > stale  # one mark per event, several per month
    assert refresh_stale_figures() == stale
    assert not StaleFigureMonth.objects.exists()
    assert FigureCell.objects.filter(body=body, month=date(2025, 2, 1)).exists()


def test_the_rebuild_command_recomputes_cells_lost_or_wrong(story, body):
    from django.core.management import call_command

    compliance_figures(period=Period.for_year(2025), scope=Scope.for_body(body), today=TODAY)
    expected = FigureCell.objects.filter(body=body, month__year=2025).count()
    FigureCell.objects.filter(body=body).update(received=999)
    call_command("rebuild_figures", stdout=io.StringIO())
    assert FigureCell.objects.filter(body=body, month__year=2025).count() == expected
    assert not FigureCell.objects.filter(received=999).exists()


def test_a_mark_made_while_a_month_is_refreshed_survives_the_refresh(story, body, monkeypatch):
    """A change the refresh could not see (committed after it read the marks) keeps its mark."""
    from requests_app.services import figures

    compliance_figures(period=Period.for_year(2025), scope=Scope.for_body(body), today=TODAY)
    first = StaleFigureMonth.objects.create(body=body, month=date(2025, 2, 1), marked_at=at(TODAY))
    real_insert = figures._cells_insert

    def insert_then_a_change_arrives(requests):
        inserted = real_insert(requests)
        StaleFigureMonth.objects.create(body=body, month=date(2025, 2, 1), marked_at=at(TODAY))
        return inserted

    monkeypatch.setattr(figures, "_cells_insert", insert_then_a_change_arrives)
    assert figures.figure_cells_refresh_stale(body_ids=[body.pk], months=[date(2025, 2, 1)]) == 1
    left = StaleFigureMonth.objects.filter(body=body, month=date(2025, 2, 1))
    assert left.count() == 1 and left.get().pk != first.pk


def test_the_migration_marks_every_month_of_existing_requests_stale(story, body):
    """An installation upgraded with requests already stored reads no empty cells."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("requests_app.migrations.0014_figure_cells")
    StaleFigureMonth.objects.all().delete()
    FigureCell.objects.all().delete()
    migration.mark_every_month_stale(apps, None)
    kwargs = {"period": Period.for_year(2025), "scope": Scope.for_body(body), "today": TODAY}
    assert compliance_figures(**kwargs)["headline"]["received"] == 10
