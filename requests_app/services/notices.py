"""The written notice (Pasal 22(7) a-g): draft with outcome-dependent validation, fees from the
body's tariff, sign-off or revision, and forwarding to another body (Keputusan 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import ValidationFailed
from requests_app.lifecycle import lock_request, record_event
from requests_app.models import (
    AccessMethod,
    ConsequenceTest,
    CopyFormat,
    DipItem,
    FeeKind,
    FeeLine,
    InformationRequest,
    NoticeState,
    Outcome,
    PublicBody,
    Status,
    Tariff,
    WrittenNotice,
)
from requests_app.permissions import Action, authorize
from requests_app.services.catalogue import exemption_basis_errors
from requests_app.services.workflow import (
    GRANTED_OUTCOMES,
    _act,
    local_today,
    objection_window_from,
)
from requests_app.workdays import calendar_for


@dataclass
class NoticeInput:
    outcome: str
    material_description: str = ""
    withheld_description: str = ""
    redaction_explanation: str = ""
    exemption_letter: str = ""
    exemption_subitem: int | None = None
    other_statute: str = ""
    consequence_test: ConsequenceTest | None = None
    holding_body: PublicBody | None = None
    holding_body_name: str = ""
    holding_body_unknown: bool = False
    dip_item: DipItem | None = None
    copy_format: str = ""
    medium: str = ""
    provision_days: int | None = None
    pages: int = 0
    media_units: int = 0
    delivery_fee: int = 0
    payment_method: str = ""
    explanation: str = ""


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def notice_input_errors(request: InformationRequest, data: NoticeInput) -> dict[str, list[str]]:
    """Validation depends on the outcome (A7, A9-A12, A15)."""
    errors = _Errors()
    required = _("Wajib diisi untuk keputusan ini.")
    if data.outcome not in Outcome.values:
        errors.add("outcome", _("Pilih keputusan."))
        return errors
    if data.outcome in (Outcome.GRANTED_FULLY, Outcome.GRANTED_PARTLY):
        if not data.material_description.strip():
            errors.add("material_description", required)
        if data.provision_days is None:
            errors.add("provision_days", _("Isi perkiraan waktu penyediaan (hari kerja)."))
        if request.access_method == AccessMethod.COPY and not data.copy_format:
            errors.add("copy_format", _("Pilih bentuk salinan yang diberikan."))
    if data.outcome in (Outcome.GRANTED_PARTLY, Outcome.REFUSED_EXEMPT):
        _check_exemption(request, data, errors)
    if data.outcome == Outcome.GRANTED_PARTLY:
        for field in ("withheld_description", "redaction_explanation"):
            if not getattr(data, field).strip():
                errors.add(field, required)
    if data.outcome == Outcome.ALREADY_AVAILABLE:
        if (
            data.dip_item is None
            or data.dip_item.body_id != request.body_id
            or not data.dip_item.is_published
        ):
            errors.add(
                "dip_item", _("Pilih informasi yang sudah diumumkan dalam DIP badan publik ini.")
            )
    if data.outcome == Outcome.NOT_HELD:
        named = data.holding_body is not None or data.holding_body_name.strip()
        if not named and not data.holding_body_unknown:
            errors.add(
                "holding_body_name",
                _("Sebutkan badan publik yang menguasai, atau tandai “tidak diketahui”."),
            )
    if data.outcome == Outcome.NOT_YET_DOCUMENTED and not data.explanation.strip():
        errors.add("explanation", _("Jelaskan mengapa informasi belum dikuasai/didokumentasikan."))
    for field in ("pages", "media_units", "delivery_fee"):
        if getattr(data, field) < 0:
            errors.add(field, _("Tidak boleh negatif."))
    return errors


def _check_exemption(request, data: NoticeInput, errors: _Errors) -> None:
    letter = data.exemption_letter
    if not letter:
        errors.add("exemption_letter", _("Sebutkan dasar pengecualian Pasal 17 (huruf a-j)."))
        return
    basis = exemption_basis_errors(
        letter=letter, subitem=data.exemption_subitem, other_statute=data.other_statute
    )
    for field, messages in basis.items():
        for message in messages:
            errors.add(field, message)
    test = data.consequence_test
    if test is None:
        errors.add(
            "consequence_test",
            _("Pengecualian wajib didasarkan pada uji konsekuensi (Pasal 2 ayat 4)."),
        )
    elif test.body_id != request.body_id or test.exemption_letter != letter:
        errors.add(
            "consequence_test",
            _("Uji konsekuensi harus milik badan publik ini dan dengan dasar pasal yang sama."),
        )


def tariff_in_force(body: PublicBody, on) -> Tariff | None:
    return (
        Tariff.objects.filter(body=body, effective_from__lte=on).order_by("-effective_from").first()
    )


def _fee_lines(request, data: NoticeInput, tariff: Tariff | None) -> list[FeeLine]:
    """A13: copying (pages x tariff, free for electronic copies by default), media, delivery."""
    if data.outcome not in (Outcome.GRANTED_FULLY, Outcome.GRANTED_PARTLY):
        return []
    lines = []
    electronic = data.copy_format == CopyFormat.SOFTCOPY
    if tariff is not None and data.pages and not (electronic and tariff.electronic_free):
        lines.append(
            (
                FeeKind.COPYING,
                _("Penggandaan %(n)s lembar") % {"n": data.pages},
                data.pages,
                tariff.copy_per_page,
            )
        )
    if tariff is not None and data.media_units:
        lines.append(
            (FeeKind.MEDIA, _("Media penyimpanan"), data.media_units, tariff.media_per_unit)
        )
    if data.delivery_fee:
        lines.append((FeeKind.DELIVERY, _("Ongkos pengiriman"), 1, data.delivery_fee))
    return [
        FeeLine(kind=kind, description=text, quantity=qty, unit_price=price, amount=qty * price)
        for kind, text, qty, price in lines
    ]


def _notice_fields(data: NoticeInput) -> dict:
    return {
        "outcome": data.outcome,
        "information_held": data.outcome != Outcome.NOT_HELD,
        "holding_body": data.holding_body,
        "holding_body_name": data.holding_body_name.strip()
        or (data.holding_body.name if data.holding_body else ""),
        "holding_body_unknown": data.holding_body_unknown,
        "material_description": data.material_description.strip(),
        "withheld_description": data.withheld_description.strip(),
        "redaction_explanation": data.redaction_explanation.strip(),
        "exemption_letter": data.exemption_letter,
        "exemption_subitem": data.exemption_subitem,
        "other_statute": data.other_statute.strip(),
        "consequence_test": data.consequence_test,
        "dip_item": data.dip_item,
        "copy_format": data.copy_format,
        "medium": data.medium.strip(),
        "provision_days": data.provision_days,
        "payment_method": data.payment_method.strip(),
        "explanation": data.explanation.strip(),
    }


@transaction.atomic
def notice_draft(
    *, request, actor, data: NoticeInput, now: datetime | None = None
) -> WrittenNotice:
    """Write (or rewrite after a revision request) the notice and send it for sign-off."""
    now = now or timezone.now()
    authorize(actor, Action.DRAFT_NOTICE, request)
    locked = lock_request(request)
    if data.outcome == Outcome.ALREADY_AVAILABLE and data.dip_item is not None:
        data.material_description = data.material_description or _dip_description(data.dip_item)
    errors = notice_input_errors(locked, data)
    if errors:
        raise ValidationFailed(_("Periksa kembali isian pemberitahuan tertulis."), fields=errors)
    tariff = tariff_in_force(locked.body, local_today(locked, now))
    lines = _fee_lines(locked, data, tariff)
    notice, _created = WrittenNotice.objects.update_or_create(
        request=locked,
        defaults={
            **_notice_fields(data),
            "state": NoticeState.AWAITING_APPROVAL,
            "tariff": tariff if lines else None,
            "fee_total": sum(line.amount for line in lines),
            "drafted_by": actor,
            "drafted_at": now,
        },
    )
    notice.fee_lines.all().delete()
    for line in lines:
        line.notice = notice
    FeeLine.objects.bulk_create(lines)
    _act(
        request=locked,
        actor=actor,
        action=Action.DRAFT_NOTICE,
        code="request.notice.drafted",
        now=now,
        data={"outcome": data.outcome, "fee_total": notice.fee_total},
    )
    return notice


def _dip_description(item: DipItem) -> str:
    return _("Informasi telah diumumkan dalam Daftar Informasi Publik: %(title)s %(link)s") % {
        "title": item.title,
        "link": item.link,
    }


@transaction.atomic
def notice_request_revision(*, request, actor, note: str, now: datetime | None = None):
    """The signer sends the draft back; the request returns to processing."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        message = _("Tuliskan apa yang perlu diperbaiki.")
        raise ValidationFailed(message, fields={"note": [message]})
    updated = _act(
        request=request,
        actor=actor,
        action=Action.REQUEST_REVISION,
        code="request.notice.revision_requested",
        note=note,
        now=now,
    )
    WrittenNotice.objects.filter(request=updated).update(
        state=NoticeState.REVISION_REQUESTED, revision_note=note
    )
    return updated


