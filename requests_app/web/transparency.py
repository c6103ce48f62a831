"""Public transparency pages (no login): each body's service statistics by year, its per-OPD
table, its annual reports and the public register permohonan (domain.md C.3 public version).

Nothing here reads a person: figures are aggregates, and the register rows come masked from
`public_register_row` (initials and kabupaten/kota only, E5).
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from requests_app.models import PublicBody
from requests_app.selectors.public_register import public_register_list, public_register_rows
from requests_app.selectors.reporting import year_figures
from requests_app.selectors.statistics import Period
from requests_app.selectors.statistics.periods import MAX_YEAR, MIN_YEAR
from requests_app.selectors.transparency import (
    body_yearly_headlines,
    public_bodies_overview,
    published_years,
)
from requests_app.web.supervisor.sections import SectionBuilder, display, league_rows

REGISTER_PAGE_SIZE = 25
# Published files of the reports module (issue 6 exports); looked up by name so this page still
# renders (with the years alone) if a route is renamed.
REPORT_URL_NAME = "annual_report_download"
REGISTER_EXPORT_URL_NAME = "public_register_export"
OBJECTION_REGISTER_EXPORT_URL_NAME = "public_objection_register_export"
OPEN_DATA_URL_NAME = "open_data_statistics"


class YearForm(forms.Form):
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=MIN_YEAR, max_value=MAX_YEAR)


@require_GET
def transparency_index(request):
    today = timezone.localdate()
    bodies = [
        {**item, "rate": display(item["headline"]["on_time_rate"], "rate")}
        for item in public_bodies_overview(year=today.year, today=today)
    ]
    context = {"year": today.year, "bodies": bodies}
    return render(request, "public/transparency_index.html", context)


def _public_sections(figures: dict) -> list[dict]:
    """The aggregate sections a citizen sees (no drill-down links: the queue is for officers)."""
    builder = SectionBuilder(figures, drilldowns={})
    return [
        builder.service(),
        builder.timeliness(),
        builder.days("working_days_to_notice", _("Lama hingga pemberitahuan tertulis")),
        builder.outcomes(),
    ]


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _downloads(name: str, body: PublicBody, year: int, formats: tuple[str, ...]) -> list[dict]:
    found = [(fmt, _url(name, body_slug=body.slug, year=year, fmt=fmt)) for fmt in formats]
    return [{"format": fmt.upper(), "url": url} for fmt, url in found if url]


def _reports(body: PublicBody, years: list[int], published: dict) -> list[dict]:
    """Every year with requests: the annual report files once the year is closed (published,
    UU 14/2008 Pasal 11(1)(h)); before that the year is listed as not yet published."""
    return [
        {
            "year": year,
            "closed_at": published.get(year),
            "files": (
                _downloads(REPORT_URL_NAME, body, year, ("pdf", "xlsx"))
                if year in published
                else []
            ),
        }
        for year in years
    ]


@require_GET
def transparency_body(request, body_slug: str):
    body = get_object_or_404(PublicBody, slug=body_slug)
    today = timezone.localdate()
    form = YearForm(request.GET if "tahun" in request.GET else {"tahun": today.year})
    yearly = body_yearly_headlines(body=body, today=today)
    context = {"body": body, "form": form, "yearly": yearly}
    if not form.is_valid():
        return render(request, "public/transparency_body.html", context, status=400)
    year = form.cleaned_data["tahun"]
    period = Period.for_year(year)
    # A closed year shows its frozen snapshot: the same numbers as its published report.
    frozen = year_figures(body=body, year=year, now=timezone.now())
    figures = frozen.figures
    sections = _public_sections(figures)
    published = published_years(body=body)
    page = Paginator(public_register_list(body=body, period=period), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update(
        year=year,
        period=period,
        figures=figures,
        sections=sections,
        charts={s["id"]: s["chart"] for s in sections if s["chart"]},
        league=league_rows(figures["units"], {}),
        page=page,
        register=list(public_register_rows(page.object_list)),
        snapshot=frozen.snapshot,
        reports=_reports(body, [row["year"] for row in yearly], published),
        register_files=_downloads(REGISTER_EXPORT_URL_NAME, body, year, ("csv", "xlsx")),
        objection_register_files=_downloads(
            OBJECTION_REGISTER_EXPORT_URL_NAME, body, year, ("csv", "xlsx")
        ),
        open_data_files=_downloads(OPEN_DATA_URL_NAME, body, year, ("json", "csv")),
        years=sorted({today.year, *(row["year"] for row in yearly)}, reverse=True),
    )
    return render(request, "public/transparency_body.html", context)
