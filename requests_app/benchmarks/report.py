"""Print benchmark results as a text table or as JSON."""

from __future__ import annotations

import json
import os
import platform
from importlib.metadata import version

from django.db import connection

from requests_app.benchmarks.base import Result


def environment() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "django": version("django"),
        "holidays": version("holidays"),
        "database": connection.vendor,
    }


def as_json(results: dict[str, list[Result]], options: dict) -> str:
    return json.dumps(
        {
            "environment": environment(),
            "options": options,
            "measures": {
                name: {row.key: row.value for row in rows} for name, rows in results.items()
            },
        },
        indent=2,
    )


def as_table(results: dict[str, list[Result]]) -> str:
    rows = [
        (name, row.label, _format(row.value), row.unit)
        for name, measure_rows in results.items()
        for row in measure_rows
    ]
    headers = ("measure", "figure", "value", "unit")
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = [_line(headers, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in rows]
    return "\n".join(lines)


def _line(cells, widths) -> str:
    # Numbers right-aligned in the value column, everything else left-aligned.
    parts = [
        str(cell).rjust(width) if index == 2 else str(cell).ljust(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(parts).rstrip()


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
