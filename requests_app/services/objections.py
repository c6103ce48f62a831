"""Objections (keberatan) to the atasan PPID and disputes at the Komisi Informasi (domain.md B).

Objection events are written on the parent request's timeline (codes `objection.*`,
`dispute.*`) so the applicant and the officers see one history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import ActionForbidden, InvalidTransition, ObjectNotFound, ValidationFailed
from requests_app.identity import token_matches
from requests_app.lifecycle import lock_request, record_event, request_transition
from requests_app.models import (
    GROUND_LETTERS,
    OPEN_OBJECTION_STATUSES,
    PRE_NOTICE_STATUSES,
    ApplicantResponse,
    Dispute,
    DisputeOutcome,
    DisputeStage,
    InformationRequest,
    Membership,
    Objection,
    ObjectionStatus,
    Outcome,
    Role,
    SequenceKind,
    Status,
)
from requests_app.notifications import registry
from requests_app.notifications.outbox import officer_message_create
from requests_app.permissions import (
    ObjectionAction,
    authorize_objection,
    permitted_objection_actions,
    requests_visible_to,
)
from requests_app.services.notify import applicant_notify
from requests_app.services.numbering import format_number, sequence_next
from requests_app.services.requests import NOTICE_WORKING_DAYS
from requests_app.uploads import validate_document_upload
from requests_app.workdays import calendar_for

ATASAN_RESPONSE_WORKING_DAYS = 30  # Pasal 36(2)
OBJECTION_FILING_WORKING_DAYS = 30  # Pasal 36(1)
DISPUTE_FILING_WORKING_DAYS = 14  # Pasal 37
OS = ObjectionStatus

OBJECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    OS.REGISTERED: frozenset({OS.UNDER_REVIEW, OS.WITHDRAWN, OS.APPLICANT_ACCEPTS, OS.DISPUTE}),
    OS.UNDER_REVIEW: frozenset(
        {OS.SETTLEMENT, OS.UPHELD, OS.REJECTED, OS.WITHDRAWN, OS.APPLICANT_ACCEPTS, OS.DISPUTE}
    ),
    OS.SETTLEMENT: frozenset(
        {OS.SETTLED, OS.UNDER_REVIEW, OS.WITHDRAWN, OS.APPLICANT_ACCEPTS, OS.DISPUTE}
    ),
    OS.SETTLED: frozenset({OS.APPLICANT_ACCEPTS, OS.CLOSED}),
    OS.UPHELD: frozenset({OS.APPLICANT_ACCEPTS, OS.DISPUTE, OS.CLOSED}),
    OS.REJECTED: frozenset({OS.APPLICANT_ACCEPTS, OS.DISPUTE, OS.CLOSED}),
    OS.NOT_RESPONDED: frozenset({OS.APPLICANT_ACCEPTS, OS.DISPUTE}),
    OS.APPLICANT_ACCEPTS: frozenset({OS.CLOSED}),
    OS.DISPUTE: frozenset({OS.CLOSED}),
    OS.CLOSED: frozenset(),
    OS.WITHDRAWN: frozenset(),
}
# States where the atasan has not answered: past `atasan_due_on` they count as TIDAK_DITANGGAPI
# (derived, B.2), which opens the applicant's response and the dispute.
PRE_DECISION = (OS.REGISTERED, OS.UNDER_REVIEW, OS.SETTLEMENT)


@dataclass
class ObjectionInput:
    grounds: list[str]
    case_facts: str
    representative_name: str = ""
    representative_address: str = ""
    representative_contact: str = ""
    power_of_attorney: object | None = None
    extra: dict = field(default_factory=dict)


def _local_date(body, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(body.time_zone)).date()


def objection_trigger(request: InformationRequest) -> date:
    """B4/F5: the delivery, the notice, or for no answer (c) the effective due date."""
    if request.handover_on:
        return request.handover_on
    if request.notice_sent_at:
        return _local_date(request.body, request.notice_sent_at)
    return request.due_on


def suggested_grounds(request: InformationRequest, today: date) -> list[str]:
    """Keputusan 6: c and g pre-filled from the deadline data; a for a refusal."""
    grounds = []
    notice = getattr(request, "notice", None)
    if request.outcome in (Outcome.REFUSED_EXEMPT, Outcome.GRANTED_PARTLY) or (
        notice is not None and notice.exemption_letter and request.notice_sent_at
    ):
        grounds.append("a")
    if request.status in PRE_NOTICE_STATUSES and request.due_on and request.due_on < today:
        grounds.append("c")
    if request.notice_late:
        grounds.append("g")
    return grounds


def _input_errors(data: ObjectionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    grounds = set(data.grounds or [])
    if not grounds:
        errors["grounds"] = [_("Pilih minimal satu alasan keberatan (Pasal 35 ayat 1 huruf a-g).")]
    elif not grounds <= set(GROUND_LETTERS):
        errors["grounds"] = [_("Alasan keberatan tidak dikenal.")]
    if not (data.case_facts or "").strip():
        errors["case_facts"] = [_("Uraikan kasus posisi (fakta keberatan).")]
    try:
        validate_document_upload(data.power_of_attorney)
    except Exception as error:  # noqa: BLE001 - a ValidationError with the message to show
        errors["power_of_attorney"] = list(getattr(error, "messages", [str(error)]))
    return errors


def _check_filer(request, *, actor, token, session_grants=()) -> tuple[bool, object]:
    """(is_applicant, recorded_by). Applicants by token, account, or a session that verified the
    token before (the tracking page's grant); the desk records paper ones."""
    if token and token_matches(token, request.tracking_token_hash):
        return True, None
    if request.pk in set(session_grants):
        return True, None
    if actor is not None and actor.is_authenticated and request.applicant_id == actor.pk:
        return True, None
    probe = Objection(body_id=request.body_id, handling_unit_id=request.assigned_unit_id, pk=0)
    if actor is None or not requests_visible_to(actor).filter(pk=request.pk).exists():
        raise ObjectNotFound(_("Permohonan tidak ditemukan."))
    if ObjectionAction.FILE_ON_PAPER not in permitted_objection_actions(actor, probe):
        raise ActionForbidden(
            _("Hanya pemohon atau petugas PPID Utama yang dapat mencatat keberatan.")
        )
    return False, actor


@transaction.atomic
def objection_file(
    *,
    request: InformationRequest,
    data: ObjectionInput,
    actor=None,
    token: str | None = None,
    session_grants=(),
    filed_at: datetime | None = None,
    now: datetime | None = None,
) -> Objection:
    """Register an objection: own number, 30 HK window check (late is accepted and flagged,
    Keputusan 6), the atasan's 30 HK clock, routing to the atasan of the answering OPD or body."""
    now = now or timezone.now()
    is_applicant, recorded_by = _check_filer(
        request, actor=actor, token=token, session_grants=session_grants
    )
    errors = _input_errors(data)
    if errors:
        raise ValidationFailed(_("Periksa kembali isian keberatan."), fields=errors)
    locked = lock_request(request)
    if locked.objections.filter(status__in=OPEN_OBJECTION_STATUSES).exists():
        raise InvalidTransition(_("Permohonan ini sudah memiliki keberatan yang sedang diperiksa."))
    calendar = calendar_for(locked.body)
    filed_at = filed_at if (filed_at and not is_applicant) else now
    received_on = calendar.effective_receipt_date(
        filed_at, time_zone=locked.body.time_zone, closes_at=locked.body.office_closes_at
    )
    pre_notice = locked.status in PRE_NOTICE_STATUSES
    if pre_notice and not (locked.due_on and locked.due_on < _local_date(locked.body, now)):
        raise InvalidTransition(
            _(
                "Keberatan dapat diajukan setelah ada pemberitahuan tertulis atau setelah batas waktu lewat tanpa tanggapan."
            )
        )
    trigger = objection_trigger(locked)
    window_end = calendar.add_working_days(trigger, OBJECTION_FILING_WORKING_DAYS)
    atasan_due = calendar.add_working_days(received_on, ATASAN_RESPONSE_WORKING_DAYS)
    year = filed_at.astimezone(ZoneInfo(locked.body.time_zone)).year
    seq = sequence_next(body=locked.body, kind=SequenceKind.OBJECTION, year=year)
    grounds = set(data.grounds)
    objection = Objection.objects.create(
        body=locked.body,
        request=locked,
        handling_unit=locked.assigned_unit,
        registration_number=format_number(
            body=locked.body, kind=SequenceKind.OBJECTION, seq=seq, year=year, month=filed_at.month
        ),
        sequence_year=year,
        sequence_number=seq,
        **{f"ground_{letter}": letter in grounds for letter in GROUND_LETTERS},
        case_facts=data.case_facts.strip(),
        representative_name=data.representative_name.strip(),
        representative_address=data.representative_address.strip(),
        representative_contact=data.representative_contact.strip(),
        power_of_attorney=data.power_of_attorney or "",
        filed_at=filed_at,
        received_on=received_on,
        trigger_on=trigger,
        filing_window_ends_on=window_end,
        is_late=received_on > window_end,
        atasan_due_on=atasan_due,
        dispute_window_ends_on=calendar.add_working_days(atasan_due, DISPUTE_FILING_WORKING_DAYS),
        recorded_by=recorded_by,
    )
    request_transition(
        request=locked,
        to=Status.IN_OBJECTION,
        code="objection.filed",
        actor=actor if not is_applicant else None,
        actor_label=locked.full_name if is_applicant else "",
        now=now,
        note=", ".join(sorted(grounds)),
        data={
            "objection": objection.registration_number,
            "late": objection.is_late,
            "atasan_due_on": atasan_due.isoformat(),
        },
    )
    _notify_atasan(objection, now)
    from requests_app.letters.service import letter_store

    letter_store(request=locked, kind="objection_receipt", actor=recorded_by, now=now)
    applicant_notify(
        request=locked, code="objection.filed", now=now, detail=objection.registration_number
    )
    return objection


def atasan_for(objection: Objection) -> list:
    """F6: the atasan configured for the OPD that answered, else the body's atasan PPID."""
    memberships = Membership.objects.filter(body=objection.body, role=Role.ATASAN).select_related(
        "user"
    )
    unit_level = [
        m.user
        for m in memberships
        if objection.handling_unit_id and m.unit_id == objection.handling_unit_id
    ]
    return unit_level or [m.user for m in memberships if m.unit_id is None]


def _notify_atasan(objection: Objection, now: datetime) -> None:
    context = {
        "headline": _("Keberatan baru %(n)s menunggu tanggapan atasan PPID")
        % {"n": objection.registration_number},
        "message": _("Tanggapan tertulis paling lambat %(due)s (30 hari kerja, Pasal 36 ayat 2).")
        % {"due": objection.atasan_due_on.isoformat()},
        "items": [
            {
                "number": objection.registration_number,
                "subject": objection.case_facts,
                "due_on": objection.atasan_due_on,
                "path": f"/petugas/keberatan/{objection.pk}/",
                "note": "",
            }
        ],
    }
    for user in atasan_for(objection):
        officer_message_create(
            kind=registry.OFFICER_ALERT.code,
            context=context,
            user=user,
            request=objection.request,
            now=now,
        )


def _lock(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update().select_related("body", "request").get(pk=objection.pk)
    )


def objection_transition(
    *,
    objection: Objection,
    to: str,
    code: str,
    actor=None,
    note: str = "",
    changes: dict | None = None,
    allowed_from=None,
    now: datetime,
) -> Objection:
    """The one function that changes an objection's status: lock, re-check, save, audit event."""
    locked = _lock(objection)
    current = locked.status
    if to not in OBJECTION_TRANSITIONS.get(current, ()) or (
        allowed_from and current not in allowed_from
    ):
        raise InvalidTransition(
            _("Tindakan ini tidak dapat dilakukan: status keberatan saat ini adalah “%(s)s”.")
            % {"s": ObjectionStatus(current).label}
        )
    changes = dict(changes or {})
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.status = to
    locked.save(update_fields=[*changes, "status", "updated_at"])
    record_event(
        request=locked.request,
        code=code,
        actor=actor,
        from_status=current,
        to_status=to,
        note=note,
        data={"objection": locked.registration_number},
        now=now,
    )
    return locked


@transaction.atomic
def objection_review(*, objection, actor, now: datetime | None = None) -> Objection:
    now = now or timezone.now()
    authorize_objection(actor, ObjectionAction.REVIEW, objection)
    return objection_transition(
        objection=objection, to=OS.UNDER_REVIEW, code="objection.under_review", actor=actor, now=now
    )


@transaction.atomic
def objection_start_settlement(*, objection, actor, now: datetime | None = None) -> Objection:
    """Pasal 35(2): grounds b-g may be settled by agreement, never ground a."""
    now = now or timezone.now()
    authorize_objection(actor, ObjectionAction.SETTLEMENT, objection)
    if objection.ground_a:
        raise ValidationFailed(
            _(
                "Keberatan atas penolakan berdasarkan Pasal 17 (huruf a) tidak dapat diselesaikan secara musyawarah."
            )
        )
    return objection_transition(
        objection=objection,
        to=OS.SETTLEMENT,
        code="objection.settlement.started",
        actor=actor,
        now=now,
    )


@transaction.atomic
def objection_end_settlement(
    *, objection, actor, agreed: bool, minutes: str, now: datetime | None = None
) -> Objection:
    """Agreement (minutes required) ends the objection; no agreement returns it to review."""
    now = now or timezone.now()
    authorize_objection(actor, ObjectionAction.SETTLEMENT, objection)
    minutes = (minutes or "").strip()
    if agreed and not minutes:
        message = _("Lampirkan berita acara musyawarah.")
        raise ValidationFailed(message, fields={"minutes": [message]})
    if not agreed:
        return objection_transition(
            objection=objection,
            to=OS.UNDER_REVIEW,
            code="objection.settlement.failed",
            actor=actor,
            note=minutes,
            allowed_from=[OS.SETTLEMENT],
            now=now,
        )
    settled = objection_transition(
        objection=objection,
        to=OS.SETTLED,
        code="objection.settled",
        actor=actor,
        note=minutes,
        changes={"settlement_minutes": minutes, **_decision_clock(objection, now)},
        now=now,
    )
    return settled


def _decision_clock(objection: Objection, now: datetime) -> dict:
    calendar = calendar_for(objection.body)
    today = _local_date(objection.body, now)
    # B7 as specified: 14 HK from the later of the response and the atasan's due date.
    dispute_from = max(today, objection.atasan_due_on)
    return {
        "decided_at": now,
        "decided_late": today > objection.atasan_due_on,
        "working_days_to_decision": max(
            calendar.working_days_between(objection.received_on, today), 0
        ),
        "dispute_window_ends_on": calendar.add_working_days(
            dispute_from, DISPUTE_FILING_WORKING_DAYS
        ),
    }


@transaction.atomic
def objection_decide(
    *, objection, actor, upheld: bool, reasons: str, now: datetime | None = None
) -> Objection:
    """The atasan's written response (Pasal 36). Rejecting (upholding the PPID) needs written reasons;
    upholding the objection sends the request back to processing with a new, linked due date."""
    now = now or timezone.now()
    authorize_objection(actor, ObjectionAction.DECIDE, objection)
    reasons = (reasons or "").strip()
    if not reasons:
        message = _("Tanggapan atasan PPID wajib disertai alasan tertulis.")
        raise ValidationFailed(message, fields={"reasons": [message]})
    membership = Membership.objects.filter(
        user=actor, body=objection.body, role=Role.ATASAN
    ).first()
    changes = {
        **_decision_clock(objection, now),
        "decision_reasons": reasons,
        "decided_by": actor,
        "decided_by_name": actor.get_full_name() or actor.get_username(),
        "decided_by_position": membership.position
        if membership and membership.position
        else _("Atasan PPID"),
    }
    request = objection.request
    if upheld:
        new_due = calendar_for(objection.body).add_working_days(
            _local_date(objection.body, now), NOTICE_WORKING_DAYS
        )
        changes["reopened_request_due_on"] = new_due
    decided = objection_transition(
        objection=objection,
        to=OS.UPHELD if upheld else OS.REJECTED,
        code="objection.upheld" if upheld else "objection.rejected",
        actor=actor,
        note=reasons,
        changes=changes,
        allowed_from=[OS.UNDER_REVIEW],
        now=now,
    )
    if upheld:
        request_transition(
            request=request,
            to=Status.IN_PROCESS,
            code="request.reopened_by_objection",
            actor=actor,
            changes={"due_on": new_due},
            note=reasons,
            now=now,
            data={"objection": decided.registration_number, "due_on": new_due.isoformat()},
        )
    from requests_app.letters.service import letter_store

    letter_store(request=request, kind="objection_decision", actor=actor, now=now)
    applicant_notify(
        request=request,
        code=decided.status == OS.UPHELD and "objection.upheld" or "objection.rejected",
        now=now,
    )
    return decided


def objection_is_unanswered(objection: Objection, today: date) -> bool:
    return objection.status in PRE_DECISION and objection.atasan_due_on < today


@transaction.atomic
def objection_record_response(
    *, objection, response: str, actor=None, token: str | None = None, now: datetime | None = None
) -> Objection:
    """The applicant's answer to the atasan's response (register column k): accepts, or goes to the KI.
    Also possible after the atasan let the 30 HK lapse (TIDAK_DITANGGAPI, derived)."""
    now = now or timezone.now()
    by_applicant = bool(token and token_matches(token, objection.request.tracking_token_hash))
    if not by_applicant:
        authorize_objection(actor, ObjectionAction.RECORD_RESPONSE, objection)
    if response not in ApplicantResponse.values:
        raise ValidationFailed(
            _("Pilih tanggapan pemohon."), fields={"response": [_("Pilih tanggapan pemohon.")]}
        )
    today = _local_date(objection.body, now)
    decided = objection.status in (OS.UPHELD, OS.REJECTED, OS.SETTLED)
    if not decided and not objection_is_unanswered(objection, today):
        raise InvalidTransition(
            _(
                "Tanggapan pemohon dicatat setelah atasan PPID menanggapi atau setelah 30 hari kerja lewat."
            )
        )
    changes = {"applicant_response": response, "applicant_response_at": now}
    if response == ApplicantResponse.ACCEPTS:
        updated = objection_transition(
            objection=objection,
            to=OS.APPLICANT_ACCEPTS,
            code="objection.applicant_accepts",
            actor=actor,
            changes=changes,
            now=now,
        )
        _close_request_after(updated, actor, now)
        return updated
    objection.__dict__.update(changes)
    Objection.objects.filter(pk=objection.pk).update(**changes)
    record_event(
        request=objection.request,
        code="objection.applicant_goes_to_ki",
        actor=actor,
        now=now,
        data={"objection": objection.registration_number},
    )
    return objection


def _close_request_after(objection: Objection, actor, now: datetime) -> None:
    request = InformationRequest.objects.get(pk=objection.request_id)
    if request.status == Status.IN_OBJECTION:
        request_transition(
            request=request,
            to=Status.CLOSED,
            code="request.closed_after_objection",
            actor=actor,
            changes={"closed_at": now},
            now=now,
            data={"objection": objection.registration_number},
        )


@transaction.atomic
def objection_withdraw(
    *, objection, reason: str, actor=None, token: str | None = None, now: datetime | None = None
) -> Objection:
    now = now or timezone.now()
    by_applicant = bool(token and token_matches(token, objection.request.tracking_token_hash)) or (
        actor is not None and actor.is_authenticated and objection.request.applicant_id == actor.pk
    )
    if not by_applicant:
        authorize_objection(actor, ObjectionAction.WITHDRAW, objection)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Alasan pencabutan wajib diisi."),
            fields={"reason": [_("Alasan pencabutan wajib diisi.")]},
        )
    withdrawn = objection_transition(
        objection=objection,
        to=OS.WITHDRAWN,
        code="objection.withdrawn",
        actor=actor,
        note=reason,
        allowed_from=PRE_DECISION,
        now=now,
    )
    _close_request_after(withdrawn, actor, now)
    return withdrawn


