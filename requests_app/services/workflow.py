"""Officer and applicant actions on a request (domain.md B.1), one service per transition.

Each service checks permission (`permissions.authorize`: 404/403), then moves the state through
`lifecycle.request_transition` (row lock, state re-check: 409, audit event), then queues the
applicant's message in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import InvalidTransition, ValidationFailed
from requests_app.identity import token_matches
from requests_app.lifecycle import (
    ACTION_RULES,
    GRANTED_OUTCOMES,
    REFUSAL_OUTCOMES,
    action_allowed_from,
    lock_request,
    record_event,
    request_transition,
)
from requests_app.models import (
    InformationRequest,
    Status,
    Unit,
    UnitKind,
)
from requests_app.permissions import Action, authorize
from requests_app.services.notify import applicant_notify
from requests_app.services.requests import OBJECTION_FILING_WORKING_DAYS
from requests_app.workdays import calendar_for

EXTENSION_WORKING_DAYS = 7  # Pasal 22(8)


def local_today(request: InformationRequest, now: datetime) -> date:
    return now.astimezone(ZoneInfo(request.body.time_zone)).date()


def objection_window_from(request: InformationRequest, trigger: date) -> date:
    """B4: the applicant may object within 30 HK of the trigger (notice, delivery, missed deadline)."""
    return calendar_for(request.body).add_working_days(trigger, OBJECTION_FILING_WORKING_DAYS)


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, fields={field: [message]})
    return value


def _act(
    *,
    request: InformationRequest,
    actor,
    action: Action,
    code: str,
    now: datetime,
    note: str = "",
    changes: dict | None = None,
    data: dict | None = None,
    notify_detail: str = "",
) -> InformationRequest:
    """Authorize `action`, move the request as `lifecycle.ACTION_RULES` says, tell the applicant."""
    authorize(actor, action, request)
    rule = ACTION_RULES[action]
    updated = request_transition(
        request=request,
        to=rule.to,
        code=code,
        actor=actor,
        note=note,
        changes=changes,
        data=data,
        allowed_from=rule.allowed_from,
        now=now,
    )
    applicant_notify(request=updated, code=code, detail=notify_detail, now=now)
    return updated


@transaction.atomic
def request_verify(*, request, actor, note: str = "", now: datetime | None = None):
    """The PPID Utama checks the registered request and takes it into processing."""
    now = now or timezone.now()
    return _act(
        request=request,
        actor=actor,
        action=Action.VERIFY,
        code="request.verified",
        note=note,
        now=now,
    )


@transaction.atomic
def request_flag_incomplete(*, request, actor, missing: str, now: datetime | None = None):
    """Ask the applicant to complete documents (A14). The clock keeps running unless the body
    pauses it (Keputusan 3), in which case the working days left are stored."""
    now = now or timezone.now()
    missing = _require_text(missing, "missing", _("Tuliskan kekurangan yang harus dilengkapi."))
    calendar = calendar_for(request.body)
    today = local_today(request, now)
    changes = {
        "completion_due_on": calendar.add_working_days(
            today, request.body.incomplete_completion_days
        )
    }
    if request.body.pause_clock_when_incomplete:
        changes["paused_working_days_left"] = max(
            calendar.working_days_between(today, request.due_on), 0
        )
        changes["paused_on"] = today
    return _act(
        request=request,
        actor=actor,
        action=Action.FLAG_INCOMPLETE,
        code="request.incomplete",
        note=missing,
        changes=changes,
        now=now,
        notify_detail=missing,
        data={"completion_due_on": changes["completion_due_on"].isoformat()},
    )


@transaction.atomic
def request_complete(*, request, actor, note: str = "", now: datetime | None = None):
    """The applicant supplied what was missing; a paused clock resumes from the days it had left."""
    now = now or timezone.now()
    locked = lock_request(request)
    changes: dict = {"completion_due_on": None}
    data = {}
    if locked.paused_working_days_left is not None:
        today = local_today(locked, now)
        new_due = calendar_for(locked.body).add_working_days(today, locked.paused_working_days_left)
        paused_for = max(
            calendar_for(locked.body).working_days_between(locked.paused_on or today, today), 0
        )
        changes.update(
            due_on=new_due,
            paused_working_days_left=None,
            paused_on=None,
            paused_working_days=locked.paused_working_days + paused_for,
            objection_window_ends_on=objection_window_from(locked, new_due),
        )
        if locked.extended_due_on is None:
            changes["original_due_on"] = new_due
        data = {"old_due_on": locked.due_on.isoformat(), "due_on": new_due.isoformat()}
    updated = _act(
        request=locked,
        actor=actor,
        action=Action.COMPLETE,
        code="request.completed",
        note=note,
        changes=changes,
        data=data,
        now=now,
    )
    if data:
        record_event(
            request=updated, code="request.deadline.resumed", actor=actor, data=data, now=now
        )
    return updated


@transaction.atomic
def request_close_incomplete(*, request, actor=None, now: datetime | None = None):
    """Close after the completion window lapsed (A14). `actor=None` is the scheduled job."""
    now = now or timezone.now()
    if actor is not None:
        authorize(actor, Action.CLOSE_INCOMPLETE, request)
    locked = lock_request(request)
    if locked.completion_due_on is None or local_today(locked, now) <= locked.completion_due_on:
        raise ValidationFailed(_("Batas waktu melengkapi belum lewat."))
    rule = ACTION_RULES[Action.CLOSE_INCOMPLETE]
    updated = request_transition(
        request=locked,
        to=rule.to,
        code="request.closed_incomplete",
        actor=actor,
        actor_label="" if actor else _("Sistem"),
        changes={"closed_at": now},
        allowed_from=rule.allowed_from,
        now=now,
    )
    applicant_notify(request=updated, code="request.closed_incomplete", now=now)
    return updated


def requests_close_lapsed_incomplete(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """The daily job: close every request whose completion window lapsed, one transaction each."""
    now = now or timezone.now()
    candidates = InformationRequest.objects.filter(
        status=Status.AWAITING_COMPLETION, completion_due_on__lt=timezone.localdate(now)
    ).values_list("pk", flat=True)[:batch_size]
    closed = 0
    for request in InformationRequest.objects.filter(pk__in=list(candidates)).select_related(
        "body"
    ):
        if local_today(request, now) > request.completion_due_on:
            request_close_incomplete(request=request, now=now)
            closed += 1
    return closed


def _check_unit(request: InformationRequest, unit: Unit) -> None:
    if unit.body_id != request.body_id or unit.kind != UnitKind.PELAKSANA or not unit.is_active:
        message = _("Pilih OPD/PPID Pelaksana yang aktif di badan publik yang sama.")
        raise ValidationFailed(message, fields={"unit": [message]})


@transaction.atomic
def request_route(*, request, actor, unit: Unit, note: str = "", now: datetime | None = None):
    """Route to the OPD that holds the information. Keputusan 4: the clock is unchanged."""
    now = now or timezone.now()
    _check_unit(request, unit)
    return _act(
        request=request,
        actor=actor,
        action=Action.ROUTE,
        code="request.routed",
        note=note,
        changes={"assigned_unit": unit},
        now=now,
        data={"unit": unit.code},
        notify_detail=unit.name,
    )


@transaction.atomic
def request_reroute(*, request, actor, unit: Unit, reason: str, now: datetime | None = None):
    """Send a routed request to another OPD, with a reason; the clock is unchanged."""
    now = now or timezone.now()
    reason = _require_text(reason, "reason", _("Alasan pengalihan wajib diisi."))
    _check_unit(request, unit)
    if unit.pk == request.assigned_unit_id:
        raise ValidationFailed(
            _("Permohonan sudah berada di OPD ini."), fields={"unit": [_("Pilih OPD lain.")]}
        )
    previous = request.assigned_unit.code if request.assigned_unit_id else ""
    return _act(
        request=request,
        actor=actor,
        action=Action.REROUTE,
        code="request.rerouted",
        note=reason,
        changes={"assigned_unit": unit},
        data={"from_unit": previous, "unit": unit.code},
        now=now,
    )


@transaction.atomic
def request_return(*, request, actor, note: str, now: datetime | None = None):
    """The OPD returns material or a draft answer to the PPID Utama."""
    now = now or timezone.now()
    note = _require_text(note, "note", _("Tuliskan bahan atau jawaban yang dikembalikan."))
    return _act(
        request=request,
        actor=actor,
        action=Action.RETURN,
        code="request.returned",
        note=note,
        now=now,
    )


@transaction.atomic
def request_extend(*, request, actor, reason: str, now: datetime | None = None):
    """Pasal 22(8): once, before the due date, at most 7 working days, with a written reason."""
    now = now or timezone.now()
    reason = _require_text(reason, "reason", _("Alasan perpanjangan wajib diisi secara tertulis."))
    authorize(actor, Action.EXTEND, request)
    locked = lock_request(request)
    if locked.extended_due_on is not None:
        raise ValidationFailed(_("Perpanjangan hanya dapat dilakukan satu kali (Pasal 22 ayat 8)."))
    if local_today(locked, now) > locked.due_on:
        raise ValidationFailed(_("Perpanjangan harus dilakukan sebelum batas waktu berakhir."))
    extended = calendar_for(locked.body).add_working_days(
        locked.original_due_on, EXTENSION_WORKING_DAYS
    )
    updated = _act(
        request=locked,
        actor=actor,
        action=Action.EXTEND,
        code="request.deadline.extended",
        note=reason,
        now=now,
        changes={
            "extended_due_on": extended,
            "objection_window_ends_on": objection_window_from(locked, extended),
            "due_on": extended,
            "extension_reason": reason,
            "extended_at": now,
        },
        data={"old_due_on": locked.due_on.isoformat(), "due_on": extended.isoformat()},
        notify_detail=reason,
    )
    from requests_app.letters.service import letter_store

    letter_store(request=updated, kind="extension_letter", actor=actor, now=now)
    return updated


@transaction.atomic
def request_withdraw(
    *,
    request,
    reason: str,
    actor=None,
    token: str | None = None,
    session_grants=(),
    now: datetime | None = None,
):
    """Withdrawal by the applicant (account or tracking token) or recorded by the PPID Utama from a
    written withdrawal. Only before the written notice."""
    now = now or timezone.now()
    reason = _require_text(reason, "reason", _("Alasan pencabutan wajib diisi."))
    # The applicant: by tracking token, own account, or a session that verified the token before.
    by_applicant = (
        bool(token and token_matches(token, request.tracking_token_hash))
        or (actor is not None and actor.is_authenticated and request.applicant_id == actor.pk)
        or request.pk in set(session_grants)
    )
    if not by_applicant:
        authorize(actor, Action.WITHDRAW, request)
    rule = ACTION_RULES[Action.WITHDRAW]
    updated = request_transition(
        request=request,
        to=rule.to,
        code="request.withdrawn",
        actor=actor,
        actor_label=request.full_name
        if by_applicant and not getattr(actor, "is_authenticated", False)
        else "",
        note=reason,
        changes={"closed_at": now},
        allowed_from=rule.allowed_from,
        now=now,
    )
    applicant_notify(request=updated, code="request.withdrawn", now=now)
    return updated


@transaction.atomic
def request_record_payment(*, request, actor, reference: str, now: datetime | None = None):
    """Record that the copying/delivery fee was paid (A13); delivery may follow."""
    now = now or timezone.now()
    reference = _require_text(reference, "reference", _("Isi bukti atau nomor pembayaran."))
    authorize(actor, Action.RECORD_PAYMENT, request)
    locked = lock_request(request)
    if not action_allowed_from(Action.RECORD_PAYMENT, locked.status):
        raise InvalidTransition(
            _(
                "Pembayaran hanya dicatat saat status “Menunggu pembayaran”; status saat ini “%(s)s”."
            )
            % {"s": locked.get_status_display()}
        )
    locked.paid_at, locked.payment_reference = now, reference
    locked.save(update_fields=["paid_at", "payment_reference", "updated_at"])
    record_event(
        request=locked, code="request.payment.recorded", actor=actor, note=reference, now=now
    )
    return locked


@transaction.atomic
def request_deliver(
    *,
    request,
    actor,
    handover_on: date | None = None,
    link: str = "",
    note: str = "",
    now: datetime | None = None,
):
    """Hand over the information and record the working days used to delivery (A16)."""
    now = now or timezone.now()
    locked = lock_request(request)
    if locked.outcome not in GRANTED_OUTCOMES:
        raise ValidationFailed(
            _("Hanya permohonan yang dikabulkan yang dapat diserahkan informasinya.")
        )
    if locked.status == Status.AWAITING_PAYMENT and locked.paid_at is None:
        raise ValidationFailed(_("Catat pembayaran terlebih dahulu."))
    today = local_today(locked, now)
    handover_on = handover_on or today
    if handover_on > today:
        raise ValidationFailed(
            _("Tanggal penyerahan tidak boleh di masa depan."),
            fields={"handover_on": [_("Tanggal penyerahan tidak boleh di masa depan.")]},
        )
    days = calendar_for(locked.body).working_days_between(locked.effective_received_on, handover_on)
    return _act(
        request=locked,
        actor=actor,
        action=Action.DELIVER,
        code="request.delivered",
        note=note,
        now=now,
        changes={
            "delivered_at": now,
            "handover_on": handover_on,
            "delivery_link": link.strip(),
            "working_days_to_delivery": max(days, 0),
            "objection_window_ends_on": objection_window_from(locked, handover_on),
        },
        data={"handover_on": handover_on.isoformat()},
    )


@transaction.atomic
def request_close(*, request, actor, note: str = "", now: datetime | None = None):
    """Close after delivery, or after a notice that gives no information (refusal, not held)."""
    now = now or timezone.now()
    locked = lock_request(request)
    if locked.status == Status.NOTIFIED and locked.outcome not in REFUSAL_OUTCOMES:
        raise ValidationFailed(
            _("Informasi yang dikabulkan harus diserahkan sebelum permohonan ditutup.")
        )
    return _act(
        request=locked,
        actor=actor,
        action=Action.CLOSE,
        code="request.closed",
        note=note,
        changes={"closed_at": now},
        now=now,
    )
