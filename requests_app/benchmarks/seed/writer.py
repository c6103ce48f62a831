"""Writing seeded rows fast: PostgreSQL `COPY ... FROM STDIN` through psycopg's `cursor.copy`,
`bulk_create` elsewhere (the SQLite smoke test). And removing every seeded row again.

Primary keys that other rows point to (requests, notices, objections) are handed out here: on
PostgreSQL a block is reserved from the table's sequence first (`setval`), so a concurrent insert
can never take one of them; elsewhere they continue from the table's largest id.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from requests_app.models import (
    CalendarOverride,
    ConsequenceTest,
    DeadlinePolicy,
    DipItem,
    Dispute,
    FeeLine,
    FigureCell,
    InformationRequest,
    Membership,
    Notification,
    NumberSequence,
    Objection,
    PublicBody,
    ReminderLedger,
    RequestDocument,
    RequestEvent,
    StaleFigureMonth,
    Tariff,
    Unit,
    WrittenNotice,
)

KEYED_MODELS = {"request": InformationRequest, "notice": WrittenNotice, "objection": Objection}
# Insert order inside one chunk (foreign keys are deferred on PostgreSQL, but keep it natural).
TABLES = (
    ("requests", InformationRequest),
    ("notices", WrittenNotice),
    ("fee_lines", FeeLine),
    ("objections", Objection),
    ("disputes", Dispute),
    ("events", RequestEvent),
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Ids:
    """Primary keys and registration sequence numbers for the replayed rows."""

    def __init__(self, reserve: dict[str, int]) -> None:
        self._next: dict[str, int] = {}
        self.sequences: dict[tuple[int, str, int], int] = defaultdict(int)
        for name, count in reserve.items():
            self._next[name] = _reserve(KEYED_MODELS[name], count)
        self._limit: dict[str, int] = {
            name: self._next[name] + count for name, count in reserve.items()
        }

    def split(self, counts: dict[str, int]) -> Ids:
        """A block of this reservation for one body: its own ids and its own sequences."""
        child = Ids({})
        for name, count in counts.items():
            child._next[name] = self._next[name]
            child._limit[name] = self._next[name] + count
            self._next[name] += count
            if self._next[name] > self._limit[name]:
                raise RuntimeError(f"Reserved {name} ids exhausted; raise the reservation.")
        return child

    def next(self, name: str) -> int:
        value = self._next[name]
        if value >= self._limit[name]:
            raise RuntimeError(f"Reserved {name} ids exhausted; raise the reservation.")
        self._next[name] = value + 1
        return value

    def sequence(self, body_id: int, kind: str, year: int) -> int:
        self.sequences[(body_id, kind, year)] += 1
        return self.sequences[(body_id, kind, year)]


def _reserve(model: type[models.Model], count: int) -> int:
    """The first of `count` consecutive free ids of `model`."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT setval(%s, GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) FROM {table})) + %s)",  # noqa: S608 - table names from models
                [sequence, sequence, count],
            )
            return cursor.fetchone()[0] - count + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


class _Table:
    """Column order and defaults of one model, and how one dict becomes one row."""

    def __init__(self, model: type[models.Model], with_id: bool) -> None:
        self.model = model
        # Generated columns (the queue's sort key) are the database's to fill; COPY refuses them.
        fields = [
            f
            for f in model._meta.concrete_fields
            if (with_id or f.attname != "id") and not f.generated
        ]
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.defaults = [
            (f.attname, None if f.attname == "id" else f.get_default()) for f in fields
        ]
        self.json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]

    def values(self, row: dict) -> list:
        get = row.get
        values = [get(name, default) for name, default in self.defaults]
        for index in self.json:
            values[index] = json.dumps(values[index])
        return values


_TABLES = {
    InformationRequest: _Table(InformationRequest, True),
    WrittenNotice: _Table(WrittenNotice, True),
    FeeLine: _Table(FeeLine, False),
    Objection: _Table(Objection, True),
    Dispute: _Table(Dispute, False),
    RequestEvent: _Table(RequestEvent, False),
}


def write_chunk(buffers: dict[str, list[dict]]) -> int:
    """Insert one chunk of every table in one transaction; returns the rows written."""
    written = 0
    with transaction.atomic():
        if is_postgres():
            with connection.cursor() as cursor:
                # Seeding can be repeated: no need to wait for the WAL flush at each commit.
                cursor.execute("SET LOCAL synchronous_commit = off")
        for name, model in TABLES:
            rows = buffers.get(name) or []
            if rows:
                (_copy if is_postgres() else _bulk)(model, rows)
                written += len(rows)
    return written