@dataclass
class DisputeInput:
    commission: str
    ki_register_number: str
    filed_on: date


@transaction.atomic
def dispute_record(*, objection, actor, data: DisputeInput, now: datetime | None = None) -> Dispute:
    """Record a sengketa filed at the Komisi Informasi; late filing (> 14 HK) is flagged, not refused."""
    now = now or timezone.now()
    authorize_objection(actor, ObjectionAction.RECORD_DISPUTE, objection)
    errors = {}
    if not data.commission.strip():
        errors["commission"] = [_("Sebutkan Komisi Informasi yang berwenang.")]
    if not data.ki_register_number.strip():
        errors["ki_register_number"] = [_("Isi nomor register sengketa di Komisi Informasi.")]
    if data.filed_on is None or data.filed_on > _local_date(objection.body, now):
        errors["filed_on"] = [_("Tanggal pengajuan tidak valid.")]
    if errors:
        raise ValidationFailed(_("Periksa kembali data sengketa."), fields=errors)
    today = _local_date(objection.body, now)
    if objection.status in PRE_DECISION and not objection_is_unanswered(objection, today):
        raise InvalidTransition(
            _(
                "Sengketa dapat diajukan setelah tanggapan atasan PPID atau setelah 30 hari kerja lewat."
            )
        )
    updated = objection_transition(
        objection=objection,
        to=OS.DISPUTE,
        code="dispute.filed",
        actor=actor,
        now=now,
        changes={"applicant_response": ApplicantResponse.GOES_TO_KI, "applicant_response_at": now},
    )
    window = updated.dispute_window_ends_on
    return Dispute.objects.create(
        objection=updated,
        commission=data.commission.strip(),
        ki_register_number=data.ki_register_number.strip(),
        filed_on=data.filed_on,
        filed_late=bool(window and data.filed_on > window),
    )


