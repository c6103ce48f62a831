"""Writes on information requests: intake (issue 2)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app import identity
from requests_app.errors import ValidationFailed
from requests_app.lifecycle import record_event
from requests_app.models import (
    AccessibilityNeed,
    AccessMethod,
    ApplicantType,
    Channel,
    DeliveryMethod,
    InformationRequest,
    PublicBody,
    SequenceKind,
    Status,
)
from requests_app.notifications import registry
from requests_app.notifications.outbox import applicant_messages_build, notifications_store
from requests_app.services.numbering import format_number, sequence_next
from requests_app.uploads import validate_document_upload
from requests_app.workdays import calendar_for

NOTICE_WORKING_DAYS = 10  # Pasal 22(7)
OBJECTION_FILING_WORKING_DAYS = 30  # Pasal 36(1)
# A receipt time this far in the past counts as backdated and needs a reason.
BACKDATE_TOLERANCE = timedelta(minutes=15)


@dataclass
class RequestInput:
    """The statutory request form (domain.md C.1) as the services receive it."""

    applicant_type: str
    full_name: str
    address: str
    occupation: str
    information_requested: str
    purpose: str
    access_method: str
    nik: str = ""
    legal_entity_number: str = ""
    phone: str = ""
    email: str = ""
    npwp: str = ""
    copy_format: str = ""
    delivery_method: str = ""
    representative_name: str = ""
    representative_nik: str = ""
    accessibility_needs: list[str] = field(default_factory=list)
    accessibility_note: str = ""
    representative_address: str = ""
    representative_contact: str = ""
    identity_document: object | None = None
    power_of_attorney: object | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SubmittedRequest:
    request: InformationRequest
    # Shown once (receipt page, email); only its hash is stored.
    tracking_token: str


def request_input_errors(data: RequestInput) -> dict[str, list[str]]:
    """Every rule of the form that depends on more than one field's shape (A1, A3, A5, C.1)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in ("full_name", "address", "occupation", "information_requested", "purpose"):
        if not str(getattr(data, name) or "").strip():
            add(name, _("Wajib diisi."))
    if data.applicant_type not in ApplicantType.values:
        add("applicant_type", _("Pilih jenis pemohon."))
    if data.access_method not in AccessMethod.values:
        add("access_method", _("Pilih cara memperoleh informasi."))
    if not (data.phone.strip() or data.email.strip()):
        add("phone", _("Isi nomor telepon atau email (minimal salah satu)."))
        add("email", _("Isi nomor telepon atau email (minimal salah satu)."))
    if data.applicant_type == ApplicantType.LEGAL_ENTITY:
        if not data.legal_entity_number.strip():
            add("legal_entity_number", _("Nomor SK pengesahan badan hukum wajib diisi."))
        if data.nik.strip():
            _check_nik(data.nik, add)
    elif data.applicant_type in ApplicantType.values:
        if not data.nik.strip():
            add("nik", _("NIK wajib diisi."))
        else:
            _check_nik(data.nik, add)
    if data.applicant_type == ApplicantType.GROUP and not data.representative_name.strip():
        add("representative_name", _("Kelompok orang mengajukan melalui kuasa: isi nama kuasa."))
    if data.representative_nik.strip():
        try:
            identity.validate_nik(data.representative_nik)
        except ValidationError as error:
            add("representative_nik", " ".join(error.messages))
    elif data.applicant_type == ApplicantType.GROUP:
        add("representative_nik", _("Isi NIK kuasa."))
    if data.access_method == AccessMethod.COPY:
        if not data.copy_format:
            add("copy_format", _("Pilih bentuk salinan (softcopy atau hardcopy)."))
        if not data.delivery_method:
            add("delivery_method", _("Pilih cara mendapatkan salinan."))
    if data.delivery_method == DeliveryMethod.EMAIL and not data.email.strip():
        add("email", _("Pengiriman melalui email memerlukan alamat email."))
    if not set(data.accessibility_needs or []) <= set(AccessibilityNeed.values):
        add("accessibility_needs", _("Kebutuhan aksesibilitas tidak dikenal."))
    for name in ("identity_document", "power_of_attorney"):
        try:
            validate_document_upload(getattr(data, name))
        except ValidationError as error:
            add(name, " ".join(error.messages))
    return errors


def _check_nik(nik: str, add) -> None:
    try:
        identity.validate_nik(nik)
    except ValidationError as error:
        add("nik", " ".join(error.messages))


def tracking_url(request: InformationRequest, token: str) -> str:
    path = reverse("track_request", kwargs={"registration_number": request.registration_number})
    return f"{settings.SITE_URL}{path}?token={token}"


