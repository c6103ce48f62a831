"""Print benchmark results as a text table or as JSON, with the machine they ran on."""

from __future__ import annotations

import json
import os
import platform
from importlib.metadata import version
from pathlib import Path

from django.db import connection

from requests_app.benchmarks.base import Result


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: the machine is shared, so every run records them."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _memory_gb() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return None
    return round(pages * size / 1024**3, 1)


def _database() -> dict[str, object]:
    info: dict[str, object] = {"vendor": connection.vendor}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections"):
                cursor.execute(f"SHOW {name}")
                info[name] = cursor.fetchone()[0]
    return info


def environment() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "django": version("django"),
        "holidays": version("holidays"),
        "database": _database(),
    }


def seed_results(dataset) -> list[Result]:
    seconds = dataset.seconds or 1e-9
    rows = [
        Result("tag", "data set tag", dataset.org.tag),
        Result("requests", "requests", dataset.requests),
        Result("bodies", "bodies (province + kab/kota)", len(dataset.org.bodies)),
        Result("opds", "OPDs", sum(len(b.opds) for b in dataset.org.bodies)),
    ]
    rows += [Result(f"{name}_rows", f"  {name}", count) for name, count in dataset.counts.items()]
    rows += [
        Result("rows", "rows written", dataset.rows),
        Result("seconds", "seeding time", round(dataset.seconds, 1), "s"),
        Result("rows_per_second", "seeding rate", round(dataset.rows / seconds), "rows/s"),
        Result(
            "requests_per_second", "seeding rate", round(dataset.requests / seconds), "requests/s"
        ),
        Result(
            "vacuum_seconds", "VACUUM ANALYZE after seeding", round(dataset.vacuum_seconds, 1), "s"
        ),
    ]
    return rows


def as_json(results: dict[str, list[Result]], run: dict) -> str:
    return json.dumps(
        {
            "environment": environment(),
            "options": run,
            "measures": {
                name: {row.key: row.value for row in rows} for name, rows in results.items()
            },
        },
        indent=2,
        default=str,
    )


def as_table(results: dict[str, list[Result]], run: dict | None = None) -> str:
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
    if run:
        env = environment()
        lines.append("")
        lines.append(
            f"{env['cpu_model']}, {env['cpu_count']} CPU, {env['memory_gb']} GB; "
            f"database {env['database']}; load before {run.get('load_before')}, "
            f"after {run.get('load_after')}"
        )
    return "\n".join(lines)


def _line(cells, widths) -> str:
    # Numbers right-aligned in the value column, everything else left-aligned.
    parts = [
        str(cell).rjust(width) if index == 2 else str(cell).ljust(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(parts).rstrip()


def _format(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
