"""Reports pages (issue 6): register downloads (full and public), the annual report with its
narrative form, closing a year, the monev pack, open data and export jobs.

Views validate input, call one selector, service or export builder, and render. A body outside the
user's reach is a 404; a large register becomes an export job (Celery) with a status page.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from requests_app.caching import private_response
from requests_app.errors import ActionForbidden, DomainError, ObjectNotFound
from requests_app.exports import (
    annual_report,
    jobs,
    monev,
    open_data,
    registers,
    requests_register,
)
from requests_app.exports.tabular import csv_response, xlsx_response
from requests_app.models import ExportState, PublicBody, YearSnapshotLog
from requests_app.selectors.reporting import (
    NARRATIVE_FIELDS,
    body_by_slug,
    body_local_date,
    can_manage_reports,
    can_read_reports,
    export_job_get,
    report_bodies_for,
    report_narrative_get,
    year_snapshot_get,
)
from requests_app.services import reporting as services
from requests_app.web.officer.views import forbidden, officer_required
from requests_app.web.reports.forms import NarrativeForm, RegisterExportForm

YEARS_LISTED = 5
OPEN_DATA_MAX_AGE = 900


def _body_or_404(slug: str) -> PublicBody:
    try:
        return body_by_slug(slug)
    except ObjectNotFound as error:
        raise Http404(error.message) from error


def _readable_body_or_404(user, slug: str) -> PublicBody:
    body = _body_or_404(slug)
    if not can_read_reports(user, body):
        raise Http404(_("Badan publik tidak ditemukan."))
    return body


def _check_year(year: int) -> int:
    if not jobs.MIN_YEAR <= year <= jobs.MAX_YEAR:
        raise Http404(_("Tahun tidak tersedia."))
    return year


# ---- Home and registers ---------------------------------------------------------------------


def _home(request, *, form=None, status=200):
    today = timezone.localdate()
    bodies = list(report_bodies_for(request.user))
    context = {
        "bodies": bodies,
        "years": list(range(today.year, today.year - YEARS_LISTED, -1)),
        "form": form or RegisterExportForm(user=request.user, initial={"year": today.year}),
        "show_body": len(bodies) > 1,
    }
    return render(request, "reports/index.html", context, status=status)


@never_cache
@require_GET
@officer_required
def reports_home(request):
    return _home(request)


@never_cache
@require_GET
@officer_required
def register_export(request, kind: str):
    """A register with the form's filters: streamed when small, an export job when large."""
    if kind not in jobs.KINDS:
        raise Http404(_("Register tidak dikenal."))
    form = RegisterExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _home(request, form=form, status=400)
    params = jobs.export_params_parse(kind, form.export_data(), user=request.user)
    plan = jobs.export_plan(user=request.user, kind=kind, params=params)
    if plan.queryset.count() > services.export_async_threshold():
        job = services.export_job_start(user=request.user, kind=kind, params=params)
        return redirect("export_job", pk=job.pk)
    rows = plan.rows(plan.queryset)
    if plan.fmt == "csv":
        return csv_response(plan.filename, plan.columns, rows)
    return xlsx_response(plan.filename, plan.columns, rows, sheet_title=plan.sheet_title)


@require_GET
def public_register_export(request, body_slug: str, year: int, fmt: str):
    """The public register (C.3 without columns 5-7, names as initials): no login needed."""
    if fmt not in jobs.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    body = _body_or_404(body_slug)
    queryset = requests_register.public_register_queryset(body=body, year=_check_year(year))
    columns = requests_register.public_register_columns()
    rows = requests_register.register_rows(queryset)
    filename = requests_register.register_filename(fmt, year=year, public=True)
    if fmt == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, columns, rows, sheet_title=_("Register permohonan"))


@require_GET
def public_objection_register_export(request, body_slug: str, year: int, fmt: str):
    """The public register keberatan (C.5 without identity c, case facts or reasons): no login
    needed, streamed like the officers' version."""
    if fmt not in jobs.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    body = _body_or_404(body_slug)
    queryset = registers.public_objection_register_queryset(body=body, year=_check_year(year))
    columns = registers.objection_register_columns(public=True)
    rows = registers.objection_register_rows(queryset)
    filename = registers.register_filename("register_keberatan", fmt, year, public=True)
    if fmt == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, columns, rows, sheet_title=_("Register keberatan"))


# ---- Annual report --------------------------------------------------------------------------