@transaction.atomic
def notice_approve(*, request, actor, now: datetime | None = None) -> InformationRequest:
    """Sign the notice: it is sent, the clock stops, the working days used are stored (A16), a late
    notice is flagged (ground g), and a granted request with a fee waits for payment."""
    now = now or timezone.now()
    authorize(actor, Action.APPROVE, request)
    locked = lock_request(request)
    notice = WrittenNotice.objects.filter(request=locked).first()
    today = local_today(locked, now)
    days = calendar_for(locked.body).working_days_between(locked.effective_received_on, today)
    updated = _act(
        request=locked,
        actor=actor,
        action=Action.APPROVE,
        code="request.notice.approved",
        now=now,
        changes={
            "outcome": notice.outcome if notice else "",
            "notice_sent_at": now,
            "working_days_to_notice": max(days, 0),
            "objection_window_ends_on": objection_window_from(locked, today),
            "notice_late": today > locked.due_on,
        },
        data={"outcome": notice.outcome if notice else "", "late": today > locked.due_on},
    )
    membership = next((m for m in getattr(actor, "_ppid_memberships", []) if m.position), None)
    notice.state, notice.approved_by, notice.approved_at = NoticeState.APPROVED, actor, now
    notice.signer_name = actor.get_full_name() or actor.get_username()
    notice.signer_position = (
        membership.position if membership else _("Pejabat Pengelola Informasi dan Dokumentasi")
    )
    notice.save(
        update_fields=["state", "approved_by", "approved_at", "signer_name", "signer_position"]
    )
    _store_notice_letters(updated, actor, now)
    if notice.outcome in GRANTED_OUTCOMES and notice.fee_total > 0:
        from requests_app.lifecycle import request_transition

        updated = request_transition(
            request=updated,
            to=Status.AWAITING_PAYMENT,
            code="request.payment.awaited",
            actor=actor,
            data={"fee_total": notice.fee_total},
            now=now,
        )
    return updated