def _copy(model: type[models.Model], rows: list[dict]) -> None:
    table = _TABLES[model]
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no `copy`
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(table.values(row))


def _bulk(model: type[models.Model], rows: list[dict]) -> None:
    model.objects.bulk_create([model(**row) for row in rows], batch_size=500)


def sequences_store(ids: Ids) -> None:
    """Number sequences continue after the seeded numbers, so later submissions never collide."""
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(body_id=body_id, kind=kind, year=year, last_value=value)
            for (body_id, kind, year), value in ids.sequences.items()
        ]
    )


def analyze() -> None:
    """Fresh planner statistics and visibility map after the bulk load (autovacuum's job in
    production; here the measures must not depend on when it happens to run)."""
    if not is_postgres():
        return
    # VACUUM cannot run in a transaction (the smoke test's); ANALYZE alone still can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for _name, model in TABLES:
            cursor.execute(f"{command} {model._meta.db_table}")


# --- cleanup ----------------------------------------------------------------------------------
def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)) or "NULL", values


def cleanup(*, body_ids: list[int], user_ids: list[int]) -> None:
    """Remove everything seeded for `body_ids` (and what the measures wrote for them), children
    before parents. Raw SQL: audit events refuse ORM deletes by design."""
    if not body_ids:
        return
    t = {m.__name__: m._meta.db_table for m in (InformationRequest, Objection, Dispute)}
    bodies, body_params = _in(body_ids)
    users, user_params = _in(user_ids)
    requests = f"SELECT id FROM {t['InformationRequest']} WHERE body_id IN ({bodies})"  # noqa: S608
    objections = f"SELECT id FROM {t['Objection']} WHERE body_id IN ({bodies})"  # noqa: S608
    disputes = f"SELECT id FROM {t['Dispute']} WHERE objection_id IN ({objections})"  # noqa: S608
    ledger = ReminderLedger._meta.db_table
    statements = [
        # Two statements, not one with OR: an OR keeps PostgreSQL from turning the IN into a
        # semi-join, and a million ids do not fit a hashed subplan (the delete never ended).
        (
            f"DELETE FROM {Notification._meta.db_table} WHERE request_id IN ({requests})",  # noqa: S608
            body_params,
        ),
        (
            f"DELETE FROM {Notification._meta.db_table} WHERE recipient_user_id IN ({users})",  # noqa: S608
            user_params,
        ),
        *(
            (
                f"DELETE FROM {ledger} WHERE item_key IN (SELECT %s || CAST(id AS TEXT) FROM ({query}) AS k)",  # noqa: S608
                [prefix, *params],
            )
            for prefix, query, params in (
                ("request:", requests, body_params),
                ("objection:", objections, body_params),
                ("dispute:", disputes, body_params),
            )
        ),
        (
            f"DELETE FROM {ledger} WHERE item_key IN ({', '.join(['%s'] * len(user_ids)) or 'NULL'})",  # noqa: S608
            [f"user:{pk}" for pk in user_ids],
        ),
        (
            f"DELETE FROM {RequestDocument._meta.db_table} WHERE request_id IN ({requests})",  # noqa: S608
            body_params,
        ),
        (
            f"DELETE FROM {RequestEvent._meta.db_table} WHERE request_id IN ({requests})",  # noqa: S608
            body_params,
        ),
        (
            f"DELETE FROM {FeeLine._meta.db_table} WHERE notice_id IN (SELECT id FROM {WrittenNotice._meta.db_table} WHERE request_id IN ({requests}))",  # noqa: S608
            body_params,
        ),
        (
            f"DELETE FROM {WrittenNotice._meta.db_table} WHERE request_id IN ({requests})",  # noqa: S608
            body_params,
        ),
        (f"DELETE FROM {t['Dispute']} WHERE id IN ({disputes})", body_params),  # noqa: S608
        (f"DELETE FROM {t['Objection']} WHERE body_id IN ({bodies})", body_params),  # noqa: S608
        (f"DELETE FROM {t['InformationRequest']} WHERE body_id IN ({bodies})", body_params),  # noqa: S608
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        for model in (
            FigureCell,
            StaleFigureMonth,
            NumberSequence,
            CalendarOverride,
            DeadlinePolicy,
            DipItem,
            ConsequenceTest,
            Tariff,
            Membership,
        ):
            model.objects.filter(body_id__in=body_ids).delete()
        Unit.objects.filter(body_id__in=body_ids).delete()
        get_user_model().objects.filter(pk__in=user_ids).delete()
        PublicBody.objects.filter(pk__in=body_ids, parent__isnull=False).delete()
        PublicBody.objects.filter(pk__in=body_ids).delete()
