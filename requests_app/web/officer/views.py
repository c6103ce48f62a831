"""Officer workspace: the queue, the request page with its actions, and identity look-ups.

Views check who is asking, call one selector or service, and render. Domain errors become pages:
`ValidationFailed` re-renders the action's form with its errors (400), `InvalidTransition` says what
the status is now (409), `ActionForbidden` is a 403 page and `ObjectNotFound` a 404.
"""

from __future__ import annotations

from functools import wraps
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from requests_app import identity, keyset
from requests_app.errors import ActionForbidden, InvalidTransition, ObjectNotFound, ValidationFailed
from requests_app.lifecycle import record_event
from requests_app.models import (
    BodyKind,
    DocumentKind,
    PublicBody,
    RequestDocument,
    RequestEvent,
    Role,
    Unit,
    UnitKind,
    WrittenNotice,
)
from requests_app.permissions import Action, memberships_of, permitted_actions, request_for_user
from requests_app.selectors.queue import QUEUE_ORDER, deadline_info, request_queue
from requests_app.services.workflow import local_today
from requests_app.web.deadline_panels import officer_request_panels
from requests_app.web.officer.actions import ACTIONS_BY_SLUG, available_actions
from requests_app.web.officer.timeline import officer_timeline

PAGE_SIZE = 25
IDENTITY_FILES = {"ktp": "identity_document", "surat-kuasa": "power_of_attorney"}


def officer_required(view):
    """Anonymous visitors go to the login page; signed-in users without a role get a 404 (the
    workspace is not advertised to citizens)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_superuser or memberships_of(request.user)):
            raise Http404(_("Halaman tidak ditemukan."))
        return view(request, *args, **kwargs)

    return wrapper


def forbidden(request, message: str):
    return render(request, "officer/forbidden.html", {"message": message}, status=403)


def action_post_answer(
    request, *, spec, form, perform, current, reload, render_page, done_url: str
):
    """The answer to an officer action's POST, the same for requests and objections: run the
    service with the form's values; back to the page with a message when done; the page again
    with the form's errors (400), the fresh state when someone else moved it first (409), 403 or
    404 from the service's own checks. Typed values are never lost."""
    if form.is_valid():
        try:
            perform(**form.service_kwargs())
        except ValidationFailed as error:
            form.add_service_errors(error)
        except InvalidTransition as error:
            return render_page(request, reload(), error=error.message, status=409)
        except ActionForbidden as error:
            return forbidden(request, error.message)
        except ObjectNotFound as error:
            raise Http404(error.message) from error
        else:
            messages.success(request, str(spec.success))
            return redirect(done_url)
    error = _("Tindakan “%(action)s” belum disimpan: periksa isian yang ditandai.") % {
        "action": spec.title
    }
    return render_page(request, current, bound={spec.slug: form}, error=error, status=400)


def visible_request_or_404(user, pk: int):
    try:
        return request_for_user(user, pk)
    except ObjectNotFound as error:
        raise Http404(error.message) from error


def can_record_intake(user) -> list[int]:
    """Bodies whose PPID Utama desk this user works at (only they record offline requests)."""
    return [
        m.body_id
        for m in memberships_of(user)
        if m.role == Role.UTAMA_OFFICER
        and (m.unit_id is None or m.unit.kind == UnitKind.PPID_UTAMA)
    ]


# ---- Queue -----------------------------------------------------------------------------------


def _scope_bodies(user):
    ids = {m.body_id for m in memberships_of(user)}
    provinces = {
        m.body_id
        for m in memberships_of(user)
        if m.role == Role.SUPERVISOR and m.body.kind == BodyKind.PROVINCE
    }
    if user.is_superuser:
        return PublicBody.objects.order_by("name")
    return PublicBody.objects.filter(Q(pk__in=ids) | Q(parent_id__in=provinces)).order_by("name")


def _tune_filter_form(form, user) -> None:
    """Show only the OPDs and bodies the user works with, and browser date pickers."""
    bodies = _scope_bodies(user)
    form.fields["unit"].queryset = Unit.objects.filter(
        body__in=bodies, kind=UnitKind.PELAKSANA
    ).select_related("body")
    form.fields["unit"].label_from_instance = lambda unit: unit.name
    form.fields["body"].queryset = bodies
    form.fields["status"].widget.attrs["size"] = 6
    for name in ("received_from", "received_to"):
        form.fields[name].widget.input_type = "date"


def _queue_row(req, now) -> dict:
    deadline = deadline_info(req, local_today(req, now))
    late_days = -deadline.working_days_left if deadline.overdue else 0
    return {"req": req, "deadline": deadline, "late_days": late_days}


@never_cache
@require_GET
@officer_required
def queue(request):
    request_filter, queryset = request_queue(user=request.user, params=request.GET)
    _tune_filter_form(request_filter.form, request.user)
    # Keyset pages as in the API (issue 7): a supervisor's queue holds every request of the
    # province, where a page number means an OFFSET scan and a COUNT(*) over all of it.
    cursor = request.GET.get("cursor") or None
    try:
        page = keyset.page(queryset, ordering=QUEUE_ORDER, cursor=cursor, size=PAGE_SIZE)
    except keyset.InvalidCursor:
        messages.warning(request, _("Tautan halaman tidak valid; antrean dibuka dari awal."))
        page = keyset.page(queryset, ordering=QUEUE_ORDER, cursor=None, size=PAGE_SIZE)
    now = timezone.now()
    rows = [_queue_row(req, now) for req in page.rows]
    context = {
        "filter_form": request_filter.form,
        "filter_errors": request_filter.form.errors,
        "page": page,
        "rows": rows,
        "can_record": bool(can_record_intake(request.user)),
        "show_body": len({m.body_id for m in memberships_of(request.user)}) > 1,
    }
    return render(request, "officer/queue.html", context)


