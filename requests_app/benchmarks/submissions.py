"""Measure 5: the submission API under concurrent load, through gunicorn on loopback, against the
framework floor (a bare Django view inserting one row, `floor.py`) in the same run.

gunicorn runs `--workers` sync workers on 127.0.0.1 and a free port against the benchmark's
database, production-like (DEBUG off, the submission throttle lifted with
`THROTTLE_SUBMISSION=1000000/hour`, Celery's in-memory transport so queued receipts touch no real
broker). An httpx async client sends `--load-requests` POSTs with `--load-concurrency` in flight,
first to the floor, then to `POST /api/v1/requests/`, spread over the seeded bodies. Each worker is
warmed on every body first (calendars are kept per process, as in a server that has run a while).

Client, web workers and a local PostgreSQL share the machine's cores, so throughput follows the CPU
time a request costs all three: on Linux the measure reports that time per request for each (from
`/proc`), which is what the ratio to the floor is made of.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from requests_app.benchmarks import floor
from requests_app.benchmarks.base import Context, Measure, Result, skipped

READY_TIMEOUT = 60
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}


def database_url() -> str:
    """The URL of the database this process uses (the test database too), for the workers."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    credentials = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment() -> dict[str, str]:
    secret = settings.SECRET_KEY
    if secret.startswith("django-insecure"):
        secret = secrets.token_urlsafe(50)
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY or Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THROTTLE_SUBMISSION": "1000000/hour",
        "BENCHMARK_FLOOR_ENDPOINT": "1",
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """gunicorn in a subprocess, stopped (by its own pid) when the block ends."""

    def __init__(self, workers: int) -> None:
        self.workers, self.port = workers, _free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(gunicorn),
                "ppid.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=sync",
                "--keep-alive=5",
            ],
            cwd=settings.BASE_DIR,
            env=_environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_tail()}")
            try:
                httpx.get(f"{self.base}/api/v1/requests/", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready in {READY_TIMEOUT} s: {self.log_tail()}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-2000:]

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _payload(index: int, slugs: list[str]) -> dict:
    return {
        "body": slugs[index % len(slugs)],
        "applicant_type": "perorangan",
        "full_name": f"Pemohon Beban {index}",
        "nik": "3601014507900001",
        "address": "Jl. Uji Beban No. 1, Kota Uji",
        "occupation": "Peneliti",
        "email": f"beban{index}@example.org",
        "information_requested": "Salinan laporan keuangan tahun lalu",
        "purpose": "Uji beban",
        "access_method": "salinan",
        "copy_format": "softcopy",
        "delivery_method": "email",
    }


async def _load(url: str, count: int, concurrency: int, slugs: list[str]) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                index = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.post(url, json=_payload(index, slugs))
                    ok = response.status_code == 201
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "throughput": count / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(int(0.95 * len(latencies)) - 1, 0)] * 1000,
        "errors": errors,
        "seconds": elapsed,
    }


def _process_table() -> dict[int, tuple[int, str, float]]:
    """pid: (parent pid, command name, user + system CPU seconds so far) of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = stat.partition(" (")[2].rpartition(")")[0]
        fields = stat.rpartition(") ")[2].split()
        table[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick)
    return table


class CpuMeter:
    """CPU time spent by the load client (this process), the gunicorn master and workers, and a
    PostgreSQL on this machine, between `start()` and `stop()`."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.database_local = (
            connection.vendor == "postgresql"
            and (connection.settings_dict.get("HOST") or "") in LOCAL_HOSTS
        )

    def _group(self, pid: int, parent: int, name: str) -> str | None:
        if pid == os.getpid():
            return "client"
        if self.server_pid in (pid, parent):
            return "web"
        if self.database_local and name == "postgres":
            return "database"
        return None

    def _snapshot(self) -> dict[str, dict[int, float]]:
        groups: dict[str, dict[int, float]] = {}
        for pid, (parent, name, seconds) in _process_table().items():
            group = self._group(pid, parent, name)
            if group is not None:
                groups.setdefault(group, {})[pid] = seconds
        return groups

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request for each group."""
        after = self._snapshot()
        return {
            group: 1000
            * sum(
                seconds - self.before.get(group, {}).get(pid, 0.0) for pid, seconds in pids.items()
            )
            / requests
            for group, pids in after.items()
        }


def _measured_load(url: str, count: int, concurrency: int, slugs: list[str], meter) -> dict:
    if meter is not None:
        meter.start()
    figures = asyncio.run(_load(url, count, concurrency, slugs))
    if meter is not None:
        figures["cpu_ms"] = meter.stop(count)
    return figures


CPU_LABELS = {
    "client": "load client",
    "web": "gunicorn workers",
    "database": "PostgreSQL (this machine)",
}


def _cpu_results(key: str, label: str, figures: dict) -> list[Result]:
    cpu = figures.get("cpu_ms", {})
    return [
        Result(
            f"{key}_cpu_{group}_ms",
            f"{label}: CPU per request, {CPU_LABELS[group]}",
            round(ms, 2),
            "ms",
        )
        for group, ms in sorted(cpu.items(), key=lambda item: list(CPU_LABELS).index(item[0]))
    ]


def _load_results(key: str, label: str, figures: dict) -> list[Result]:
    return [
        Result(
            f"{key}_throughput_rps",
            f"{label}: throughput",
            round(figures["throughput"], 1),
            "req/s",
        ),
        Result(f"{key}_p50_ms", f"{label}: p50 latency", round(figures["p50_ms"], 1), "ms"),
        Result(f"{key}_p95_ms", f"{label}: p95 latency", round(figures["p95_ms"], 1), "ms"),
        Result(f"{key}_errors", f"{label}: errors", figures["errors"]),
        *_cpu_results(key, label, figures),
    ]


def run(ctx: Context) -> list[Result]:
    if connection.vendor != "postgresql":
        return skipped("needs PostgreSQL: concurrent gunicorn workers on SQLite measure its lock")
    count = ctx.options["load_requests"]
    concurrency = ctx.options["load_concurrency"]
    workers = ctx.options["workers"]
    slugs = [b.body.slug for b in ctx.dataset.org.bodies]
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request otherwise
    floor.table_create()
    try:
        with Server(workers) as server:
            floor_url, submit_url = f"{server.base}/bench/floor/", f"{server.base}/api/v1/requests/"
            # Warm every worker (imports, connections, each body's calendar) outside the
            # measured runs: requests spread over the workers, so several rounds of every body.
            warm = workers * len(slugs) * 3
            asyncio.run(_load(submit_url, warm, concurrency, slugs))
            asyncio.run(_load(floor_url, warm, concurrency, slugs))
            meter = CpuMeter(server.process.pid) if Path("/proc/self/stat").exists() else None
            bare = _measured_load(floor_url, count, concurrency, slugs, meter)
            api = _measured_load(submit_url, count, concurrency, slugs, meter)
    finally:
        floor.table_drop()
    return [
        Result("requests", "requests per endpoint", count),
        Result("concurrency", "requests in flight", concurrency),
        Result("workers", "gunicorn sync workers", workers),
        *_load_results("floor", "bare insert endpoint", bare),
        *_load_results("submit", "POST /api/v1/requests/", api),
        Result(
            "ratio_submit_to_floor",
            "submission / floor throughput",
            round(api["throughput"] / bare["throughput"], 2),
            "x",
        ),
    ]


MEASURE = Measure(
    name="submissions",
    description="submission API under load through gunicorn vs a bare insert endpoint",
    run=run,
)
