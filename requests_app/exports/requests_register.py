"""The register permohonan (domain.md C.3 columns 1-22) as column specs over one annotated query.

The notice fields, the OPD, the body's time zone and the objections are annotations on the request
query (a LEFT JOIN and two subqueries), so a register of any length is one query, read in chunks.

Two versions: the officers' full register (scoped by `requests_visible_to`), and the public one
(E5, Keputusan 8) that drops columns 5-7, shows the name as initials and the applicant's
kabupaten/kota instead of the address.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from requests_app.models import (
    AccessMethod,
    Channel,
    CopyFormat,
    InformationRequest,
    Objection,
    Outcome,
    PublicBody,
    Status,
    Unit,
)
from requests_app.permissions import requests_visible_to
from requests_app.selectors.public_register import applicant_area, mask_name
from requests_app.templatetags.ppid_format import format_date_id

from .tabular import Column

EXPORT_CHUNK = 500
GRANTED = (Outcome.GRANTED_FULLY, Outcome.ALREADY_AVAILABLE)
REFUSED = (Outcome.REFUSED_EXEMPT, Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED)

# What both versions read. Rows are `.values()` dicts: only the named columns leave the database.
REGISTER_FIELDS = (
    "registration_number",
    "received_at",
    "information_requested",
    "purpose",
    "access_method",
    "copy_format",
    "channel",
    "outcome",
    "notice_sent_at",
    "delivered_at",
    "extended_due_on",
    "extended_at",
    "extension_reason",
    "working_days_to_notice",
    "working_days_to_delivery",
    "body_time_zone",
    "unit_name",
    "notice_holding_body",
    "notice_copy_format",
    "notice_letter",
    "notice_subitem",
    "notice_other_statute",
    "notice_fee_total",
    "notice_payment_method",
    "objection_count",
    "objection_first",
)
# Columns 4-7 of the officers' register. The public version reads the name and address only to
# turn them into initials and a kabupaten/kota (`selectors.public_register`); never NIK, phone
# or email.
IDENTITY_FIELDS = ("full_name", "address", "phone", "email", "occupation")
PUBLIC_IDENTITY_FIELDS = ("full_name", "address")


def _annotated(queryset: QuerySet[InformationRequest], identity: tuple[str, ...]) -> QuerySet:
    objections = Objection.objects.filter(request=OuterRef("pk")).order_by()
    objection_count = objections.values("request").annotate(n=Count("pk")).values("n")[:1]
    first_objection = objections.order_by("sequence_year", "sequence_number")
    return (
        queryset.annotate(
            body_time_zone=F("body__time_zone"),
            unit_name=F("assigned_unit__name"),
            notice_holding_body=F("notice__holding_body_name"),
            notice_copy_format=F("notice__copy_format"),
            notice_letter=F("notice__exemption_letter"),
            notice_subitem=F("notice__exemption_subitem"),
            notice_other_statute=F("notice__other_statute"),
            notice_fee_total=F("notice__fee_total"),
            notice_payment_method=F("notice__payment_method"),
            objection_count=Coalesce(
                Subquery(objection_count, output_field=IntegerField()), Value(0)
            ),
            objection_first=Subquery(first_objection.values("registration_number")[:1]),
        )
        .order_by("received_at", "pk")
        .values(*REGISTER_FIELDS, *identity)
    )


def _registered(queryset: QuerySet[InformationRequest], year: int | None) -> QuerySet:
    """Registered requests (drafts never reach a register), by year of their effective receipt."""
    queryset = queryset.exclude(status=Status.DRAFT).filter(received_at__isnull=False)
    if year:
        queryset = queryset.filter(effective_received_on__year=year)
    return queryset


def request_register_queryset(
    *, user, year: int | None = None, body: PublicBody | None = None, unit: Unit | None = None
) -> QuerySet:
    """The officers' register: what `user` may see, optionally one year, body and OPD."""
    queryset = _registered(requests_visible_to(user), year)
    if body is not None:
        queryset = queryset.filter(body=body)
    if unit is not None:
        queryset = queryset.filter(assigned_unit=unit)
    return _annotated(queryset, IDENTITY_FIELDS)


