"""Indonesian date formats for pages, emails and letters (official documents stay Indonesian)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import template

register = template.Library()

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TZ_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def format_date_id(value: date | None, *, with_day: bool = False) -> str:
    if value is None:
        return ""
    text = f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return f"{DAYS_ID[value.weekday()]}, {text}" if with_day else text


@register.filter
def date_id(value: date | None) -> str:
    """27 November 2026"""
    return format_date_id(value)


@register.filter
def day_date_id(value: date | None) -> str:
    """Jumat, 27 November 2026"""
    return format_date_id(value, with_day=True)


@register.filter
def datetime_id(value: datetime | None, time_zone: str = "Asia/Jakarta") -> str:
    """27 November 2026 pukul 14.05 WIB, in the body's time zone."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(time_zone))
    suffix = TZ_ABBREVIATIONS.get(time_zone, time_zone)
    return f"{format_date_id(local.date())} pukul {local:%H.%M} {suffix}"


def format_rupiah(amount: int | str | None) -> str:
    if amount is None or amount == "":
        return ""
    value = int(amount)
    grouped = f"{abs(value):,}".replace(",", ".")
    return f"-Rp{grouped}" if value < 0 else f"Rp{grouped}"


@register.filter
def rupiah(amount: int | str | None) -> str:
    """Rp15.000 (Indonesian grouping with dots, no decimals: fees are whole rupiah)."""
    return format_rupiah(amount)
