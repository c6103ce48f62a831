"""Seed a synthetic province for the benchmark: `seed_dataset(...)` returns a `Dataset`.

Requests arrive day by day over `years` years up to `now` (fewer at weekends, growing year on
year); the province gets two shares, every kabupaten/kota one. Each request's
story is planned by `scenarios.Planner`, replayed into rows by `replay.Replay` (the services'
rules, with the body's calendar object, no query per row) and written in chunks by `writer`.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from requests_app.benchmarks.seed import writer
from requests_app.benchmarks.seed.org import TAG_PREFIX, Org, org_create
from requests_app.benchmarks.seed.replay import Replay
from requests_app.benchmarks.seed.scenarios import Planner, applicant_pool
from requests_app.services.figures import figure_cells_rebuild
from requests_app.workdays import calendar_for, invalidate_calendars

CHUNK_REQUESTS = 20_000


@dataclass
class Dataset:
    org: Org
    now: datetime
    requests: int
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    vacuum_seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def user_ids(self) -> list[int]:
        from requests_app.models import Membership

        return list(
            Membership.objects.filter(body_id__in=self.org.body_ids).values_list(
                "user_id", flat=True
            )
        )


def daily_counts(total: int, start: date, end: date) -> list[tuple[date, int]]:
    """`total` requests over the days start..end: weekdays busy, weekends light, later years
    busier; rounded by largest remainder so the counts add up exactly."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    span = max(len(days) - 1, 1)
    weights = [
        (1.0 if day.weekday() < 5 else 0.15) * (1 + 0.6 * index / span)
        for index, day in enumerate(days)
    ]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(days, counts, strict=True))


class _BodySeeder:
    """Plans, replays and writes the requests of one body, chunk by chunk."""

    def __init__(self, body_org, planner: Planner, now: datetime, ids: writer.Ids) -> None:
        self.body_org, self.planner, self.now = body_org, planner, now
        self.replay = Replay(body_org, calendar_for(body_org.body), ids)
        self.buffers: dict[str, list[dict]] = {name: [] for name, _model in writer.TABLES}
        self.counts: Counter = Counter()

    def day(self, day: date, count: int) -> None:
        arrivals = [self.planner.received_at(day, self.replay.zone) for _ in range(count)]
        latest = self.now - timedelta(minutes=1)
        for received_at, channel in sorted(arrivals, key=lambda a: a[0]):
            self.request(min(received_at, latest), channel)

    def request(self, received_at: datetime, channel: str) -> None:
        replay = self.replay
        year = received_at.astimezone(replay.zone).year
        row = self.planner.request_row(self.body_org, channel, year)
        steps = self.planner.steps(self.body_org, replay.calendar, received_at, row)
        done = []
        for step in steps:
            if step.at > self.now:
                break  # the story continues after `now`: the request is still open
            done.append(step)
        rows = replay.run(row, done)
        self.buffers["requests"].append(rows.request)
        self.buffers["events"] += rows.events
        if rows.notice is not None:
            self.buffers["notices"].append(rows.notice)
            self.buffers["fee_lines"] += rows.fee_lines
        self.buffers["objections"] += rows.objections
        self.buffers["disputes"] += rows.disputes

    def flush(self) -> None:
        writer.write_chunk(self.buffers)
        for name, rows in self.buffers.items():
            self.counts[name] += len(rows)
            rows.clear()


@dataclass
class _Share:
    """One body's part of the data set: its requests, its ids, its random stream."""

    index: int
    requests: int
    ids: writer.Ids


def _seed_body(org: Org, share: _Share, plan: dict, progress) -> Counter:
    body_org = org.bodies[share.index]
    rng = random.Random(plan["seed"] * 1000 + share.index)  # noqa: S311 - synthetic data
    planner = Planner(rng, applicants=plan["applicants"])
    seeder = _BodySeeder(body_org, planner, plan["now"], share.ids)
    pending = 0
    for day, count in daily_counts(share.requests, plan["start"], plan["end"]):
        seeder.day(day, count)
        pending += count
        if pending >= CHUNK_REQUESTS:
            seeder.flush()
            pending = 0
            if progress:
                progress(f"{body_org.body.code}: {seeder.counts['requests']:,} requests")
    seeder.flush()
    writer.sequences_store(share.ids)
    return seeder.counts


def _seed_group(org: Org, shares: list[_Share], plan: dict, progress) -> Counter:
    counts: Counter = Counter()
    for share in shares:
        counts += _seed_body(org, share, plan, progress)
    return counts


def _child(org, shares, plan, progress, results) -> None:
    """A seeding process: its own database connection, its bodies, its counts back."""
    from django.db import connections

    connections.close_all()  # never share the parent's socket
    try:
        results.put(("ok", dict(_seed_group(org, shares, plan, progress))))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        results.put(("error", f"{type(error).__name__}: {error}"))
        raise


