"""Exports reuse the hand-counted 2025 story of the statistics tests (tests/statistics/conftest.py):
one body, ten requests R1-R10, three objections and a dispute, with every figure known by hand."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from tests.statistics.conftest import TODAY, at, story  # noqa: F401 - the fixture is reused

# Early January 2026: 2025 is over and may be closed.
AFTER_YEAR = at(date(2026, 1, 5), 10)
REPORT_NOW = at(TODAY, 12)
SEEDED_PERSONAL = ("3601014507900001", "081234567890", "siti@example.org", "Jl. Raya Serang")


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def after_year():
    with time_machine.travel(AFTER_YEAR, tick=False):
        yield AFTER_YEAR


def response_bytes(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(response) -> list[dict]:
    text = response_bytes(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(content: bytes, sheet: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    worksheet = workbook[sheet] if sheet else workbook.active
    return [tuple(row) for row in worksheet.iter_rows(values_only=True)]


def xlsx_dicts(content: bytes) -> list[dict]:
    rows = xlsx_rows(content)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
