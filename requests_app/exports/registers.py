"""Registers as column specs: the register keberatan (domain.md C.5 a-k, the PKTJ export's seven
tick columns for Pasal 35(1) a-g, the late flag, the atasan's due date and the KI register number).

Applicant identity (name, address, job, contacts, representative) is only in the officers'
version, and only for bodies where the reader handles objections (Keputusan 8); supervisors get
the register without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from requests_app.models import (
    GROUND_LETTERS,
    ApplicantResponse,
    Objection,
    ObjectionStatus,
    PublicBody,
    Role,
)
from requests_app.permissions import memberships_of
from requests_app.templatetags.ppid_format import format_date_id

from .tabular import Column

# Roles that work objections of their body and may read the applicant's identity in the register.
IDENTITY_ROLES = (Role.UTAMA_OFFICER, Role.PELAKSANA_OFFICER, Role.SIGNER, Role.ATASAN)
DECISIONS = (ObjectionStatus.UPHELD, ObjectionStatus.REJECTED, ObjectionStatus.SETTLED)
EXPORT_CHUNK = 500


class AllBodies:
    """Identity scope of a superuser: every body."""

    def __contains__(self, body_id) -> bool:
        return True


def identity_scope(user):
    """Bodies whose applicant identity `user` may see in the register; empty for supervisors."""
    if user.is_superuser:
        return AllBodies()
    return {m.body_id for m in memberships_of(user) if m.role in IDENTITY_ROLES}


def _decision(objection: Objection) -> str:
    """The atasan's decision, still shown after the applicant's answer moved the status on."""
    if objection.status in DECISIONS:
        return str(ObjectionStatus(objection.status).label)
    if objection.decided_at is None:
        return ""
    if objection.reopened_request_due_on:
        return str(ObjectionStatus.UPHELD.label)
    if objection.settlement_minutes:
        return str(ObjectionStatus.SETTLED.label)
    return str(ObjectionStatus.REJECTED.label)


def _decided_on(objection: Objection) -> str:
    if objection.decided_at is None:
        return ""
    local = objection.decided_at.astimezone(ZoneInfo(objection.body.time_zone))
    return format_date_id(local.date(), with_day=True)


def _atasan(objection: Objection) -> str:
    parts = [objection.decided_by_name, objection.decided_by_position]
    return ", ".join(part for part in parts if part)


def _applicant_response(objection: Objection) -> str:
    value = objection.applicant_response
    return str(ApplicantResponse(value).label) if value in ApplicantResponse.values else ""


def _dispute_number(objection: Objection) -> str:
    try:
        return objection.dispute.ki_register_number
    except Objection.dispute.RelatedObjectDoesNotExist:
        return ""


def _identity_columns(scope) -> list[Column]:
    def guarded(read):
        return lambda o: read(o) if o.body_id in scope else ""

    request_fields = (
        (_("Nama pemohon"), "full_name"),
        (_("Alamat pemohon"), "address"),
        (_("Pekerjaan"), "occupation"),
        (_("NPWP"), "npwp"),
        (_("Telepon"), "phone"),
        (_("Email"), "email"),
    )
    columns = [
        Column(label, guarded(lambda o, name=name: getattr(o.request, name)))
        for label, name in request_fields
    ]
    columns += [
        Column(_("Nama kuasa"), guarded(lambda o: o.representative_name)),
        Column(_("Alamat kuasa"), guarded(lambda o: o.representative_address)),
        Column(_("Kontak kuasa"), guarded(lambda o: o.representative_contact)),
    ]
    return columns


def objection_register_columns(*, identity_scope=None, public: bool = False) -> list[Column]:
    """The register keberatan; identity columns (C.5 c) only when `identity_scope` is given.
    `public`: the version for everyone (E5), without identity and without the free-text case
    facts and written reasons, which are not C.5 columns and often name the applicant."""
    if public and identity_scope is not None:
        raise ValueError("The public register has no identity columns.")
    columns = [
        Column(_("a. Nomor registrasi keberatan"), lambda o: o.registration_number),
        Column(_("b. Tanggal diterima"), lambda o: o.received_on),
    ]
    if identity_scope is not None:
        columns += _identity_columns(identity_scope)
    columns += [
        Column(_("Badan publik"), lambda o: o.body.name),
        Column(_("OPD"), lambda o: o.handling_unit.name if o.handling_unit_id else ""),
        Column(_("d. Nomor pendaftaran permohonan"), lambda o: o.request.registration_number),
        Column(_("e. Informasi yang diminta"), lambda o: o.request.information_requested),
        Column(_("f. Tujuan penggunaan informasi"), lambda o: o.request.purpose),
        Column(_("g. Alasan keberatan (Pasal 35 ayat 1)"), lambda o: ", ".join(o.grounds)),
    ]
    columns += [
        Column(_("Alasan %(letter)s") % {"letter": letter}, lambda o, g=letter: g in o.grounds)
        for letter in GROUND_LETTERS
    ]
    if not public:
        columns.append(Column(_("Kasus posisi"), lambda o: o.case_facts))
    columns += [
        Column(_("Diajukan terlambat"), lambda o: o.is_late),
        Column(_("Batas tanggapan atasan PPID"), lambda o: o.atasan_due_on),
        Column(_("Status"), lambda o: ObjectionStatus(o.status).label),
        Column(_("h. Keputusan atasan PPID"), _decision),
    ]
    if not public:
        columns.append(Column(_("Alasan tertulis"), lambda o: o.decision_reasons))
    columns += [
        Column(_("i. Hari dan tanggal pemberian tanggapan"), _decided_on),
        Column(_("Ditanggapi terlambat"), lambda o: o.decided_late),
        Column(_("j. Nama dan jabatan atasan PPID"), _atasan),
        Column(_("k. Tanggapan pemohon informasi"), _applicant_response),
        Column(_("Nomor register sengketa (Komisi Informasi)"), _dispute_number),
    ]
    return columns


def public_objection_register_queryset(*, body: PublicBody, year: int) -> QuerySet[Objection]:
    """The public register keberatan of one body: objections received in `year`, in order."""
    return (
        Objection.objects.filter(body=body, received_on__year=year)
        .select_related("body", "handling_unit", "request", "dispute")
        .order_by("received_on", "sequence_year", "sequence_number", "pk")
    )


def objection_register_rows(queryset) -> Iterator[Objection]:
    """The rows in chunks (select_related stays in force), so memory stays flat."""
    return queryset.iterator(chunk_size=EXPORT_CHUNK)


def register_filename(
    stem: str, extension: str, year: int | None = None, *, public: bool = False
) -> str:
    if year:
        stem = f"{stem}_{year}"
    return f"{stem}_publik.{extension}" if public else f"{stem}.{extension}"
