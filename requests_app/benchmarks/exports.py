"""Measure 6: the full request register as a streamed CSV, and the annual XLSX files.

Each export runs in its own Python process (`python -m requests_app.benchmarks.exports ...`), so
its peak memory (`VmHWM`, see `_memory_mb`) is the export's and nothing else's; the
process's resident memory after Django has loaded is reported beside it as the baseline. The CSV
goes to a sink that only counts bytes, as a streamed download would hand them to the socket.
Exports: the whole register (every seeded body, every year) as the provincial supervisor sees
it; the register XLSX of the last complete year; the province's annual report XLSX.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

from django.conf import settings

from requests_app.benchmarks.base import Context, Measure, Result, skipped

KINDS = ("register_csv", "register_xlsx", "annual_report_xlsx")


class CountingSink:
    """A write-only file that keeps nothing: the bytes a client would have received."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return len(data)

    def seek(self, *args) -> int:  # openpyxl's writer asks; the ZIP is written forward only
        return self.bytes

    def tell(self) -> int:
        return self.bytes

    def flush(self) -> None:
        return None


def _memory_mb(field: str) -> float:
    """`VmHWM` (peak) or `VmRSS` (now) of this process image, in MB.

    Not `ru_maxrss`: Linux carries it over from the parent through fork and exec, so the export
    process would report the benchmark's own peak (the seeded data set), not its own."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export(kind: str, user_id: int, body_id: int, year: int) -> dict:
    import tempfile

    from django.contrib.auth import get_user_model

    from requests_app.exports import requests_register
    from requests_app.exports.writers import csv_bytes_write, xlsx_write
    from requests_app.models import PublicBody

    user = get_user_model().objects.get(pk=user_id)
    columns = requests_register.request_register_columns()
    if kind == "register_csv":
        queryset = requests_register.request_register_queryset(user=user)
        sink = CountingSink()
        csv_bytes_write(sink, columns, requests_register.register_rows(queryset))
        return {"bytes": sink.bytes}
    if kind == "register_xlsx":
        queryset = requests_register.request_register_queryset(user=user, year=year)
        with tempfile.TemporaryFile() as handle:
            xlsx_write(
                handle, columns, requests_register.register_rows(queryset), sheet_title="Register"
            )
            return {"bytes": handle.tell()}
    from requests_app.exports.annual_report import annual_report_build, annual_report_xlsx

    report = annual_report_build(body=PublicBody.objects.get(pk=body_id), year=year)
    return {"bytes": len(annual_report_xlsx(report))}


def child_main(argv: list[str]) -> None:
    """Entry point of the export process: prints one JSON line."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ppid.settings")
    django.setup()
    kind, user_id, body_id, year = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    baseline = _memory_mb("VmRSS")
    started = time.perf_counter()
    figures = _export(kind, user_id, body_id, year)
    figures.update(
        seconds=time.perf_counter() - started, peak_mb=_memory_mb("VmHWM"), baseline_mb=baseline
    )
    sys.stdout.write(json.dumps(figures) + "\n")


def _run_child(kind: str, user_id: int, body_id: int, year: int, database_url: str) -> dict:
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "requests_app.benchmarks.exports",
            kind,
            str(user_id),
            str(body_id),
            str(year),
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"export {kind} failed: {completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Result]:
    try:
        from requests_app.exports import requests_register  # noqa: F401
        from requests_app.exports.annual_report import annual_report_xlsx  # noqa: F401
    except ImportError as error:
        return skipped(f"requests_app.exports not complete yet: {error}")
    from requests_app.benchmarks.submissions import database_url

    org, now = ctx.dataset.org, ctx.dataset.now
    year = now.year - 1
    results = [Result("year", "year of the XLSX files", year)]
    for kind in KINDS:
        figures = _run_child(kind, org.supervisor_id, org.province.body.pk, year, database_url())
        results += [
            Result(f"{kind}_seconds", f"{kind}: time", round(figures["seconds"], 2), "s"),
            Result(
                f"{kind}_peak_mb", f"{kind}: process peak RSS", round(figures["peak_mb"], 1), "MB"
            ),
            Result(
                f"{kind}_baseline_mb",
                f"{kind}: RSS after Django setup",
                round(figures["baseline_mb"], 1),
                "MB",
            ),
            Result(f"{kind}_bytes", f"{kind}: output size", figures["bytes"], "bytes"),
        ]
    return results


MEASURE = Measure(
    name="exports",
    description="full register CSV (streamed), register and annual report XLSX: time, peak memory",
    run=run,
)


if __name__ == "__main__":
    child_main(sys.argv[1:])
