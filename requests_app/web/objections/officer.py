"""Officer pages for objections: the register (list, filters, exports), one objection with the
actions the user may take now, and the desk's recording of a paper objection.

Visibility is `objections_visible_to` (404 outside it), roles are `permitted_objection_actions`
(403), states are the services' (409 with the current status)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from requests_app.errors import ActionForbidden, InvalidTransition, ObjectNotFound, ValidationFailed
from requests_app.exports import registers
from requests_app.exports.tabular import csv_response, xlsx_response
from requests_app.models import DocumentKind, ObjectionStatus, RequestDocument, Unit, UnitKind
from requests_app.permissions import (
    ObjectionAction,
    memberships_of,
    permitted_objection_actions,
)
from requests_app.selectors.objections import (
    ACTION_PERMISSIONS,
    objection_allowed_actions,
    objection_dispute,
    objection_due_info,
    objection_filing_info,
    objection_get,
    objection_list,
    objection_timeline_events,
    objection_today,
)
from requests_app.services.objections import objection_file
from requests_app.web.objections.actions import ACTIONS_BY_NAME, ACTIONS_BY_SLUG
from requests_app.web.objections.forms import GROUND_STATUTE_LABELS, PaperObjectionForm
from requests_app.web.objections.labels import objection_timeline
from requests_app.web.officer.views import (
    _scope_bodies,
    action_post_answer,
    forbidden,
    officer_required,
    visible_request_or_404,
)

PAGE_SIZE = 25
OBJECTION_DOCUMENT_KINDS = (DocumentKind.OBJECTION_RECEIPT, DocumentKind.OBJECTION_DECISION)


def _objection_or_404(user, pk: int):
    try:
        return objection_get(user=user, pk=pk)
    except ObjectNotFound as error:
        raise Http404(error.message) from error


# ---- Register -------------------------------------------------------------------------------


def _tune_filter_form(form, user) -> None:
    bodies = _scope_bodies(user)
    form.fields["body"].queryset = bodies
    form.fields["unit"].queryset = Unit.objects.filter(
        body__in=bodies, kind=UnitKind.PELAKSANA
    ).select_related("body")
    form.fields["unit"].label_from_instance = lambda unit: unit.name
    form.fields["status"].widget.attrs["size"] = 5


def _row(objection, now) -> dict:
    today = objection_today(objection, now)
    due = objection_due_info(objection, today)
    return {
        "objection": objection,
        "due": due,
        "late_days": -due.working_days_left if due.overdue else 0,
        "dispute": objection_dispute(objection),
    }


@never_cache
@require_GET
@officer_required
def objection_register(request):
    objection_filter, queryset = objection_list(user=request.user, params=request.GET)
    _tune_filter_form(objection_filter.form, request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": objection_filter.form,
        "filter_errors": objection_filter.form.errors,
        "page": page,
        "rows": [_row(objection, now) for objection in page.object_list],
        "query": query.urlencode(),
        "show_body": len({m.body_id for m in memberships_of(request.user)}) > 1,
    }
    return render(request, "objections/officer_register.html", context)


@never_cache
@require_GET
@officer_required
def objection_register_export(request, fmt: str):
    """The register keberatan as CSV (streamed) or XLSX, with the page's filters."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Format tidak dikenal."))
    objection_filter, queryset = objection_list(user=request.user, params=request.GET)
    if not objection_filter.is_valid():
        return redirect(reverse("objection_register") + "?" + request.GET.urlencode())
    scope = registers.identity_scope(request.user)
    columns = registers.objection_register_columns(identity_scope=scope or None)
    rows = registers.objection_register_rows(queryset)
    year = objection_filter.form.cleaned_data.get("year")
    filename = registers.register_filename("register_keberatan", fmt, int(year) if year else None)
    if fmt == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, columns, rows, sheet_title=_("Register keberatan"))


# ---- One objection --------------------------------------------------------------------------


def _documents(objection) -> list[RequestDocument]:
    return list(
        RequestDocument.objects.filter(
            request_id=objection.request_id, kind__in=OBJECTION_DOCUMENT_KINDS
        ).order_by("created_at", "id")
    )


