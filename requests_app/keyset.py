"""Keyset (cursor) pages over a fixed ORDER BY: no OFFSET and no COUNT(*), so page 1 and a page
deep in a million rows cost the same short index range (issue 7).

A page is fetched as "the next `size` rows after this row's sort key" (or before it, for the
previous link). The cursor carries that sort key, opaque to clients (base64 of JSON), and is
validated strictly: a forged or stale one raises `InvalidCursor`, never a database error.

DRF's `CursorPagination` positions on the first ordering field only and falls back to an offset
for ties; the queue has thousands of rows per (open/closed, due date), so it would still scan.
Here the position is the whole key, compared column by column, with NULLs placed as the ORDER BY
places them, and the primary key as the last column so every row has exactly one place.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThanOrEqual,
    TupleLessThanOrEqual,
)
from django.utils.dateparse import parse_date, parse_datetime


class InvalidCursor(ValueError):
    """The cursor was not made by `encode` for this ordering."""


@dataclass(frozen=True)
class Key:
    """One column of the ORDER BY. `nulls_first` must say where the database index puts NULLs
    (PostgreSQL: last for ascending, first for descending), so the ORDER BY uses the index."""

    field: str
    kind: type  # bool, int, date or datetime: how the cursor's JSON value is read back
    descending: bool = False
    nullable: bool = False
    nulls_first: bool = False

    def order_by(self, *, reverse: bool) -> OrderBy:
        descending = self.descending != reverse
        nulls_first = self.nulls_first != reverse
        expression = F(self.field)
        if not self.nullable:
            return expression.desc() if descending else expression.asc()
        # Spelled out both ways: SQLite's default NULL placement is the opposite of PostgreSQL's.
        placement = {"nulls_first": True} if nulls_first else {"nulls_last": True}
        return expression.desc(**placement) if descending else expression.asc(**placement)

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})

    def beyond(self, value, *, reverse: bool) -> Q | None:
        """Rows strictly after `value` in this column (before it when `reverse`); None = none."""
        nulls_first = self.nulls_first != reverse
        if value is None:
            # NULLs are all tied: beyond them lie the non-NULL values, if NULLs come first.
            return Q(**{f"{self.field}__isnull": False}) if nulls_first else None
        lookup = "lt" if self.descending != reverse else "gt"
        condition = Q(**{f"{self.field}__{lookup}": value})
        if self.nullable and not nulls_first:
            condition |= Q(**{f"{self.field}__isnull": True})
        return condition

    def dump(self, value) -> Any:
        if value is None or self.kind in (bool, int):
            return value
        return value.isoformat()

    def load(self, raw) -> Any:
        if raw is None:
            if not self.nullable:
                raise InvalidCursor(self.field)
            return None
        if self.kind is bool and isinstance(raw, bool):
            return raw
        if self.kind is int and isinstance(raw, int) and not isinstance(raw, bool):
            # A forged id beyond a bigint would be a database error, not an empty page.
            if -(2**63) < raw < 2**63:
                return raw
        if isinstance(raw, str) and self.kind is date:
            try:
                value = parse_date(raw)
            except ValueError:
                value = None
            if value is not None:
                return value
        if isinstance(raw, str) and self.kind is datetime:
            try:
                value = parse_datetime(raw)
                # Aware only (we wrote it so), and representable in UTC, where it is compared.
                if value is not None and value.tzinfo is not None:
                    return value.astimezone(UTC)
            except (ValueError, OverflowError):
                pass
        raise InvalidCursor(self.field)


@dataclass(frozen=True)
class Ordering:
    """A total order: the last key must be unique (the primary key). `prefix` is how many leading
    keys are ascending, NOT NULL and indexed in that order: they bound the index range with one
    row-value comparison, `(a, b) >= (x, y)`, which PostgreSQL turns into an index condition."""

    keys: tuple[Key, ...]
    prefix: int

    def order_by(self, *, reverse: bool = False) -> list[OrderBy]:
        return [key.order_by(reverse=reverse) for key in self.keys]

    def after(self, values: Sequence, *, reverse: bool) -> Q:
        """Rows strictly after `values` in the order (strictly before when `reverse`)."""
        condition = Q(pk__in=[])
        equal_so_far = Q()
        for key, value in zip(self.keys, values, strict=True):
            beyond = key.beyond(value, reverse=reverse)
            if beyond is not None:
                condition |= equal_so_far & beyond
            equal_so_far &= key.equal(value)
        return condition

    def bound(self, values: Sequence, *, reverse: bool):
        """The index range start: implied by `after`, repeated so the planner can use it."""
        columns = Tuple(*(F(key.field) for key in self.keys[: self.prefix]))
        start = tuple(values[: self.prefix])
        lookup = TupleLessThanOrEqual if reverse else TupleGreaterThanOrEqual
        return lookup(columns, start)

    def values_of(self, row) -> list:
        return [getattr(row, key.field) for key in self.keys]


@dataclass(frozen=True)
class Position:
    values: list
    reverse: bool  # True: the page holds the rows before `values` (a "previous" link)


def encode(ordering: Ordering, position: Position) -> str:
    payload = {
        "k": [key.dump(value) for key, value in zip(ordering.keys, position.values, strict=True)],
        "r": position.reverse,
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(ordering: Ordering, cursor: str) -> Position:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise InvalidCursor("encoding") from error
    if not isinstance(payload, dict) or set(payload) != {"k", "r"}:
        raise InvalidCursor("shape")
    keys, reverse = payload["k"], payload["r"]
    if not isinstance(keys, list) or len(keys) != len(ordering.keys):
        raise InvalidCursor("keys")
    if not isinstance(reverse, bool):
        raise InvalidCursor("direction")
    values = [key.load(raw_value) for key, raw_value in zip(ordering.keys, keys, strict=True)]
    if any(value is None for value in values[: ordering.prefix]):
        raise InvalidCursor("prefix")
    return Position(values=values, reverse=reverse)


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def page(queryset: QuerySet, *, ordering: Ordering, cursor: str | None, size: int) -> Page:
    """One page of `size` rows and the cursors around it, in one query (`size + 1` rows: the
    extra one only tells whether there is more)."""
    position = decode(ordering, cursor) if cursor else None
    reverse = bool(position and position.reverse)
    rows = queryset.order_by(*ordering.order_by(reverse=reverse))
    if position is not None:
        rows = rows.filter(
            ordering.bound(position.values, reverse=reverse),
            ordering.after(position.values, reverse=reverse),
        )
    rows = list(rows[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    has_next = (more and not reverse) or reverse
    has_previous = (more and reverse) or (position is not None and not reverse)
    next_cursor = previous_cursor = None
    if rows and has_next:
        next_cursor = encode(ordering, Position(ordering.values_of(rows[-1]), reverse=False))
    if rows and has_previous:
        previous_cursor = encode(ordering, Position(ordering.values_of(rows[0]), reverse=True))
    return Page(rows=rows, next_cursor=next_cursor, previous_cursor=previous_cursor)
