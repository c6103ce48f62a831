"""Reads for the annual report, the year snapshots, the monev pack and export jobs (issue 6).

A closed year is read from its `YearSnapshot`, never recomputed, so every report, open-data file
and monev pack of that year shows the same numbers whatever happens to the rows later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from requests_app.errors import ObjectNotFound
from requests_app.models import (
    AnnualReportNarrative,
    BodyKind,
    ExportJob,
    MonevIndicator,
    PublicBody,
    Role,
    YearSnapshot,
)
from requests_app.permissions import is_body_wide, memberships_of
from requests_app.selectors.statistics import (
    Period,
    Scope,
    compliance_figures,
    figures_for_bodies,
)

NARRATIVE_FIELDS = (
    "policy",
    "facilities",
    "staff",
    "budget",
    "service_overview",
    "obstacles",
    "recommendations",
)


@dataclass(frozen=True)
class YearFigures:
    """The figures of one body-year and where they come from (`snapshot` None: computed now)."""

    figures: dict
    snapshot: YearSnapshot | None

    @property
    def closed(self) -> bool:
        return self.snapshot is not None


def body_local_date(body: PublicBody, now: datetime) -> date:
    return now.astimezone(ZoneInfo(body.time_zone)).date()


def year_snapshot_get(*, body: PublicBody, year: int) -> YearSnapshot | None:
    return YearSnapshot.objects.filter(body=body, year=year).select_related("closed_by").first()


def closed_year_snapshot(*, period: Period, scope: Scope) -> YearSnapshot | None:
    """The snapshot that stands for `period` and `scope`, if any: the period is exactly one
    calendar year and the scope exactly one whole body (no OPD or channel filter, which the
    snapshot does not hold) whose year is closed. Else None: the figures are computed live."""
    year = period.calendar_year
    body_id = scope.single_body_id
    if year is None or body_id is None or scope.unit_id is not None or scope.channel is not None:
        return None
    return (
        YearSnapshot.objects.filter(body_id=body_id, year=year).select_related("closed_by").first()
    )


def stats_figures_get(*, period: Period, scope: Scope, today: date | None = None) -> YearFigures:
    """`compliance_figures`, except that a closed year of one body reads its snapshot, so the
    dashboard, the APIs, the transparency page and the reports show the same frozen numbers."""
    snapshot = closed_year_snapshot(period=period, scope=scope)
    if snapshot is not None:
        return YearFigures(figures=snapshot.figures, snapshot=snapshot)
    return YearFigures(
        figures=compliance_figures(period=period, scope=scope, today=today), snapshot=None
    )


def year_figures(*, body: PublicBody, year: int, now: datetime) -> YearFigures:
    """The frozen figures of a closed year, else `compliance_figures` for the year as of `now`."""
    return stats_figures_get(
        period=Period.for_year(year),
        scope=Scope.for_body(body),
        today=body_local_date(body, now),
    )


def bodies_figures_get(
    *, period: Period, body_ids: Iterable[int], today: date | None = None
) -> dict:
    """`figures_for_bodies` with each closed year read from its snapshot (when the period is one
    calendar year); one more query whatever the number of bodies."""
    body_ids = list(body_ids)
    frozen = {}
    if period.calendar_year is not None:
        frozen = dict(
            YearSnapshot.objects.filter(
                body_id__in=body_ids, year=period.calendar_year
            ).values_list("body_id", "figures")
        )
    return figures_for_bodies(period=period, body_ids=body_ids, today=today, frozen=frozen)


def narrative_get(*, body: PublicBody, year: int) -> AnnualReportNarrative:
    """The saved narrative, or an unsaved blank one (nothing is written by reading)."""
    narrative = AnnualReportNarrative.objects.filter(body=body, year=year).first()
    return narrative or AnnualReportNarrative(body=body, year=year)


def report_narrative_get(
    *, body: PublicBody, year: int, snapshot: YearSnapshot | None
) -> AnnualReportNarrative:
    """The narrative a report prints: frozen in the snapshot once the year is closed (an unsaved
    instance), else the one being edited."""
    if snapshot is None:
        return narrative_get(body=body, year=year)
    frozen = {name: str(snapshot.narrative.get(name, "")) for name in NARRATIVE_FIELDS}
    return AnnualReportNarrative(body=body, year=year, **frozen)


def narrative_freeze(narrative: AnnualReportNarrative) -> dict[str, str]:
    return {name: getattr(narrative, name) for name in NARRATIVE_FIELDS}


def report_bodies_for(user) -> QuerySet[PublicBody]:
    """Bodies whose reports `user` may read: where the user has a body-wide role, plus the
    kabupaten/kota of a province the user supervises (the command center's scope). A PPID
    Pelaksana officer reads only their OPD's figures (as in statistics), so not the body's
    reports."""
    if user.is_superuser:
        return PublicBody.objects.order_by("name")
    memberships = [m for m in memberships_of(user) if is_body_wide(m)]
    ids = {m.body_id for m in memberships}
    provinces = {
        m.body_id
        for m in memberships
        if m.role == Role.SUPERVISOR and m.body.kind == BodyKind.PROVINCE
    }
    return PublicBody.objects.filter(Q(pk__in=ids) | Q(parent_id__in=provinces)).order_by("name")


def can_read_reports(user, body: PublicBody) -> bool:
    return report_bodies_for(user).filter(pk=body.pk).exists()


def can_manage_reports(user, body: PublicBody) -> bool:
    """The PPID Utama desk of the body writes the narrative and closes the year (Pasal 56: the
    report is the PPID's); a superuser may too."""
    if user.is_superuser:
        return True
    return any(
        m.body_id == body.pk and m.role == Role.UTAMA_OFFICER and is_body_wide(m)
        for m in memberships_of(user)
    )


def body_by_slug(slug: str) -> PublicBody:
    body = PublicBody.objects.filter(slug=slug).first()
    if body is None:
        raise ObjectNotFound(_("Badan publik tidak ditemukan."))
    return body


def monev_indicator_list(*, year: int) -> list[MonevIndicator]:
    return list(MonevIndicator.objects.filter(year=year).order_by("position", "code"))


def export_job_get(*, user, pk) -> ExportJob:
    """The user's own export job, else ObjectNotFound: nobody else learns that it exists."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    job = ExportJob.objects.filter(pk=pk, user_id=getattr(user, "pk", None)).first()
    if job is None:
        raise ObjectNotFound(_("Ekspor tidak ditemukan."))
    return job
