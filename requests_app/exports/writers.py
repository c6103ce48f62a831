"""Tabular files written to a handle instead of a response: for export jobs (Celery), the monev
ZIP and the annual report. Same cells and the same formula-injection protection as the
streamed downloads in `tabular.py`, whose helpers these reuse."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook

from .tabular import Column, _csv_lines, _xlsx_value, table_rows

Progress = Callable[[int], None]


def counted(rows: Iterable[Any], *, every: int, report: Progress | None) -> Iterator[Any]:
    """Yield `rows` unchanged, calling `report(done)` after every `every` rows (for progress)."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if report is not None and done % every == 0:
            report(done)


def csv_bytes_write(handle: IO[bytes], columns: list[Column], rows: Iterable[Any]) -> None:
    """The CSV of `tabular.csv_response` (UTF-8 with a byte-order mark) written to `handle`."""
    for line in _csv_lines(columns, rows):
        handle.write(line.encode("utf-8"))


def xlsx_write(
    handle: IO[bytes], columns: list[Column], rows: Iterable[Any], *, sheet_title: str
) -> None:
    """An XLSX written in openpyxl's write-only mode (flat memory) to `handle`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for values in table_rows(columns, rows):
        sheet.append([_xlsx_value(value) for value in values])
    workbook.save(handle)


def table_write(
    handle: IO[bytes], fmt: str, columns: list[Column], rows: Iterable[Any], *, sheet_title: str
) -> None:
    if fmt == "csv":
        csv_bytes_write(handle, columns, rows)
    else:
        xlsx_write(handle, columns, rows, sheet_title=sheet_title)