# ---- Request page ----------------------------------------------------------------------------


def _document_rows(documents) -> list[dict]:
    """Letters and files; linked when the download view exists."""
    rows = []
    for document in documents:
        try:
            url = reverse("document_download", kwargs={"pk": document.pk})
        except NoReverseMatch:
            url = ""
        rows.append({"document": document, "url": url})
    return rows


def _notice_of(info_request):
    notice = (
        WrittenNotice.objects.filter(request=info_request)
        .select_related("consequence_test", "dip_item", "holding_body", "tariff")
        .prefetch_related("fee_lines")
        .first()
    )
    # The notice form and the letters read `request.notice`: cache it, even when there is none.
    type(info_request)._meta.get_field("notice").set_cached_value(info_request, notice)
    return notice


def _blank_form(spec, info_request):
    return spec.form_class(info_request=info_request, prefix=spec.slug)


def render_request_page(request, info_request, *, bound=None, error="", nik="", status=200):
    """The full record with the actions this user may take now; `bound` maps an action slug to
    a submitted form to show with its errors."""
    bound = bound or {}
    user = request.user
    today = local_today(info_request, timezone.now())
    permitted = permitted_actions(user, info_request)
    notice = _notice_of(info_request)
    specs = available_actions(info_request, permitted, today)
    specs += [ACTIONS_BY_SLUG[slug] for slug in bound if ACTIONS_BY_SLUG[slug] not in specs]
    action_forms = [
        (spec, bound[spec.slug] if spec.slug in bound else _blank_form(spec, info_request))
        for spec in specs
    ]
    events = RequestEvent.objects.filter(request=info_request).order_by("created_at", "id")
    documents = list(
        RequestDocument.objects.filter(request=info_request).order_by("created_at", "id")
    )
    context = {
        "req": info_request,
        "today": today,
        "deadline": deadline_info(info_request, today),
        "timeline": officer_timeline(events),
        "notice": notice,
        "fee_lines": list(notice.fee_lines.all()) if notice else [],
        "documents": _document_rows(documents),
        "has_receipt": any(d.kind == DocumentKind.RECEIPT for d in documents),
        "action_forms": action_forms,
        "can_view_identity": Action.VIEW_IDENTITY in permitted,
        "nik": nik,
        "error": error,
        "forwarded_to": _forwarded_to(info_request),
        "can_record": bool(can_record_intake(user)),
        # Why the due date is what it is, and every message with its delivery attempts (issue 4).
        **officer_request_panels(info_request),
    }
    response = render(request, "officer/request_detail.html", context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


def _forwarded_to(info_request):
    return (
        type(info_request)
        .objects.filter(forwarded_from=info_request)
        .select_related("body")
        .first()
    )


@require_GET
@officer_required
def request_detail(request, pk: int):
    return render_request_page(request, visible_request_or_404(request.user, pk))


@require_POST
@officer_required
def request_action(request, pk: int, action: str):
    spec = ACTIONS_BY_SLUG.get(action)
    if spec is None:
        raise Http404(_("Tindakan tidak dikenal."))
    info_request = visible_request_or_404(request.user, pk)
    if spec.action not in permitted_actions(request.user, info_request):
        return forbidden(request, _("Anda tidak berwenang melakukan tindakan ini."))
    form = spec.form_class(request.POST, info_request=info_request, prefix=spec.slug)
    return action_post_answer(
        request,
        spec=spec,
        form=form,
        perform=lambda **kwargs: spec.service(request=info_request, actor=request.user, **kwargs),
        current=info_request,
        reload=lambda: visible_request_or_404(request.user, pk),
        render_page=render_request_page,
        done_url=reverse("officer_request", kwargs={"pk": pk}),
    )


# ---- Identity data (Keputusan 8: visible to handling officers only, every look logged) ----------


def _require_identity_access(request, info_request):
    if Action.VIEW_IDENTITY not in permitted_actions(request.user, info_request):
        raise ActionForbidden(_("Anda tidak berwenang melihat data identitas pemohon."))


def _log_identity_view(request, info_request, item: str) -> None:
    with transaction.atomic():
        record_event(
            request=info_request,
            code="request.identity.viewed",
            actor=request.user,
            data={"item": item},
        )


@require_POST
@officer_required
def identity_nik(request, pk: int):
    """Show the full NIK once, on this response only (never in a URL or the session)."""
    info_request = visible_request_or_404(request.user, pk)
    try:
        _require_identity_access(request, info_request)
    except ActionForbidden as error:
        return forbidden(request, error.message)
    _log_identity_view(request, info_request, "nik")
    nik = identity.decrypt(info_request.nik_ciphertext) or _("(tidak ada NIK)")
    return render_request_page(request, info_request, nik=nik)


@require_GET
@officer_required
def identity_file(request, pk: int, kind: str):
    field_name = IDENTITY_FILES.get(kind)
    info_request = visible_request_or_404(request.user, pk)
    stored = getattr(info_request, field_name) if field_name else None
    if not stored:
        raise Http404(_("Berkas tidak ada."))
    try:
        _require_identity_access(request, info_request)
    except ActionForbidden as error:
        return forbidden(request, error.message)
    _log_identity_view(request, info_request, field_name)
    suffix = PurePath(stored.name).suffix
    number = info_request.registration_number.replace("/", "-")
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"{kind}-{number}{suffix}"
    )
    response["Cache-Control"] = "no-store, private"
    return response
