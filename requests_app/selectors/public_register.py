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
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
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
from requests_app.templatetags.ppid_format import format_date_id

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
    "notice__other_statute",
    "notice__fee_total",
    "notice__payment_method",
    "received_at",
    "extended_at",
    "extension_reason",
    "body__time_zone",
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
    """One register row for the public, from a `public_register_list` row (or any `.values()`
    row with `PUBLIC_FIELDS`): initials, the kabupaten/kota, and C.3 columns 2-4 and 8-21
    without personal data. The one implementation of the public cells: the transparency page
    shows them and the register exports write them (`exports.requests_register`), so they cannot
    drift apart. Dates are `date`s in the body's time zone (its officers' calendar day, not the
    server's); the other cells are text as C.3 words them."""
    zone = ZoneInfo(values["body__time_zone"])
    answered = values["notice_sent_at"] is not None and bool(values["outcome"])
    return {
        "registration_number": values["registration_number"],
        "received_on": _local_date(values["received_at"], zone),
        "initials": mask_name(values["full_name"]),
        "area": applicant_area(values["address"]),
        "information_requested": values["information_requested"],
        "purpose": values["purpose"],
        "information_status": _information_status(values) if answered else "",
        "copy_format": _information_form(values, answered),
        "access_method": _request_kind(values["access_method"]),
        "decision": _decision(values["outcome"]) if answered else "",
        "refusal_reason": _refusal_reason(values) if answered else "",
        "notice_on": _local_date(values["notice_sent_at"], zone),
        "delivered_on": _local_date(values["delivered_at"], zone),
        "fee": _fee(values) if answered else "",
        "extension": _extension(values, zone),
        "unit": values["assigned_unit__name"] or _("PPID Utama"),
        "working_days_to_notice": values["working_days_to_notice"],
        "working_days_to_delivery": values["working_days_to_delivery"],
        "channel": _label(Channel, values["channel"]),
        "status": _label(Status, values["status"]),
    }


def public_register_rows(rows: Iterable[dict]) -> Iterator[dict]:
    for values in rows:
        yield public_register_row(values)


GRANTED = (Outcome.GRANTED_FULLY, Outcome.ALREADY_AVAILABLE)
REFUSED = (Outcome.REFUSED_EXEMPT, Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED)


def _local_date(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def _label(choices, value: str | None) -> str:
    """The display label of a stored choice ("" for blank or unknown values)."""
    return str(choices(value).label) if value in choices.values else ""


def _information_status(values: dict) -> str:
    """C.3 column 10: held / not held (and by whom) / not yet documented, as the notice said."""
    outcome = values["outcome"]
    if outcome == Outcome.NOT_HELD:
        text = _("Tidak di bawah penguasaan")
        holder = values["notice__holding_body_name"]
        return f"{text} ({holder})" if holder else text
    if outcome == Outcome.NOT_YET_DOCUMENTED:
        return _("Belum didokumentasikan")
    return _("Di bawah penguasaan")


def _information_form(values: dict, answered: bool) -> str:
    """C.3 column 11: the form of what the body holds; nothing when it holds nothing to give."""
    if answered and values["outcome"] in (Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED):
        return ""
    return _label(CopyFormat, values["notice__copy_format"] or values["copy_format"])


def _request_kind(access_method: str) -> str:
    """C.3 column 12 in the register's own words."""
    if access_method == AccessMethod.VIEW:
        return _("Melihat/mengetahui")
    return _("Meminta salinan") if access_method == AccessMethod.COPY else ""


def _decision(outcome: str) -> str:
    """C.3 column 13: the outcomes map onto the register's three answers."""
    if outcome in GRANTED:
        return _("Diterima seluruhnya")
    if outcome == Outcome.GRANTED_PARTLY:
        return _("Diterima sebagian")
    return _("Ditolak") if outcome in REFUSED else ""


def _refusal_reason(values: dict) -> str:
    """C.3 column 14: the Pasal 17 letter (also for the withheld part of a partial grant), or why
    the information could not be given."""
    outcome = values["outcome"]
    letter = values["notice__exemption_letter"]
    if outcome in (Outcome.REFUSED_EXEMPT, Outcome.GRANTED_PARTLY) and letter:
        text = f"Pasal 17 huruf {letter}"
        if values["notice__exemption_subitem"]:
            text += f" angka {values['notice__exemption_subitem']}"
        if values["notice__other_statute"]:
            text += f" jo. {values['notice__other_statute']}"
        return text + " UU 14/2008"
    if outcome == Outcome.NOT_HELD:
        return _("Informasi tidak dikuasai")
    if outcome == Outcome.NOT_YET_DOCUMENTED:
        return _("Informasi belum didokumentasikan")
    return ""


def _fee(values: dict) -> str:
    """C.3 column 17."""
    total = values["notice__fee_total"]
    if total is None:
        return ""
    if not total:
        return _("Tidak dipungut biaya")
    amount = f"Rp{total:,}".replace(",", ".")
    method = values["notice__payment_method"]
    return f"{amount} ({method})" if method else amount


def _extension(values: dict, zone: ZoneInfo) -> str:
    """C.3 column 18: the day of the extension and its reason."""
    if values["extended_due_on"] is None:
        return ""
    day = _local_date(values["extended_at"], zone)
    text = format_date_id(day, with_day=True)
    reason = values["extension_reason"]
    return f"{text}: {reason}" if reason else text
