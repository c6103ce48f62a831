"""Due-date explanations shaped for people: the calculator, the tracking page and the officer API.

Wraps `selectors.deadlines` (which counts) and adds what a reader asks next: why the receipt date
moved (after closing time, or a day off), a label for each kind of skipped day, and one table row
per calendar day between the start and the due date, counted or skipped, with its SK reference.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_app.errors import ValidationFailed
from requests_app.models import InformationRequest, PublicBody
from requests_app.selectors.deadlines import due_date_calculation, due_date_explanation
from requests_app.workdays import FIRST_YEAR, LAST_YEAR, DayKind, calendar_for

RECEIVED_AFTER_CLOSING = "after_closing"
RECEIVED_ON_DAY_OFF = "non_working_day"

DAY_KIND_LABELS = {
    DayKind.WORKING: gettext_lazy("Hari kerja"),
    DayKind.OVERRIDE_WORKING: gettext_lazy("Hari kerja tambahan (penetapan instansi)"),
    DayKind.WEEKEND: gettext_lazy("Akhir pekan"),
    DayKind.PUBLIC_HOLIDAY: gettext_lazy("Libur nasional"),
    DayKind.CUTI_BERSAMA: gettext_lazy("Cuti bersama"),
    DayKind.OVERRIDE_HOLIDAY: gettext_lazy("Libur tambahan (penetapan instansi)"),
}


def day_kind_label(kind: str) -> str:
    return str(DAY_KIND_LABELS.get(kind, kind))


def receipt_shift(*, body: PublicBody, received_at: datetime, effective_on: date) -> dict | None:
    """Why the effective receipt date is not the day of arrival (convention C4), or None.

    `{"reason": after_closing | non_working_day, "received_on", "closing_time", "label",
    "day_reason", "sk_reference", "days_off_between"}`: `day_reason`/`sk_reference` name the day
    of arrival when it is off; `days_off_between` lists the days off after it and before the
    effective date (a Thursday evening before Idul Fitri moves to the next working week)."""
    received_on = received_at.astimezone(ZoneInfo(body.time_zone)).date()
    if received_on == effective_on:
        return None
    calendar = calendar_for(body)
    closing = body.office_closes_at
    day_off = calendar.describe(received_on)
    shift = {
        "received_on": received_on,
        "closing_time": closing,
        "day_reason": "",
        "days_off_between": _days_off(calendar, received_on, effective_on),
    }
    if day_off is None:
        label = _(
            "Diterima sesudah jam tutup layanan (%(time)s), jadi dihitung diterima pada hari "
            "kerja berikutnya."
        ) % {"time": closing.strftime("%H.%M")}
        return {**shift, "reason": RECEIVED_AFTER_CLOSING, "label": label, "sk_reference": ""}
    label = _(
        "Diterima pada hari yang bukan hari kerja (%(reason)s), jadi dihitung diterima pada hari "
        "kerja berikutnya."
    ) % {"reason": day_off.reason}
    return {
        **shift,
        "reason": RECEIVED_ON_DAY_OFF,
        "label": label,
        "day_reason": day_off.reason,
        "sk_reference": day_off.sk_reference,
    }


def _days_off(calendar, received_on: date, effective_on: date) -> list[dict]:
    days, day = [], received_on + timedelta(days=1)
    while day < effective_on:
        described = calendar.describe(day)
        if described is not None:
            days.append({**asdict(described), "kind_label": day_kind_label(described.kind)})
        day += timedelta(days=1)
    return days


def _rows(clock: dict) -> list[dict]:
    """Every day in (start, due]: counted (with its number) or skipped (with reason and SK)."""
    skipped = {day["day"]: day for day in clock["skipped"]}
    counted = {day: number for number, day in enumerate(clock["counted"], start=1)}
    rows, day = [], clock["start"] + timedelta(days=1)
    while day <= clock["due"]:
        if day in counted:
            rows.append({"day": day, "counted": True, "number": counted[day], "kind": "working"})
        elif day in skipped:
            rows.append({**skipped[day], "counted": False, "number": None})
        day += timedelta(days=1)
    for row in rows:
        row.setdefault("reason", "")
        row.setdefault("sk_reference", "")
        row["kind_label"] = day_kind_label(row["kind"])
    return rows


def _labelled(clock: dict | None) -> dict | None:
    if clock is None:
        return None
    skipped = [{**day, "kind_label": day_kind_label(day["kind"])} for day in clock["skipped"]]
    stored = clock.get("stored_due")
    return {
        **clock,
        "skipped": skipped,
        "stored_due": stored,
        # False when the calendar changed after the due date was frozen (Keputusan 2) or a
        # paused clock moved it: the stored date stands, the table shows today's calendar.
        "matches_stored": stored is None or stored == clock["due"],
        "rows": _rows(clock),
    }


def deadline_explanation_get(*, request: InformationRequest) -> dict:
    """`due_date_explanation` plus the receipt shift, labels and day rows (no query beyond the
    body's cached calendar; `request.body` should be loaded)."""
    explained = due_date_explanation(request)
    shift = None
    if request.received_at and request.effective_received_on:
        shift = receipt_shift(
            body=request.body,
            received_at=request.received_at,
            effective_on=request.effective_received_on,
        )
    return {
        **explained,
        "time_zone": request.body.time_zone,
        "receipt_shift": shift,
        "notice": _labelled(explained["notice"]),
        "extension": _labelled(explained["extension"]),
    }


def deadline_calculation_get(*, body: PublicBody, received_at: datetime) -> dict:
    """The public calculator's answer; ValidationFailed (field `received_at`) when the date or
    one of its due dates falls outside the supported calendar."""
    try:
        calculated = due_date_calculation(body=body, received_at=received_at)
    except (ValueError, OverflowError) as error:
        message = _(
            "Tanggal ini atau batas waktunya di luar kalender kerja yang didukung "
            "(tahun %(first)s–%(last)s)."
        ) % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise ValidationFailed(message, fields={"received_at": [message]}) from error
    return {
        **calculated,
        "time_zone": body.time_zone,
        "closing_time": body.office_closes_at,
        "receipt_shift": receipt_shift(
            body=body, received_at=received_at, effective_on=calculated["effective_received_on"]
        ),
        "notice": _labelled(calculated["notice"]),
        "extension": _labelled(calculated["extension"]),
    }