@transaction.atomic
def request_submit(
    *,
    body: PublicBody,
    data: RequestInput,
    channel: str = Channel.WEB,
    applicant=None,
    recorded_by=None,
    received_at: datetime | None = None,
    backdate_reason: str = "",
    forwarded_from: InformationRequest | None = None,
    now: datetime | None = None,
) -> SubmittedRequest:
    """Register a request: number, receipt time, frozen due date, audit event and receipt email.

    Online submissions are received now. Officers recording a walk-in, phone, letter, email or fax
    request may give an earlier receipt time, which needs a reason (Pasal 22(4): T0 is when the
    body received it, not when it was typed in).
    """
    now = now or timezone.now()
    if applicant is not None and not applicant.is_authenticated:
        applicant = None
    errors = request_input_errors(data)
    if channel not in Channel.values:
        errors.setdefault("channel", []).append(_("Kanal tidak dikenal."))
    received_at = received_at or now
    if received_at > now + BACKDATE_TOLERANCE:
        errors.setdefault("received_at", []).append(_("Waktu diterima tidak boleh di masa depan."))
    elif received_at < now - BACKDATE_TOLERANCE and not backdate_reason.strip():
        errors.setdefault("backdate_reason", []).append(
            _("Waktu diterima lebih awal dari sekarang: tuliskan alasannya.")
        )
    if errors:
        raise ValidationFailed(_("Periksa kembali isian yang ditandai."), fields=errors)

    calendar = calendar_for(body)
    effective = calendar.effective_receipt_date(
        received_at, time_zone=body.time_zone, closes_at=body.office_closes_at
    )
    due_on = calendar.add_working_days(effective, NOTICE_WORKING_DAYS)
    local = received_at.astimezone(ZoneInfo(body.time_zone))
    token = secrets.token_urlsafe(32)
    nik = data.nik.strip()
    request = InformationRequest(
        body=body,
        sequence_year=local.year,
        tracking_token_hash=identity.token_hash(token),
        channel=channel,
        applicant_type=data.applicant_type,
        full_name=data.full_name.strip(),
        nik_ciphertext=identity.encrypt(nik),
        nik_hash=identity.nik_hash(nik) if nik else "",
        nik_last4=nik[-4:],
        legal_entity_number=data.legal_entity_number.strip(),
        identity_document=data.identity_document or "",
        address=data.address.strip(),
        occupation=data.occupation.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        npwp=data.npwp.strip(),
        representative_name=data.representative_name.strip(),
        representative_nik_ciphertext=identity.encrypt(data.representative_nik.strip()),
        representative_nik_last4=data.representative_nik.strip()[-4:],
        representative_address=data.representative_address.strip(),
        representative_contact=data.representative_contact.strip(),
        power_of_attorney=data.power_of_attorney or "",
        accessibility_needs=",".join(sorted(set(data.accessibility_needs or []))),
        accessibility_note=data.accessibility_note.strip(),
        information_requested=data.information_requested.strip(),
        purpose=data.purpose.strip(),
        access_method=data.access_method,
        copy_format=data.copy_format,
        delivery_method=data.delivery_method,
        status=Status.REGISTERED,
        received_at=received_at,
        backdate_reason=backdate_reason.strip(),
        effective_received_on=effective,
        original_due_on=due_on,
        due_on=due_on,
        objection_window_ends_on=calendar.add_working_days(due_on, OBJECTION_FILING_WORKING_DAYS),
        applicant=applicant,
        recorded_by=recorded_by,
        forwarded_from=forwarded_from,
    )
    # Everything above (encryption, hashing, the row itself) is done before the number is taken:
    # from here to the commit, every other submission to this body waits on the sequence row.
    request.sequence_number = sequence_next(body=body, kind=SequenceKind.REQUEST, year=local.year)
    request.registration_number = format_number(
        body=body,
        kind=SequenceKind.REQUEST,
        seq=request.sequence_number,
        year=local.year,
        month=local.month,
    )
    request.save(force_insert=True)
    record_event(
        request=request,
        code=_submission_code(recorded_by=recorded_by, forwarded_from=forwarded_from),
        actor=recorded_by or applicant,
        actor_label="" if (recorded_by or applicant) else request.full_name,
        from_status=Status.DRAFT,
        to_status=Status.REGISTERED,
        note=backdate_reason.strip(),
        data={
            "channel": channel,
            "received_at": received_at.isoformat(),
            "effective_received_on": effective.isoformat(),
            "due_on": due_on.isoformat(),
            **({"forwarded_from": forwarded_from.registration_number} if forwarded_from else {}),
        },
        now=now,
    )
    # The request is new, so its receipt's dedup key is free: one insert, no savepoint.
    notifications_store(
        applicant_messages_build(
            kind=registry.REQUEST_RECEIPT.code,
            context={"request": request, "tracking_url": tracking_url(request, token)},
            request=request,
            dedup_key=f"request_receipt:{request.pk}",
            now=now,
        )
    )
    return SubmittedRequest(request=request, tracking_token=token)


def _submission_code(*, recorded_by, forwarded_from) -> str:
    if forwarded_from is not None:
        return "request.received_by_forwarding"
    return "request.recorded" if recorded_by is not None else "request.submitted"


def request_input_from(request: InformationRequest) -> RequestInput:
    """The applicant's form as stored, e.g. to open a forwarded request at another body."""
    return RequestInput(
        applicant_type=request.applicant_type,
        full_name=request.full_name,
        nik=identity.decrypt(request.nik_ciphertext),
        legal_entity_number=request.legal_entity_number,
        address=request.address,
        occupation=request.occupation,
        phone=request.phone,
        email=request.email,
        npwp=request.npwp,
        accessibility_needs=request.accessibility_need_list,
        accessibility_note=request.accessibility_note,
        information_requested=request.information_requested,
        purpose=request.purpose,
        access_method=request.access_method,
        copy_format=request.copy_format,
        delivery_method=request.delivery_method,
        representative_name=request.representative_name,
        representative_nik=identity.decrypt(request.representative_nik_ciphertext),
        representative_address=request.representative_address,
        representative_contact=request.representative_contact,
        identity_document=request.identity_document.name or None,
        power_of_attorney=request.power_of_attorney.name or None,
    )
