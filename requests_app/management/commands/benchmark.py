"""`manage.py benchmark`: seed a synthetic province and time the hot paths on the configured database.

Measures are listed in `requests_app.benchmarks.registry`; each returns result rows, printed as a
table or (`--json`) as one JSON document whose names are documented in the README (Performance).
Measures that need data get a freshly seeded data set (`--requests`, `--bodies`, `--units`,
`--years`), removed again at the end unless `--keep`; `--reuse` measures the data set kept last
time in this database instead of seeding. Run it on a scratch database, never on production.

    python manage.py benchmark --requests 200000 --json
    python manage.py benchmark --only workdays --pairs 1000000
"""

from __future__ import annotations

import sys
import time
import traceback

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests_app.benchmarks import report
from requests_app.benchmarks.base import Context, Result
from requests_app.benchmarks.registry import MEASURES
from requests_app.benchmarks.seed import (
    Dataset,
    dataset_record,
    dataset_remove,
    dataset_reuse,
    seed_dataset,
)

SETTINGS = (
    "requests",
    "bodies",
    "units",
    "years",
    "days",
    "repeat",
    "pairs",
    "seed",
    "load_requests",
    "load_concurrency",
    "workers",
    "seed_processes",
)


class Command(BaseCommand):
    help = "Mengukur kinerja pada data sintetis: statistik, pengingat, antrean, pengajuan, ekspor."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only", nargs="+", choices=sorted(MEASURES), help="Run only these measures."
        )
        parser.add_argument("--requests", type=int, default=200_000, help="Requests to seed.")
        parser.add_argument(
            "--bodies", type=int, default=9, help="Bodies: one province, the rest kab/kota."
        )
        parser.add_argument("--units", type=int, default=42, help="OPDs per body.")
        parser.add_argument("--years", type=int, default=5, help="Years of requests up to now.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Instead of --years: every request in the last N days, so most are still open.",
        )
        parser.add_argument("--repeat", type=int, default=10, help="Runs per timed operation.")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded data.")
        parser.add_argument(
            "--reuse", action="store_true", help="Measure the data set kept last time."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON document.")
        parser.add_argument(
            "--pairs", type=int, default=1_000_000, help="workdays: (start, 10 HK) pairs to time."
        )
        parser.add_argument("--seed", type=int, default=20250324, help="Random seed.")
        parser.add_argument(
            "--load-requests", type=int, default=1000, help="submissions: POSTs per endpoint."
        )
        parser.add_argument(
            "--load-concurrency", type=int, default=16, help="submissions: requests in flight."
        )
        parser.add_argument("--workers", type=int, default=4, help="submissions: gunicorn workers.")
        parser.add_argument(
            "--seed-processes",
            type=int,
            default=3,
            help="Processes seeding groups of bodies at once (PostgreSQL only).",
        )

    def handle(self, *args, **options) -> None:
        self._check(options)
        names = options["only"] or list(MEASURES)
        settings = {key: options[key] for key in SETTINGS}
        results: dict[str, list[Result]] = {}
        load_before = report.load_average()
        dataset = None
        if any(MEASURES[name].needs_data for name in names):
            dataset, results["seed"] = self._dataset(options)
        try:
            ctx = Context(options=options, dataset=dataset)
            for name in names:
                self._say(options, f"{name}: {MEASURES[name].description} …")
                results[name] = self._measure(name, ctx)
        finally:
            if dataset is not None and not options["keep"]:
                started = time.perf_counter()
                dataset_remove(dataset)
                seconds = round(time.perf_counter() - started, 1)
                results["seed"].append(Result("cleanup_seconds", "removing it again", seconds, "s"))
            elif dataset is not None:
                dataset_record(dataset)
        run = {"only": names, **settings, "load_before": load_before}
        run["load_after"] = report.load_average()
        if options["json"]:
            self.stdout.write(report.as_json(results, run))
        else:
            self.stdout.write(report.as_table(results, run))

    def _check(self, options) -> None:
        for key in ("requests", "bodies", "units", "years", "repeat", "pairs"):
            if options[key] < 1:
                raise CommandError(f"--{key} must be at least 1.")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        if options["reuse"] and not options["keep"]:
            raise CommandError("--reuse needs --keep (a reused data set is not removed).")

    def _say(self, options, text: str) -> None:
        self.stderr.write(text)

    def _dataset(self, options) -> tuple[Dataset, list[Result]]:
        if options["reuse"]:
            dataset = dataset_reuse()
            if dataset is None:
                raise CommandError("No kept data set in this database: run with --keep first.")
            self._say(
                options, f"reusing data set {dataset.org.tag} ({dataset.requests:,} requests)"
            )
            return dataset, [
                Result("reused", "reused a kept data set", True),
                Result("requests", "requests", dataset.requests),
            ]
        self._say(options, f"seeding {options['requests']:,} requests …")
        dataset = seed_dataset(
            requests=options["requests"],
            bodies=options["bodies"],
            units=options["units"],
            years=options["years"],
            days=options["days"],
            seed=options["seed"],
            now=timezone.now(),
            processes=options["seed_processes"],
            progress=lambda text: self._say(options, f"  {text}"),
        )
        return dataset, report.seed_results(dataset)

    def _measure(self, name: str, ctx: Context) -> list[Result]:
        """Run one measure; a failure is reported as a row and the other measures still run."""
        try:
            return MEASURES[name].run(ctx)
        except Exception as error:  # noqa: BLE001 - keep the other figures of a long run
            traceback.print_exc(file=sys.stderr)
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            return [Result("error", "error", f"{type(error).__name__}: {first_line}"[:300])]
