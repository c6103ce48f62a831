"""What a figure counts over: a `Period` of dates and a `Scope` of bodies, OPDs and channels.

A request belongs to a period by its effective receipt date (`effective_received_on`, the day 0
of the 10 HK clock), an objection by its `received_on`, a dispute by its `filed_on`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from requests_app.errors import ValidationFailed
from requests_app.models import Channel

MIN_YEAR, MAX_YEAR = 2000, 2100
# A custom range longer than this is almost certainly a typo (and would list hundreds of months).
MAX_CUSTOM_DAYS = 366 * 10

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"period": [message]})


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _invalid(_("Tahun harus antara %(a)s dan %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR})
    return year


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates with its kind (`year`, `quarter`, `month`, `custom`) and label."""

    kind: str
    start: date
    end: date
    label: str

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls("year", date(year, 1, 1), date(year, 12, 31), f"{year}")

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        last_day = calendar.monthrange(year, first + 2)[1]
        return cls(
            "quarter", date(year, first, 1), date(year, first + 2, last_day), f"{year}-Q{quarter}"
        )

    @classmethod
    def for_month(cls, year: int, month: int) -> Period:
        last_day = calendar.monthrange(year, month)[1]
        return cls(
            "month", date(year, month, 1), date(year, month, last_day), f"{year}-{month:02d}"
        )

    @classmethod
    def for_range(cls, start: date, end: date) -> Period:
        if end < start:
            raise _invalid(_("Tanggal akhir periode tidak boleh sebelum tanggal awal."))
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise _invalid(_("Periode paling panjang 10 tahun."))
        if start.year < MIN_YEAR or end.year > MAX_YEAR:
            raise _invalid(
                _("Tahun harus antara %(a)s dan %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
            )
        return cls("custom", start, end, f"{start.isoformat()}..{end.isoformat()}")

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """`2025`, `2025-Q2`, `2025-03` or `2025-01-01..2025-06-30`; anything else raises
        `ValidationFailed` with a field error on `period`."""
        text = (text or "").strip()
        if match := _YEAR.match(text):
            return cls.for_year(_year(match[1]))
        if match := _QUARTER.match(text):
            return cls.for_quarter(_year(match[1]), int(match[2]))
        if match := _MONTH.match(text):
            month = int(match[2])
            if not 1 <= month <= 12:
                raise _invalid(_("Bulan harus 01 sampai 12."))
            return cls.for_month(_year(match[1]), month)
        if match := _RANGE.match(text):
            try:
                start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            except ValueError:
                raise _invalid(_("Tanggal periode tidak valid.")) from None
            return cls.for_range(start, end)
        raise _invalid(_("Format periode: 2025, 2025-Q2, 2025-03, atau 2025-01-01..2025-06-30."))

    @property
    def calendar_year(self) -> int | None:
        """The year when the period is exactly one calendar year, however it was written
        (`2025` or `2025-01-01..2025-12-31`): the periods a closed year's snapshot stands for."""
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return self.start.year
        return None

    @property
    def is_whole_months(self) -> bool:
        """From the first day of a month to the last day of a month (every report period)."""
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches, in order."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return months

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


@dataclass(frozen=True)
class Scope:
    """Which requests count: all bodies of the installation (`body_ids=None`), a list of bodies
    (the command center), optionally narrowed to one OPD unit and/or one intake channel.

    Objections follow the OPD that answered (`handling_unit`) and the request's channel; disputes
    follow their objection.
    """

    body_ids: tuple[int, ...] | None = None
    unit_id: int | None = None
    channel: str | None = None

    def __post_init__(self) -> None:
        if self.channel is not None and self.channel not in Channel.values:
            message = _("Kanal tidak dikenal.")
            raise ValidationFailed(message, fields={"channel": [message]})

    @classmethod
    def installation(cls, *, channel: str | None = None) -> Scope:
        return cls(channel=channel)

    @classmethod
    def for_body(cls, body, *, channel: str | None = None) -> Scope:
        return cls(body_ids=(_pk(body),), channel=channel)

    @classmethod
    def for_bodies(cls, bodies: Iterable, *, channel: str | None = None) -> Scope:
        return cls(body_ids=tuple(sorted({_pk(b) for b in bodies})), channel=channel)

    @classmethod
    def for_unit(cls, unit, *, channel: str | None = None) -> Scope:
        """One OPD: its body and the requests assigned to it."""
        return cls(body_ids=(unit.body_id,), unit_id=unit.pk, channel=channel)

    @property
    def single_body_id(self) -> int | None:
        return self.body_ids[0] if self.body_ids and len(self.body_ids) == 1 else None

    def request_q(self, prefix: str = "") -> Q:
        """The scope as a condition on `InformationRequest` (or on a relation via `prefix`)."""
        q = Q()
        if self.body_ids is not None:
            q &= Q(**{f"{prefix}body_id__in": self.body_ids})
        if self.unit_id is not None:
            q &= Q(**{f"{prefix}assigned_unit_id": self.unit_id})
        if self.channel is not None:
            q &= Q(**{f"{prefix}channel": self.channel})
        return q

    def objection_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.body_ids is not None:
            q &= Q(**{f"{prefix}body_id__in": self.body_ids})
        if self.unit_id is not None:
            q &= Q(**{f"{prefix}handling_unit_id": self.unit_id})
        if self.channel is not None:
            q &= Q(**{f"{prefix}request__channel": self.channel})
        return q

    def as_dict(self) -> dict:
        return {
            "body_ids": list(self.body_ids) if self.body_ids is not None else None,
            "unit_id": self.unit_id,
            "channel": self.channel,
        }


def _pk(value) -> int:
    return int(getattr(value, "pk", value))