def render_objection_page(request, objection, *, bound=None, error="", status=200):
    """The objection with the actions the user may take now; `bound` maps an action slug to a
    submitted form to show with its errors."""
    bound = bound or {}
    today = objection_today(objection, timezone.now())
    names = objection_allowed_actions(request.user, objection, today=today)
    specs = [ACTIONS_BY_NAME[name] for name in names]
    specs += [ACTIONS_BY_SLUG[slug] for slug in bound if ACTIONS_BY_SLUG[slug] not in specs]
    dispute = objection_dispute(objection)
    action_forms = [(spec, bound.get(spec.slug) or _blank_form(spec, dispute)) for spec in specs]
    window = objection.dispute_window_ends_on
    context = {
        "objection": objection,
        "req": objection.request,
        "dispute": dispute,
        "today": today,
        "due": objection_due_info(objection, today),
        "grounds": [GROUND_STATUTE_LABELS[letter] for letter in objection.grounds],
        "timeline": objection_timeline(objection_timeline_events(objection)),
        "documents": _documents(objection),
        "action_forms": action_forms,
        "dispute_window": window,
        "dispute_window_passed": bool(window and today > window),
        "error": error,
        "can_view_identity": bool(permitted_objection_actions(request.user, objection)),
    }
    response = render(request, "objections/officer_detail.html", context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


def _blank_form(spec, dispute):
    if spec.name == "dispute_update" and dispute is not None:
        initial = {"stage": dispute.stage, "outcome": dispute.outcome}
        return spec.form_class(prefix=spec.slug, initial=initial)
    return spec.form_class(prefix=spec.slug)


@require_GET
@officer_required
def objection_detail(request, pk: int):
    return render_objection_page(request, _objection_or_404(request.user, pk))


@require_POST
@officer_required
def objection_action(request, pk: int, action: str):
    spec = ACTIONS_BY_SLUG.get(action)
    if spec is None:
        raise Http404(_("Tindakan tidak dikenal."))
    objection = _objection_or_404(request.user, pk)
    if ACTION_PERMISSIONS[spec.name] not in permitted_objection_actions(request.user, objection):
        return forbidden(request, _("Anda tidak berwenang melakukan tindakan ini."))
    form = spec.form_class(request.POST, prefix=spec.slug)
    return action_post_answer(
        request,
        spec=spec,
        form=form,
        perform=lambda **kwargs: spec.perform(objection=objection, actor=request.user, **kwargs),
        current=objection,
        reload=lambda: _objection_or_404(request.user, pk),
        render_page=render_objection_page,
        done_url=reverse("objection_detail", kwargs={"pk": pk}),
    )


# ---- Paper objection recorded by the desk ----------------------------------------------------


def _may_record_paper(user, info_request) -> bool:
    from requests_app.models import Objection

    probe = Objection(
        body_id=info_request.body_id, handling_unit_id=info_request.assigned_unit_id, pk=0
    )
    return ObjectionAction.FILE_ON_PAPER in permitted_objection_actions(user, probe)


@never_cache
@require_http_methods(["GET", "POST"])
@officer_required
def objection_record_paper(request, request_pk: int):
    info_request = visible_request_or_404(request.user, request_pk)
    if not _may_record_paper(request.user, info_request):
        return forbidden(request, _("Hanya petugas PPID Utama yang mencatat keberatan tertulis."))
    now = timezone.now()
    filing = objection_filing_info(request=info_request, now=now)
    bound = request.method == "POST" and filing.can_file
    form = PaperObjectionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        suggested=filing.suggested,
        time_zone=info_request.body.time_zone,
    )
    status = 200
    if bound and form.is_valid():
        try:
            objection = objection_file(
                request=info_request,
                data=form.to_input(),
                actor=request.user,
                filed_at=form.cleaned_data.get("received_at"),
                now=now,
            )
        except (ValidationFailed, InvalidTransition) as error:
            form.add_service_errors(error)
        except ActionForbidden as error:
            return forbidden(request, error.message)
        else:
            messages.success(
                request,
                _("Keberatan %(n)s dicatat.") % {"n": objection.registration_number},
            )
            return redirect("objection_detail", pk=objection.pk)
    if bound and form.errors:
        status = 400
    context = {
        "req": info_request,
        "filing": filing,
        "form": form,
        "reselect": form.files_to_reselect() if bound else [],
        "statuses": ObjectionStatus,
    }
    return render(request, "objections/officer_paper_form.html", context, status=status)