def public_register_queryset(*, body: PublicBody, year: int) -> QuerySet:
    """The public register of one body and year (everyone may read it)."""
    queryset = _registered(InformationRequest.objects.filter(body=body), year)
    return _annotated(queryset, PUBLIC_IDENTITY_FIELDS)


Row = dict


# ---- Cell values ----------------------------------------------------------------------------


def _local_day(r: Row, value: datetime | None) -> str:
    if value is None:
        return ""
    return format_date_id(value.astimezone(ZoneInfo(r["body_time_zone"])).date(), with_day=True)


def _answered(r: Row) -> bool:
    return r["notice_sent_at"] is not None and bool(r["outcome"])


def _information_status(r: Row) -> str:
    """Column 10: held / not held (and by whom) / not yet documented, as the notice said."""
    if not _answered(r):
        return ""
    if r["outcome"] == Outcome.NOT_HELD:
        text = _("Tidak di bawah penguasaan")
        return f"{text} ({r['notice_holding_body']})" if r["notice_holding_body"] else text
    if r["outcome"] == Outcome.NOT_YET_DOCUMENTED:
        return _("Belum didokumentasikan")
    return _("Di bawah penguasaan")


def _information_form(r: Row) -> str:
    """Column 11: the form of what the body holds; nothing when it holds nothing to give."""
    if _answered(r) and r["outcome"] in (Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED):
        return ""
    value = r["notice_copy_format"] or r["copy_format"]
    return str(CopyFormat(value).label) if value in CopyFormat.values else ""


def _request_kind(r: Row) -> str:
    if r["access_method"] == AccessMethod.VIEW:
        return _("Melihat/mengetahui")
    return _("Meminta salinan") if r["access_method"] == AccessMethod.COPY else ""


def _decision(r: Row) -> str:
    """Column 13 in the register's own words; the outcomes map onto its three answers."""
    if not _answered(r):
        return ""
    if r["outcome"] in GRANTED:
        return _("Diterima seluruhnya")
    if r["outcome"] == Outcome.GRANTED_PARTLY:
        return _("Diterima sebagian")
    return _("Ditolak") if r["outcome"] in REFUSED else ""


def _citation(r: Row) -> str:
    text = f"Pasal 17 huruf {r['notice_letter']}"
    if r["notice_subitem"]:
        text += f" angka {r['notice_subitem']}"
    if r["notice_other_statute"]:
        text += f" jo. {r['notice_other_statute']}"
    return text + " UU 14/2008"


def _refusal_reason(r: Row) -> str:
    """Column 14: the Pasal 17 letter (also for the withheld part of a partial grant), or why
    the information could not be given."""
    if not _answered(r):
        return ""
    if r["outcome"] in (Outcome.REFUSED_EXEMPT, Outcome.GRANTED_PARTLY) and r["notice_letter"]:
        return _citation(r)
    if r["outcome"] == Outcome.NOT_HELD:
        return _("Informasi tidak dikuasai")
    if r["outcome"] == Outcome.NOT_YET_DOCUMENTED:
        return _("Informasi belum didokumentasikan")
    return ""


def _fee(r: Row) -> str:
    if not _answered(r) or r["notice_fee_total"] is None:
        return ""
    if not r["notice_fee_total"]:
        return _("Tidak dipungut biaya")
    amount = f"Rp{r['notice_fee_total']:,}".replace(",", ".")
    return f"{amount} ({r['notice_payment_method']})" if r["notice_payment_method"] else amount


def _extension(r: Row) -> str:
    if r["extended_due_on"] is None:
        return ""
    day = _local_day(r, r["extended_at"])
    return f"{day}: {r['extension_reason']}" if r["extension_reason"] else day


