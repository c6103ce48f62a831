"""The public register permohonan (domain.md C.3 public version, E5, Keputusan 8).

Columns 5-7 of C.3 (address, contact, occupation) are dropped, the name is reduced to initials
and only the applicant's kabupaten/kota is shown. `public_register_row` is the one place that
masks a request for the public: the transparency page and the public register exports both use
it, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.models import (
    AccessMethod,
    Channel,
    CopyFormat,
    InformationRequest,
    Outcome,
    PublicBody,
    Status,
)
from requests_app.selectors.statistics import Period

# The only request fields the public register reads: no NIK, phone, email or files are loaded.
# The address is read solely to find its kabupaten/kota, then dropped.
PUBLIC_FIELDS = (
    "pk",
    "body_id",
    "registration_number",
    "effective_received_on",
    "full_name",
    "address",
    "channel",
    "information_requested",
    "purpose",
    "access_method",
    "copy_format",
    "status",
    "outcome",
    "notice_sent_at",
    "delivered_at",
    "extended_due_on",
    "working_days_to_notice",
    "working_days_to_delivery",
    "assigned_unit__short_name",
    "assigned_unit__name",
    "notice__exemption_letter",
    "notice__exemption_subitem",
    "notice__holding_body_name",
    "notice__copy_format",
)

_NAME_PART = re.compile(r"[^\W\d_]", re.UNICODE)
# "Kota Serang", "Kab. Lebak", "Kabupaten Tangerang": the last comma-separated part of the
# address, letters only, so a street, number or RT/RW can never come through.
_AREA = re.compile(
    r"^(?P<kind>kabupaten|kab\.?|kota(?:\s+administrasi)?)\s+(?P<name>[^\W\d_][^\W\d_ .'-]*"
    r"(?:[ .'-]+[^\W\d_]+){0,3})\.?$",
    re.IGNORECASE | re.UNICODE,
)


def mask_name(full_name: str) -> str:
    """Initials only: "Siti Aminah" -> "S. A."; empty when the name has no letters."""
    initials = []
    for word in (full_name or "").split():
        match = _NAME_PART.search(word)
        if match:
            initials.append(f"{match[0].upper()}.")
    return " ".join(initials)


def applicant_area(address: str) -> str:
    """The applicant's kabupaten/kota from the free-text address, or "" when it does not end
    with one. Nothing else of the address is ever returned."""
    parts = [part.strip() for part in (address or "").split(",") if part.strip()]
    for part in reversed(parts[-2:]):
        match = _AREA.match(part)
        if match:
            kind = match["kind"].lower()
            label = "Kota" if kind.startswith("kota") else "Kabupaten"
            if "administrasi" in kind:
                label = "Kota Administrasi"
            return f"{label} {' '.join(match['name'].split()).title()}"
    return ""


def public_register_list(*, body: PublicBody, period: Period) -> QuerySet:
    """The requests of `body` received in `period`, oldest first, as the public register reads
    them (`PUBLIC_FIELDS` only). One query per page; drafts never appear."""
    return (
        InformationRequest.objects.filter(body=body, **_received_in(period))
        .exclude(status=Status.DRAFT)
        .order_by("effective_received_on", "sequence_number", "pk")
        .values(*PUBLIC_FIELDS)
    )


def _received_in(period: Period) -> dict:
    return {
        "effective_received_on__gte": period.start,
        "effective_received_on__lte": period.end,
    }


def public_register_row(values: dict) -> dict:
    """One register row for the public, from a `public_register_list` row: initials, the
    kabupaten/kota, and C.3 columns 2-4 and 8-22 without personal data. The keys are stable
    (exports write them as columns); choice values come as their display labels, dates as
    local `date`s."""
    outcome = values["outcome"]
    notified = values["notice_sent_at"] is not None
    return {
        "registration_number": values["registration_number"],
        "received_on": values["effective_received_on"],
        "initials": mask_name(values["full_name"]),
        "area": applicant_area(values["address"]),
        "information_requested": values["information_requested"],
        "purpose": values["purpose"],
        "information_status": _information_status(outcome) if notified else "",
        "holding_body": values["notice__holding_body_name"] if notified else "",
        "copy_format": _label(CopyFormat, values["notice__copy_format"] or values["copy_format"]),
        "access_method": _label(AccessMethod, values["access_method"]),
        "outcome": _label(Outcome, outcome) if notified else "",
        "refusal_basis": _refusal_basis(values) if notified else "",
        "notice_on": _local_date(values["notice_sent_at"]),
        "delivered_on": _local_date(values["delivered_at"]),
        "extended": values["extended_due_on"] is not None,
        "unit": values["assigned_unit__short_name"] or "",
        "channel": _label(Channel, values["channel"]),
        "status": _label(Status, values["status"]),
        "working_days_to_notice": values["working_days_to_notice"],
        "working_days_to_delivery": values["working_days_to_delivery"],
    }


def public_register_rows(rows: Iterable[dict]) -> Iterator[dict]:
    for values in rows:
        yield public_register_row(values)


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _label(choices, value: str | None) -> str:
    """The display label of a stored choice ("" for blank or unknown values)."""
    return str(choices(value).label) if value in choices.values else ""


def _information_status(outcome: str) -> str:
    """C.3 column 10 ("" before the notice)."""
    if outcome == Outcome.NOT_HELD:
        return _("Tidak di bawah penguasaan")
    if outcome == Outcome.NOT_YET_DOCUMENTED:
        return _("Belum didokumentasikan")
    return _("Di bawah penguasaan") if outcome else ""


def _refusal_basis(values: dict) -> str:
    """C.3 column 14: "Pasal 17 huruf b" (with its number) for refusals and partial grants."""
    letter = values["notice__exemption_letter"]
    if values["outcome"] not in (Outcome.REFUSED_EXEMPT, Outcome.GRANTED_PARTLY) or not letter:
        return ""
    subitem = values["notice__exemption_subitem"]
    return f"Pasal 17 huruf {letter}" + (f" angka {subitem}" if subitem else "")
