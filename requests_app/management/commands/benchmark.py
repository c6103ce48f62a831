"""`manage.py benchmark`: time the hot paths against the configured database.

Measures are listed in `requests_app.benchmarks.registry`; each takes the parsed options and
returns result rows, printed as a table or (`--json`) as one JSON document. Nothing a measure
writes is kept: the workdays measure rolls its throwaway body back.

    python manage.py benchmark --only workdays --pairs 1000000
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from requests_app.benchmarks import report
from requests_app.benchmarks.registry import MEASURES


class Command(BaseCommand):
    help = "Mengukur kinerja: kalender hari kerja dan jumlah kueri pengajuan permohonan."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only",
            nargs="+",
            choices=sorted(MEASURES),
            help="Run only these measures (default: all).",
        )
        parser.add_argument(
            "--pairs",
            type=int,
            default=1_000_000,
            help="workdays: number of (start date, 10) pairs to time (default 1,000,000).",
        )
        parser.add_argument("--seed", type=int, default=20250324, help="Random seed.")
        parser.add_argument("--json", action="store_true", help="Print one JSON document.")

    def handle(self, *args, **options) -> None:
        if options["pairs"] < 1:
            raise CommandError("--pairs must be at least 1.")
        names = options["only"] or list(MEASURES)
        settings = {key: options[key] for key in ("pairs", "seed")}
        results = {}
        for name in names:
            if not options["json"]:
                self.stderr.write(f"{name}: {MEASURES[name].description} …")
            results[name] = MEASURES[name].run(settings)
        if options["json"]:
            self.stdout.write(report.as_json(results, {"only": names, **settings}))
        else:
            self.stdout.write(report.as_table(results))
