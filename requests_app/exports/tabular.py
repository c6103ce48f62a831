"""Generic tabular writers: a list of `Column`s and an iterable of rows become a streamed CSV or
an XLSX file (openpyxl write-only mode, so memory stays flat as the register grows).

Every text cell is neutralised against formula injection: a value a spreadsheet would run as a
formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column: its header and how to read its value from a row."""

    header: str
    value: Callable[[Any], Any]


def safe_text(value: str) -> str:
    """A string a spreadsheet will show as text, never evaluate."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def _cell(value: Any) -> Any:
    """Python value -> what goes into a cell: bools as 1/0 ticks, None as empty, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int | float | date | datetime):
        return value
    return safe_text(str(value))


def table_rows(columns: list[Column], rows: Iterable[Any]) -> Iterator[list[Any]]:
    """The header row, then one list of cell values per row."""
    yield [str(column.header) for column in columns]
    for row in rows:
        yield [_cell(column.value(row)) for column in columns]


class _Echo:
    """A file-like object whose `write` hands the line back, for streaming `csv.writer`."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_lines(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    yield "\ufeff"
    for values in table_rows(columns, rows):
        yield writer.writerow([_csv_text(value) for value in values])


def csv_response(
    filename: str, columns: list[Column], rows: Iterable[Any]
) -> StreamingHttpResponse:
    """A streamed CSV download: rows are read and written one at a time."""
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Spreadsheets have no time zones; the caller passes local times.
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        # openpyxl refuses control characters; they carry nothing a reader needs.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_response(
    filename: str, columns: list[Column], rows: Iterable[Any], *, sheet_title: str = "Register"
) -> FileResponse:
    """An XLSX download written in openpyxl's write-only mode to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for values in table_rows(columns, rows):
        sheet.append([_xlsx_value(value) for value in values])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store, private"
    return response
