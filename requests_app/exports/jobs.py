"""What each export job kind writes: its rows, columns, file name and sheet title, built from the
job's parameters and its owner's visibility (re-read when the job runs, so a job never shows
more than its owner may see at that moment)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from requests_app.errors import ValidationFailed
from requests_app.models import PublicBody, Unit
from requests_app.selectors.reporting import report_bodies_for

from . import registers, requests_register
from .tabular import Column

FORMATS = ("csv", "xlsx")
REQUEST_REGISTER = "register_permohonan"
OBJECTION_REGISTER = "register_keberatan"
KINDS = (REQUEST_REGISTER, OBJECTION_REGISTER)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class ExportPlan:
    filename: str
    fmt: str
    sheet_title: str
    columns: list[Column]
    queryset: QuerySet
    rows: Callable[[QuerySet], Iterable]


@dataclass(frozen=True)
class ExportParams:
    fmt: str
    year: int | None
    body: PublicBody | None
    unit: Unit | None

    def as_json(self) -> dict:
        return {
            "format": self.fmt,
            "year": self.year,
            "body": self.body.pk if self.body else None,
            "unit": self.unit.pk if self.unit else None,
        }


def _int_or_none(value, field: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors[field] = [_("Masukkan bilangan bulat.")]
        return None


def export_params_parse(kind: str, data, *, user) -> ExportParams:
    """Validated parameters (kind, format, year, body, OPD) or ValidationFailed with field errors.
    The body must be one whose reports `user` may read (else "not found", like a 404)."""

    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [_("Jenis ekspor tidak dikenal.")]
    fmt = str(data.get("format") or "xlsx")
    if fmt not in FORMATS:
        errors["format"] = [_("Format harus csv atau xlsx.")]
    year = _int_or_none(data.get("year"), "year", errors)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [_("Tahun harus antara 2000 dan 2100.")]
    body_id = _int_or_none(data.get("body"), "body", errors)
    unit_id = _int_or_none(data.get("unit"), "unit", errors)
    body = report_bodies_for(user).filter(pk=body_id).first() if body_id else None
    if body_id and body is None:
        errors["body"] = [_("Badan publik tidak ditemukan.")]
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit_id and (unit is None or (body is not None and unit.body_id != body.pk)):
        errors["unit"] = [_("OPD tidak ditemukan pada badan publik ini.")]
    if errors:
        raise ValidationFailed(_("Periksa kembali isian yang ditandai."), fields=errors)
    return ExportParams(fmt=fmt, year=year, body=body, unit=unit)


def _request_register(user, params: ExportParams) -> ExportPlan:
    queryset = requests_register.request_register_queryset(
        user=user, year=params.year, body=params.body, unit=params.unit
    )
    return ExportPlan(
        filename=requests_register.register_filename(params.fmt, year=params.year, public=False),
        fmt=params.fmt,
        sheet_title=_("Register permohonan"),
        columns=requests_register.request_register_columns(),
        queryset=queryset,
        rows=requests_register.register_rows,
    )


def _objection_register(user, params: ExportParams) -> ExportPlan:
    from requests_app.selectors.objections import objection_list

    filters = {
        key: str(value)
        for key, value in params.as_json().items()
        if key != "format" and value is not None
    }
    _filter, queryset = objection_list(user=user, params=filters)
    scope = registers.identity_scope(user)
    return ExportPlan(
        filename=registers.register_filename("register_keberatan", params.fmt, params.year),
        fmt=params.fmt,
        sheet_title=_("Register keberatan"),
        columns=registers.objection_register_columns(identity_scope=scope or None),
        queryset=queryset,
        rows=registers.objection_register_rows,
    )


PLANS = {REQUEST_REGISTER: _request_register, OBJECTION_REGISTER: _objection_register}


def export_plan(*, user, kind: str, params: ExportParams) -> ExportPlan:
    return PLANS[kind](user, params)
