"""Many rows into one table with one binary `COPY` (PostgreSQL only).

A first reminder scan over a million requests writes ~30,000 ledger keys and ~65,000 messages of a
few kilobytes (issue 7): `bulk_create` spent most of that time building model instances and quoting
every value into the statement, a text `COPY` escaping every text. Binary `COPY` sends values as
they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Field, Model


def copy_rows(model: type[Model], fields: list[Field], rows: Iterable[tuple]) -> None:
    """Insert `rows`, each the values of `fields` in order, into `model`'s table.

    Values go in unconverted (no `get_db_prep_value`): for plain columns only (text, numbers, aware
    datetimes, ids). A unique or check violation raises `IntegrityError`, as an INSERT's would.
    The statement goes past Django's cursor wrapper: `CaptureQueriesContext` does not count it."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        copy.set_types([_copy_type(f.db_type(connection)) for f in fields])
        for row in rows:
            copy.write_row(row)


def _copy_type(db_type: str) -> str:
    # Binary COPY needs each column's exact type: "bigint" and "integer" differ in width, while
    # "varchar(60)" is "varchar" to psycopg (the server checks the length).
    return re.sub(r"\(.*\)$", "", db_type)