def _run_parallel(org: Org, groups: list[list[_Share]], plan: dict, progress) -> Counter:
    import multiprocessing

    from django.db import connections

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    connections.close_all()
    processes = [
        context.Process(target=_child, args=(org, group, plan, progress, results))
        for group in groups
    ]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    errors = [detail for status, detail in outcomes if status == "error"]
    if errors:
        raise RuntimeError("seeding failed: " + "; ".join(errors))
    return sum((Counter(detail) for _status, detail in outcomes), Counter())


def _shares(org: Org, requests: int, ids: writer.Ids) -> list[_Share]:
    """The province gets two parts, every kabupaten/kota one; ids are carved per body."""
    weights = [2] + [1] * (len(org.bodies) - 1)
    counts = [requests * w // sum(weights) for w in weights]
    counts[0] += requests - sum(counts)
    return [
        _Share(index, n, ids.split({"request": n, "notice": n, "objection": n // 5 + 20}))
        for index, n in enumerate(counts)
    ]


def _groups(shares: list[_Share], processes: int) -> list[list[_Share]]:
    """Greedy balance: the largest share first, each to the lightest group."""
    groups: list[list[_Share]] = [[] for _ in range(max(min(processes, len(shares)), 1))]
    for share in sorted(shares, key=lambda s: -s.requests):
        min(groups, key=lambda g: sum(s.requests for s in g)).append(share)
    return [g for g in groups if g]


def seed_dataset(
    *,
    requests: int,
    bodies: int,
    units: int,
    years: int,
    seed: int,
    now: datetime,
    processes: int = 1,
    progress=None,
    days: int | None = None,
) -> Dataset:
    """Seed the data set and return what was made; timing covers everything but VACUUM.

    `days` (instead of `years`) packs every request into the last `days` days, so most are still
    open: the data set for timing a reminder scan over a given number of open requests.

    With `processes > 1` (PostgreSQL, outside a transaction) groups of bodies are seeded by forked
    processes at once; every body has its own random stream, so the data does not depend on it.
    """
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
    tag = f"{TAG_PREFIX}{uuid.uuid4().hex[:6]}"
    org = org_create(tag=tag, bodies=bodies, units=units)
    invalidate_calendars()
    ids = writer.Ids(
        {"request": requests, "notice": requests, "objection": requests // 5 + 20 * bodies}
    )
    shares = _shares(org, requests, ids)
    local_now = now.astimezone(ZoneInfo(org.province.body.time_zone))
    plan = {
        "seed": seed,
        "now": now,
        "start": local_now.date() - timedelta(days=days if days else 365 * years),
        "end": local_now.date(),
        "applicants": applicant_pool(rng, 3000),
    }
    parallel = processes > 1 and writer.is_postgres() and not connection.in_atomic_block
    if parallel:
        counts = _run_parallel(org, _groups(shares, processes), plan, progress)
    else:
        counts = _seed_group(org, shares, plan, progress)
    # The rows bypassed the services, which keep the statistics' cells current.
    counts["figure_cells"] = figure_cells_rebuild(body_ids=org.body_ids)
    dataset = Dataset(org=org, now=now, requests=requests, counts=counts)
    dataset.seconds = time.perf_counter() - started
    vacuum_started = time.perf_counter()
    writer.analyze()
    dataset.vacuum_seconds = time.perf_counter() - vacuum_started
    return dataset


def dataset_remove(dataset: Dataset) -> None:
    writer.cleanup(body_ids=dataset.org.body_ids, user_ids=dataset.user_ids)
    invalidate_calendars()


def _records_path():
    from django.conf import settings

    return settings.VAR_DIR / "benchmark_datasets.json"


def dataset_record(dataset: Dataset) -> None:
    """Remember a kept data set per database, so `--reuse` can measure it again."""
    import json

    from django.db import connection

    path = _records_path()
    records = json.loads(path.read_text()) if path.exists() else {}
    records[connection.settings_dict["NAME"]] = {
        "tag": dataset.org.tag,
        "now": dataset.now.isoformat(),
        "requests": dataset.requests,
        "counts": dict(dataset.counts),
    }
    path.write_text(json.dumps(records, indent=2))


def dataset_reuse() -> Dataset | None:
    """The data set last kept in this database, or None."""
    import json

    from django.db import connection

    from requests_app.benchmarks.seed.org import org_load
    from requests_app.models import PublicBody

    path = _records_path()
    records = json.loads(path.read_text()) if path.exists() else {}
    record = records.get(connection.settings_dict["NAME"])
    if not record or not PublicBody.objects.filter(slug__startswith=f"{record['tag']}-").exists():
        return None
    return Dataset(
        org=org_load(record["tag"]),
        now=datetime.fromisoformat(record["now"]),
        requests=record["requests"],
        counts=Counter(record["counts"]),
    )
