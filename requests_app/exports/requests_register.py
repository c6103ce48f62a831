"""The register permohonan (domain.md C.3 columns 1-22) as column specs over one annotated query.

The notice fields, the OPD and the body's time zone are joined and the objections are two
subqueries, so a register of any length is one query, read in chunks. Columns 2-4 and 8-21 are the
cells of `selectors.public_register.public_register_row`, the ones the transparency page shows.

Two versions: the officers' full register (scoped by `requests_visible_to`), and the public one
(E5, Keputusan 8) that drops columns 5-7, shows the name as initials and the applicant's
kabupaten/kota instead of the address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import NamedTuple

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from requests_app.models import (
    InformationRequest,
    Objection,
    PublicBody,
    Status,
    Unit,
)
from requests_app.permissions import requests_visible_to
from requests_app.selectors.public_register import PUBLIC_FIELDS, public_register_row
from requests_app.templatetags.ppid_format import format_date_id

from .tabular import Column

EXPORT_CHUNK = 500
# What the officers' register adds for columns 6-7. The name and address (columns 4-5) are in
# `PUBLIC_FIELDS`, which the public version reads only to turn them into initials and a
# kabupaten/kota; it never reads NIK, phone or email.
IDENTITY_FIELDS = ("phone", "email", "occupation")


def _annotated(queryset: QuerySet[InformationRequest], identity: tuple[str, ...]) -> QuerySet:
    """`.values()` rows with what `public_register_row` reads plus the objections: only the named
    columns leave the database."""
    objections = Objection.objects.filter(request=OuterRef("pk")).order_by()
    objection_count = objections.values("request").annotate(n=Count("pk")).values("n")[:1]
    first_objection = objections.order_by("sequence_year", "sequence_number")
    return (
        queryset.annotate(
            objection_count=Coalesce(
                Subquery(objection_count, output_field=IntegerField()), Value(0)
            ),
            objection_first=Subquery(first_objection.values("registration_number")[:1]),
        )
        .order_by("received_at", "pk")
        .values(*PUBLIC_FIELDS, "objection_count", "objection_first", *identity)
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
    return _annotated(queryset, ())


class Row(NamedTuple):
    """One register row: the database values (identity, objections) and the public cells
    computed from them by `public_register_row`, the one implementation the transparency page
    shares."""

    values: dict
    public: dict


# ---- Cell values ----------------------------------------------------------------------------


def _day(value: date | None) -> str:
    return format_date_id(value, with_day=True)


def _objection(r: Row) -> str:
    count = r.values["objection_count"]
    if not count:
        return _("Tidak")
    more = f" +{count - 1}" if count > 1 else ""
    return f"{_('Ya')} ({r.values['objection_first']}{more})"


def _contact(r: Row) -> str:
    return " / ".join(value for value in (r.values["phone"], r.values["email"]) if value)


def _cell(key: str) -> Callable[[Row], object]:
    return lambda r: r.public[key]


# ---- Columns --------------------------------------------------------------------------------


def _head() -> list[Column]:
    return [
        Column(_("2. Nomor pendaftaran"), _cell("registration_number")),
        Column(_("3. Hari dan tanggal permohonan"), lambda r: _day(r.public["received_on"])),
    ]


def _identity() -> list[Column]:
    return [
        Column(_("4. Nama"), lambda r: r.values["full_name"]),
        Column(_("5. Alamat"), lambda r: r.values["address"]),
        Column(_("6. Nomor kontak"), _contact),
        Column(_("7. Pekerjaan"), lambda r: r.values["occupation"]),
    ]


def _public_identity() -> list[Column]:
    return [
        Column(_("4. Nama (inisial)"), _cell("initials")),
        Column(_("Kabupaten/kota pemohon"), _cell("area")),
    ]


def _tail() -> list[Column]:
    return [
        Column(_("8. Informasi yang diminta"), _cell("information_requested")),
        Column(_("9. Tujuan penggunaan informasi"), _cell("purpose")),
        Column(_("10. Status informasi"), _cell("information_status")),
        Column(_("11. Bentuk informasi yang dikuasai"), _cell("copy_format")),
        Column(_("12. Jenis permohonan"), _cell("access_method")),
        Column(_("13. Keputusan"), _cell("decision")),
        Column(_("14. Alasan penolakan"), _cell("refusal_reason")),
        Column(
            _("15. Hari dan tanggal pemberitahuan tertulis"),
            lambda r: _day(r.public["notice_on"]),
        ),
        Column(
            _("16. Hari dan tanggal pemberian informasi"),
            lambda r: _day(r.public["delivered_on"]),
        ),
        Column(_("17. Biaya dan cara pembayaran"), _cell("fee")),
        Column(_("18. Perpanjangan"), _cell("extension")),
        Column(_("19. PPID Pelaksana/OPD"), _cell("unit")),
        Column(_("20a. HK sampai pemberitahuan"), _cell("working_days_to_notice")),
        Column(_("20b. HK sampai pemberian informasi"), _cell("working_days_to_delivery")),
        Column(_("21. Kanal"), _cell("channel")),
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
    return enumerate((Row(values, public_register_row(values)) for values in rows), start=1)


def register_filename(extension: str, *, year: int | None, public: bool) -> str:
    stem = "register_permohonan"
    if year:
        stem += f"_{year}"
    if public:
        stem += "_publik"
    return f"{stem}.{extension}"