def _objection(r: Row) -> str:
    if not r["objection_count"]:
        return _("Tidak")
    more = f" +{r['objection_count'] - 1}" if r["objection_count"] > 1 else ""
    return f"{_('Ya')} ({r['objection_first']}{more})"


def _contact(r: Row) -> str:
    return " / ".join(value for value in (r["phone"], r["email"]) if value)


def _channel(r: Row) -> str:
    return str(Channel(r["channel"]).label) if r["channel"] in Channel.values else r["channel"]


# ---- Columns --------------------------------------------------------------------------------


def _head() -> list[Column]:
    return [
        Column(_("2. Nomor pendaftaran"), lambda r: r["registration_number"]),
        Column(_("3. Hari dan tanggal permohonan"), lambda r: _local_day(r, r["received_at"])),
    ]


def _identity() -> list[Column]:
    return [
        Column(_("4. Nama"), lambda r: r["full_name"]),
        Column(_("5. Alamat"), lambda r: r["address"]),
        Column(_("6. Nomor kontak"), _contact),
        Column(_("7. Pekerjaan"), lambda r: r["occupation"]),
    ]


def _public_identity() -> list[Column]:
    return [
        Column(_("4. Nama (inisial)"), lambda r: mask_name(r["full_name"])),
        Column(_("Kabupaten/kota pemohon"), lambda r: applicant_area(r["address"])),
    ]


def _tail() -> list[Column]:
    return [
        Column(_("8. Informasi yang diminta"), lambda r: r["information_requested"]),
        Column(_("9. Tujuan penggunaan informasi"), lambda r: r["purpose"]),
        Column(_("10. Status informasi"), _information_status),
        Column(_("11. Bentuk informasi yang dikuasai"), _information_form),
        Column(_("12. Jenis permohonan"), _request_kind),
        Column(_("13. Keputusan"), _decision),
        Column(_("14. Alasan penolakan"), _refusal_reason),
        Column(
            _("15. Hari dan tanggal pemberitahuan tertulis"),
            lambda r: _local_day(r, r["notice_sent_at"]),
        ),
        Column(
            _("16. Hari dan tanggal pemberian informasi"),
            lambda r: _local_day(r, r["delivered_at"]),
        ),
        Column(_("17. Biaya dan cara pembayaran"), _fee),
        Column(_("18. Perpanjangan"), _extension),
        Column(_("19. PPID Pelaksana/OPD"), lambda r: r["unit_name"] or _("PPID Utama")),
        Column(_("20a. HK sampai pemberitahuan"), lambda r: r["working_days_to_notice"]),
        Column(_("20b. HK sampai pemberian informasi"), lambda r: r["working_days_to_delivery"]),
        Column(_("21. Kanal"), _channel),
        Column(_("22. Keberatan"), _objection),
    ]


def _numbered(columns: list[Column]) -> list[Column]:
    """Column 1 (No.) counts the rows; the others read the request of a `(number, request)` row."""
    wrapped = [Column(c.header, lambda row, read=c.value: read(row[1])) for c in columns]
    return [Column(_("1. No."), lambda row: row[0]), *wrapped]


def request_register_columns() -> list[Column]:
    """The full register (C.3 columns 1-22), for officers and supervisors."""
    return _numbered([*_head(), *_identity(), *_tail()])


def public_register_columns() -> list[Column]:
    """The public register: no address, contact or job; initials and kabupaten/kota only."""
    return _numbered([*_head(), *_public_identity(), *_tail()])


def register_rows(queryset: Iterable[Row]) -> Iterator[tuple[int, object]]:
    """`(number, request)` rows read in chunks, so memory stays flat as the register grows."""
    rows = queryset.iterator(chunk_size=EXPORT_CHUNK) if hasattr(queryset, "iterator") else queryset
    return enumerate(rows, start=1)


def register_filename(extension: str, *, year: int | None, public: bool) -> str:
    stem = "register_permohonan"
    if year:
        stem += f"_{year}"
    if public:
        stem += "_publik"
    return f"{stem}.{extension}"
