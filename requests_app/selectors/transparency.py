"""Reads for the public transparency pages: aggregate figures only, never a person."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models.functions import ExtractYear

from requests_app.models import BodyKind, InformationRequest, PublicBody, YearSnapshot
from requests_app.selectors.reporting import bodies_figures_get
from requests_app.selectors.statistics import HEADLINE_KEYS, Period
from requests_app.selectors.statistics.requests import headline_aggregates, headline_from


def body_yearly_headlines(*, body: PublicBody, today: date) -> list[dict]:
    """`[{"year", "closed", **headline}]` for every year `body` received requests or closed,
    newest first, with the same keys and rules as `compliance_figures()["headline"]`. A closed
    year shows its snapshot's figures, like its published report. Two queries (one GROUP BY)."""
    rows = (
        InformationRequest.objects.filter(body=body, effective_received_on__isnull=False)
        .annotate(year=ExtractYear("effective_received_on"))
        .values("year")
        .annotate(**headline_aggregates(today))
        .order_by()
    )
    years = {row.pop("year"): {**headline_from(row), "closed": False} for row in rows}
    for year, figures in YearSnapshot.objects.filter(body=body).values_list("year", "figures"):
        headline = figures["headline"]
        years[year] = {**{key: headline[key] for key in HEADLINE_KEYS}, "closed": True}
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]


def public_bodies_overview(*, year: int, today: date) -> list[dict]:
    """Every body of the installation with its headline figures for `year` (a closed year from
    its snapshot). Four queries whatever the number of bodies."""
    bodies = sorted(PublicBody.objects.all(), key=lambda b: (b.kind != BodyKind.PROVINCE, b.name))
    figures = bodies_figures_get(
        period=Period.for_year(year), body_ids=[b.pk for b in bodies], today=today
    )
    return [
        {"body": body, "headline": row} for body, row in zip(bodies, figures["bodies"], strict=True)
    ]


def published_years(*, body: PublicBody) -> dict[int, datetime]:
    """Closed years of `body` (their annual report is published) -> when they were closed."""
    return dict(YearSnapshot.objects.filter(body=body).values_list("year", "closed_at"))
