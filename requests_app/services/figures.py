"""Keeping `FigureCell` equal to the requests it sums.

Every request event marks its (body, month of receipt) stale in the event's transaction; the
statistics recompute a stale month's cells from the requests before reading them. Recomputing
(rather than adding and subtracting) means no transition needs to know which figures it moved,
and a cell can never drift from its requests.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone

from requests_app.models import FigureCell, InformationRequest, StaleFigureMonth


def figure_month_mark_stale(request: InformationRequest) -> None:
    """Call inside the transaction that changes the request (`record_event` does)."""
    if request.effective_received_on is not None:  # a draft is counted nowhere yet
        figure_months_mark_stale({(request.body_id, request.effective_received_on.replace(day=1))})


def figure_months_mark_stale(months: set[tuple[int, date]]) -> None:
    """Mark (body id, first day of month) pairs stale, inside the transaction of the change."""
    if not months:
        return
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    table = ops.quote_name(StaleFigureMonth._meta.db_table)
    # A plain INSERT, one row per change: writers never wait for each other or for a refresh,
    # and a refresh deletes only the rows it saw, so a change it could not see keeps its mark.
    # Raw SQL: every request event runs this.
    values = ", ".join(["(%s, %s, %s)"] * len(months))
    params = [
        value
        for body_id, month in sorted(months)
        for value in (body_id, ops.adapt_datefield_value(month), now)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (body_id, month, marked_at) VALUES {values}",  # noqa: S608
            params,
        )


def _cells_insert(requests) -> int:
    """INSERT the cells of `requests` with one INSERT ... SELECT: the aggregate never leaves the
    database. Returns the number of cells."""
    # Imported here: the statistics selectors import this module to refresh before reading.
    from requests_app.selectors.statistics.requests import state_aggregates

    aggregates = state_aggregates()
    grouped = (
        requests.annotate(month=TruncMonth("effective_received_on"))
        .values("body_id", "assigned_unit_id", "month", "channel")
        .annotate(**aggregates)
        .order_by()
    )
    select, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(FigureCell._meta.db_table)
    targets = ["body_id", "unit_id", "month", "channel", *aggregates]
    sources = ["body_id", "assigned_unit_id", "month", "channel", *aggregates]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(map(quote, targets))}) "  # noqa: S608 - names only
            f"SELECT {', '.join(map(quote, sources))} FROM ({select}) AS grouped",
            params,
        )
        return cursor.rowcount


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def figure_cells_refresh_stale(
    *, body_ids: Iterable[int] | None = None, months: list[date] | None = None
) -> int:
    """Recompute the cells of every stale (body, month) among `body_ids` and `months` (first
    days; None: all). Returns how many months were recomputed. When nothing is stale (the usual
    case) this costs one query and takes no lock."""
    marks = StaleFigureMonth.objects.all()
    if months is not None:
        marks = marks.filter(month__in=months)
    if body_ids is not None:
        marks = marks.filter(body_id__in=list(body_ids))
    stale = list(marks.values_list("body_id", "month").distinct().order_by("body_id", "month"))
    for body_id, month in stale:
        _refresh_month(body_id, month)
    return len(stale)


@transaction.atomic
def _refresh_month(body_id: int, month: date) -> None:
    """One (body, month) in its own transaction, so writers of other months never wait and this
    month's marks are held only while its cells are recomputed."""
    seen = list(
        StaleFigureMonth.objects.select_for_update()
        .filter(body_id=body_id, month=month)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not seen:
        return  # another refresh did it meanwhile
    FigureCell.objects.filter(body_id=body_id, month=month).delete()
    _cells_insert(
        InformationRequest.objects.filter(
            body_id=body_id, effective_received_on__range=(month, _month_end(month))
        )
    )
    StaleFigureMonth.objects.filter(pk__in=seen).delete()


@transaction.atomic
def figure_cells_rebuild(*, body_ids: Iterable[int] | None = None) -> int:
    """Recompute every cell of `body_ids` (None: every body) from the requests, after a bulk load
    that bypassed the services. Returns the number of cells."""
    if connection.vendor == "postgresql":
        # Readers keep reading the old cells until this commits; writers' marks wait for it.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StaleFigureMonth._meta.db_table} IN EXCLUSIVE MODE")
    marks, cells = StaleFigureMonth.objects.all(), FigureCell.objects.all()
    requests = InformationRequest.objects.filter(effective_received_on__isnull=False)
    if body_ids is not None:
        body_ids = list(body_ids)
        marks, cells = marks.filter(body_id__in=body_ids), cells.filter(body_id__in=body_ids)
        requests = requests.filter(body_id__in=body_ids)
    marks.delete()
    cells.delete()
    return _cells_insert(requests)