def _store_notice_letters(request, actor, now) -> None:
    from requests_app.letters.service import letter_store

    letter_store(request=request, kind="notice", actor=actor, now=now)
    if request.outcome == Outcome.REFUSED_EXEMPT:
        letter_store(request=request, kind="refusal_decision", actor=actor, now=now)


@transaction.atomic
def request_forward(
    *,
    request,
    actor,
    target_body: PublicBody | None = None,
    target_name: str = "",
    note: str = "",
    now: datetime | None = None,
):
    """Keputusan 5: the original gets a `tidak_dikuasai` notice naming the right body (sent for
    sign-off as usual); a body on this installation gets a new linked request with its own number
    and receipt time, and the applicant is told both."""
    from requests_app.services.requests import request_input_from, request_submit

    now = now or timezone.now()
    authorize(actor, Action.FORWARD, request)
    if target_body is not None and target_body.pk == request.body_id:
        raise ValidationFailed(
            _("Pilih badan publik lain."), fields={"target_body": [_("Pilih badan publik lain.")]}
        )
    if target_body is None and not target_name.strip():
        message = _("Sebutkan badan publik tujuan.")
        raise ValidationFailed(message, fields={"target_name": [message]})
    name = target_body.name if target_body else target_name.strip()
    notice_draft(
        request=request,
        actor=actor,
        now=now,
        data=NoticeInput(
            outcome=Outcome.NOT_HELD,
            holding_body=target_body,
            holding_body_name=name,
            explanation=note or _("Permohonan diteruskan ke %(b)s.") % {"b": name},
        ),
    )
    if target_body is None:
        return None
    original = InformationRequest.objects.get(pk=request.pk)
    forwarded = request_submit(
        body=target_body,
        data=request_input_from(original),
        channel=original.channel,
        applicant=original.applicant,
        recorded_by=actor,
        forwarded_from=original,
        now=now,
    )
    record_event(
        request=original,
        code="request.forwarded",
        actor=actor,
        note=note,
        data={"to_body": target_body.code, "new_number": forwarded.request.registration_number},
        now=now,
    )
    from requests_app.services.notify import applicant_notify

    applicant_notify(
        request=original,
        code="request.forwarded",
        now=now,
        detail=f"{target_body.name}: {forwarded.request.registration_number}",
    )
    return forwarded
