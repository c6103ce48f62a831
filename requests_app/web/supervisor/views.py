"""Supervisor pages: the compliance dashboard and the provincial command center.

Views read the filters, ask `stats_access_get`/`stats_scope_get` what the user may see (a body or
OPD out of reach is a 404), call the statistics selectors once and render. A bad filter is a field
error on the page (400), never a 500.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from requests_app.errors import ObjectNotFound, ValidationFailed
from requests_app.models import Channel, Unit, UnitKind
from requests_app.selectors.reporting import bodies_figures_get, stats_figures_get
from requests_app.selectors.statistics import Period, Scope, figure_drilldowns
from requests_app.selectors.stats_access import (
    StatsAccess,
    overdue_list,
    stats_access_get,
    stats_scope_get,
)
from requests_app.web.supervisor import command
from requests_app.web.supervisor.forms import PERIOD_FIELDS, DashboardFilterForm, PeriodForm
from requests_app.web.supervisor.sections import (
    SectionBuilder,
    league_rows,
    queue_url,
)

OVERDUE_PAGE_SIZE = 25


def login_required_here(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _filter_data(request) -> dict:
    """The submitted filters over the defaults (this year), so `?body=3` alone is valid."""
    return {"kind": "year", "year": str(timezone.localdate().year), **request.GET.dict()}


def _units_for(access: StatsAccess):
    units = Unit.objects.filter(kind=UnitKind.PELAKSANA).select_related("body")
    if not access.everything:
        units = units.filter(body_id__in=access.body_ids)
    return list(units.order_by("body__name", "name"))


def _link_scope(scope: Scope) -> Scope:
    """The queue takes one body. "All bodies" is everything the user may see, which is what the
    queue lists without a body filter."""
    if scope.body_ids is not None and len(scope.body_ids) != 1:
        return Scope(unit_id=scope.unit_id, channel=scope.channel)
    return scope


def _scope_label(scope: Scope, access: StatsAccess, units: list) -> str:
    parts = []
    if scope.unit_id is not None:
        unit = next((u for u in units if u.pk == scope.unit_id), None)
        parts.append(f"{unit.name} ({unit.body.name})" if unit else _("OPD"))
    elif scope.single_body_id is not None:
        parts.append(access.body(scope.single_body_id).name)
    else:
        parts.append(_("Semua badan publik"))
    if scope.channel:
        parts.append(_("kanal %(channel)s") % {"channel": Channel(scope.channel).label})
    return " · ".join(str(part) for part in parts)


def _resolve_scope(form, access) -> Scope | None:
    data = form.cleaned_data
    try:
        return stats_scope_get(
            access=access,
            body_id=data.get("body"),
            unit_id=data.get("unit"),
            channel=data.get("channel") or None,
        )
    except ObjectNotFound as error:
        raise Http404(error.message) from error
    except ValidationFailed as error:
        for name, messages in error.fields.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return None


@never_cache
@require_GET
@login_required_here
def dashboard(request):
    access = stats_access_get(request.user)
    if access.is_empty:
        raise Http404(_("Halaman tidak ditemukan."))
    units = _units_for(access)
    form = DashboardFilterForm(_filter_data(request), access=access, units=units)
    context = {"form": form, "access": access}
    scope = _resolve_scope(form, access) if form.is_valid() else None
    if scope is None:
        return render(request, "supervisor/dashboard.html", context, status=400)
    period: Period = form.cleaned_data["period"]
    # A closed year of one body shows its frozen snapshot, like its published report.
    source = stats_figures_get(period=period, scope=scope)
    figures = source.figures
    league = figures["units"]
    unit_ids = [e["unit_id"] for e in league["ranked"] + league["not_ranked"]]
    drilldowns = figure_drilldowns(period=period, scope=_link_scope(scope), unit_ids=unit_ids)
    sections = SectionBuilder(figures, drilldowns).build()
    context.update(
        figures=figures,
        snapshot=source.snapshot,
        period=period,
        scope_label=_scope_label(scope, access, units),
        sections=sections,
        league=league_rows(league, drilldowns),
        charts={s["id"]: s["chart"] for s in sections if s["chart"]},
        all_requests_url=queue_url(drilldowns["headline.received"]),
    )
    return render(request, "supervisor/dashboard.html", context)


@never_cache
@require_GET
@login_required_here
def command_center(request):
    access = stats_access_get(request.user)
    if not access.provincial:
        raise Http404(_("Halaman tidak ditemukan."))
    form = PeriodForm(_filter_data(request))
    context = {"form": form, "access": access}
    if not form.is_valid():
        return render(request, "supervisor/command_center.html", context, status=400)
    period: Period = form.cleaned_data["period"]
    today = timezone.localdate()
    # One query per table whatever the number of bodies; closed years read their snapshot.
    result = bodies_figures_get(period=period, body_ids=access.body_ids, today=today)
    pairs = list(zip(access.bodies, result["bodies"], strict=True))
    rows = [command.body_row(period, body, row) for body, row in pairs]
    chart = command.rate_chart(pairs)
    overdue = overdue_list(user=request.user, body_ids=access.body_ids, today=today)
    page = Paginator(overdue, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        period=period,
        rows=rows,
        frozen_any=any(row["frozen"] for row in rows),
        total=command.body_row(period, None, result["total"]),
        headline_columns=command.headline_columns(),
        detail_columns=command.detail_columns(),
        rate_section=chart,
        charts={chart["id"]: chart["chart"]},
        page=page,
        today=today,
        period_query=urlencode({k: v for k in PERIOD_FIELDS if (v := form.data.get(k))}),
    )
    return render(request, "supervisor/command_center.html", context)