@dataclass
class DisputeUpdate:
    stage: str = ""
    mediation_on: date | None = None
    adjudication_on: date | None = None
    outcome: str = ""
    outcome_on: date | None = None
    release_description: str = ""
    release_due_on: date | None = None
    complied_on: date | None = None
    compliance_note: str = ""
    court_name: str = ""
    court_filed_on: date | None = None
    court_result: str = ""


RELEASE_OUTCOMES = (
    DisputeOutcome.RELEASE_ORDERED,
    DisputeOutcome.PARTLY_RELEASED,
    DisputeOutcome.MEDIATION_AGREEMENT,
)


@transaction.atomic
def dispute_update(
    *, dispute: Dispute, actor, data: DisputeUpdate, now: datetime | None = None
) -> Dispute:
    """Mediation/adjudication dates, the outcome (and what must be released by when: the
    compliance clock), compliance, and a court stage."""
    now = now or timezone.now()
    objection = dispute.objection
    authorize_objection(actor, ObjectionAction.RECORD_DISPUTE, objection)
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    errors = {}
    if data.stage and data.stage not in DisputeStage.values:
        errors["stage"] = [_("Tahap tidak dikenal.")]
    if data.outcome and data.outcome not in DisputeOutcome.values:
        errors["outcome"] = [_("Hasil tidak dikenal.")]
    if data.outcome in (DisputeOutcome.RELEASE_ORDERED, DisputeOutcome.PARTLY_RELEASED):
        if not data.release_description.strip():
            errors["release_description"] = [_("Sebutkan informasi yang wajib dibuka.")]
        if data.release_due_on is None:
            errors["release_due_on"] = [_("Isi batas waktu pelaksanaan putusan.")]
    if data.outcome and data.outcome_on is None:
        errors["outcome_on"] = [_("Isi tanggal putusan/akta.")]
    if errors:
        raise ValidationFailed(_("Periksa kembali data sengketa."), fields=errors)
    changed = {}
    for name, value in data.__dict__.items():
        if value not in ("", None) and getattr(locked, name) != value:
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
            changed[name] = str(value)
    if data.outcome and not data.stage:
        locked.stage = DisputeStage.DECIDED
        changed["stage"] = DisputeStage.DECIDED
    if data.court_name and not data.stage:
        locked.stage = DisputeStage.COURT
        changed["stage"] = DisputeStage.COURT
    locked.save()
    if changed:
        record_event(
            request=objection.request,
            code="dispute.updated",
            actor=actor,
            data={"dispute": locked.ki_register_number, **changed},
            now=now,
        )
    return locked
