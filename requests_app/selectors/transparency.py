"""Reads for the public transparency pages: aggregate figures only, never a person."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models.functions import ExtractYear

from requests_app.models import BodyKind, InformationRequest, PublicBody, YearSnapshot
from requests_app.selectors.statistics import Period, figures_for_bodies
from requests_app.selectors.statistics.requests import headline_aggregates, headline_from


def body_yearly_headlines(*, body: PublicBody, today: date) -> list[dict]:
    """`[{"year", **headline}]` for every year `body` received requests, newest first, with the
    same keys and rules as `compliance_figures()["headline"]`. One GROUP BY query."""
    rows = (
        InformationRequest.objects.filter(body=body, effective_received_on__isnull=False)
        .annotate(year=ExtractYear("effective_received_on"))
        .values("year")
        .annotate(**headline_aggregates(today))
        .order_by("-year")
    )
    return [{"year": row.pop("year"), **headline_from(row)} for row in rows]


def public_bodies_overview(*, year: int, today: date) -> list[dict]:
    """Every body of the installation with its headline figures for `year` (two queries)."""
    bodies = sorted(PublicBody.objects.all(), key=lambda b: (b.kind != BodyKind.PROVINCE, b.name))
    figures = figures_for_bodies(
        period=Period.for_year(year), body_ids=[b.pk for b in bodies], today=today
    )
    return [
        {"body": body, "headline": row} for body, row in zip(bodies, figures["bodies"], strict=True)
    ]


def published_years(*, body: PublicBody) -> dict[int, datetime]:
    """Closed years of `body` (their annual report is published) -> when they were closed."""
    return dict(YearSnapshot.objects.filter(body=body).values_list("year", "closed_at"))