def _annual_page(request, body, year, *, form=None, status=200):
    snapshot = year_snapshot_get(body=body, year=year)
    # A closed year shows the narrative frozen with it, the one its report prints.
    narrative = report_narrative_get(body=body, year=year, snapshot=snapshot)
    can_manage = can_manage_reports(request.user, body)
    initial = {name: getattr(narrative, name) for name in NARRATIVE_FIELDS}
    context = {
        "body": body,
        "year": year,
        "snapshot": snapshot,
        "narrative": narrative,
        "form": form or NarrativeForm(initial=initial),
        "can_manage": can_manage,
        "can_edit": can_manage and snapshot is None,
        "narrative_items": [
            (NarrativeForm.base_fields[name].label, getattr(narrative, name))
            for name in NARRATIVE_FIELDS
        ],
        "can_close": can_manage
        and snapshot is None
        and body_local_date(body, timezone.now()).year > year,
        "logs": YearSnapshotLog.objects.filter(body=body, year=year).select_related("actor"),
    }
    return render(request, "reports/annual_report.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@officer_required
def annual_report_page(request, body_slug: str, year: int):
    body = _readable_body_or_404(request.user, body_slug)
    year = _check_year(year)
    if request.method == "GET":
        return _annual_page(request, body, year)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _annual_page(request, body, year, form=form, status=400)
    try:
        services.narrative_save(
            body=body,
            year=year,
            actor=request.user,
            data=services.NarrativeInput(**form.cleaned_data),
        )
    except ActionForbidden as error:
        return forbidden(request, error.message)
    except DomainError as error:
        # A closed year (409) has no field to blame: its message goes above the form.
        if not error.fields:
            form.add_error(None, error.message)
        for name, errors in error.fields.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return _annual_page(request, body, year, form=form, status=error.status_code)
    messages.success(request, _("Narasi laporan tersimpan."))
    return redirect("annual_report_page", body_slug=body.slug, year=year)


@require_GET
def annual_report_download(request, body_slug: str, year: int, fmt: str):
    """A closed year's report is published (UU 14/2008 Pasal 11(1)(h)): anyone may download it.
    An open year's draft is for the body's officers and supervisors only."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404(_("Format tidak dikenal."))
    body = _body_or_404(body_slug)
    year = _check_year(year)
    if year_snapshot_get(body=body, year=year) is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read_reports(request.user, body):
            raise Http404(_("Laporan tidak ditemukan."))
    report = annual_report.annual_report_build(body=body, year=year)
    if fmt == "pdf":
        content, content_type = annual_report.annual_report_pdf(report), "application/pdf"
    else:
        content = annual_report.annual_report_xlsx(report)
        content_type = annual_report.XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{fmt}"'
    return private_response(response)


@require_POST
@officer_required
def year_close_view(request, body_slug: str, year: int):
    body = _readable_body_or_404(request.user, body_slug)
    try:
        services.year_close(body=body, year=_check_year(year), actor=request.user)
    except ActionForbidden as error:
        return forbidden(request, error.message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Tahun %(year)s ditutup; angkanya kini tetap.") % {"year": year}
        )
    return redirect("annual_report_page", body_slug=body.slug, year=year)


# ---- Monev pack -----------------------------------------------------------------------------


@never_cache
@require_GET
@officer_required
def monev_pack_download(request, body_slug: str, year: int):
    body = _readable_body_or_404(request.user, body_slug)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    monev.monev_pack_write(handle, body=body, year=_check_year(year))
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=monev.monev_filename(body, year),
        content_type="application/zip",
    )
    return private_response(response)


# ---- Open data ------------------------------------------------------------------------------


@require_GET
def open_data_statistics(request, body_slug: str, year: int, fmt: str):
    """`/data/statistik/<body>/<year>.json|csv`: public, aggregate only, CC BY 4.0."""
    if fmt not in ("json", "csv"):
        raise Http404(_("Format tidak dikenal."))
    body = _body_or_404(body_slug)
    document = open_data.open_data_statistics(body=body, year=_check_year(year))
    if fmt == "json":
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(
            open_data.statistics_csv(document["data"]), content_type="text/csv; charset=utf-8"
        )
        described_by = reverse(
            "open_data_statistics", kwargs={"body_slug": body.slug, "year": year, "fmt": "json"}
        )
        response["Link"] = f'<{described_by}>; rel="describedby"; type="application/json"'
    filename = open_data.statistics_filename(body, year, fmt)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ---- Export jobs ----------------------------------------------------------------------------


def _job_or_404(user, pk: int):
    if not user.is_authenticated:
        raise Http404(_("Ekspor tidak ditemukan."))
    try:
        return export_job_get(user=user, pk=pk)
    except ObjectNotFound as error:
        raise Http404(error.message) from error


def job_status(job) -> dict:
    ready = job.state == ExportState.DONE and bool(job.file)
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "state_label": str(ExportState(job.state).label),
        "progress": job.progress,
        "filename": job.filename,
        "error": job.error,
        "download_url": reverse("export_job_download", kwargs={"pk": job.pk}) if ready else None,
        "created_at": _iso(job.created_at),
        "finished_at": _iso(job.finished_at),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@never_cache
@require_GET
def export_job_page(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job_or_404(request.user, pk)
    return render(request, "reports/export_job.html", {"job": job, "status": job_status(job)})


@never_cache
@require_GET
def export_job_status(request, pk: int):
    return JsonResponse(job_status(_job_or_404(request.user, pk)))


@never_cache
@require_GET
def export_job_download(request, pk: int):
    """The job's file, for its owner only (anyone else: 404), once it is ready."""
    job = _job_or_404(request.user, pk)
    if job.state != ExportState.DONE or not job.file:
        raise Http404(_("Berkas ekspor belum siap."))
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
    return private_response(response)
