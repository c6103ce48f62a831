"""CI smoke test: `manage.py benchmark` still seeds, measures, reports and cleans up.

A tiny data set on the test database; no timing is asserted, only that every documented JSON
name is there, the checks inside the figures hold, and nothing seeded is left behind. The
gunicorn load test and the export subprocesses need a committed database of their own, so they
are not part of it (they run in the README's benchmark runs).
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from requests_app.models import InformationRequest, PublicBody, RequestEvent

MEASURED = ["workdays", "statistics", "reminders", "queue", "recompute"]
SEED_KEYS = {
    "tag",
    "requests",
    "bodies",
    "opds",
    "requests_rows",
    "events_rows",
    "rows",
    "seconds",
    "rows_per_second",
    "requests_per_second",
    "vacuum_seconds",
    "cleanup_seconds",
}
STATISTICS_KEYS = {
    "period",
    "province_requests",
    "floor_matches_selector",
    "ratio_province_to_floor",
    "ratio_headline_to_floor",
    *(
        f"{name}_{figure}"
        for name in ("province", "opd", "orm_headline", "floor")
        for figure in ("median_ms", "p95_ms", "queries")
    ),
}
REMINDER_KEYS = {
    "second_sends_nothing",
    "open_requests",
    *(
        f"{run}_{figure}"
        for run in ("first", "second", "small_batch")
        for figure in ("seconds", "queries", "batches", "candidates", "reminders", "messages")
    ),
}
QUEUE_KEYS = {
    *(
        f"{who}_{figure}"
        for who in ("officer", "supervisor")
        for figure in (
            "rows",
            "deep_page",
            "deep_page_rows",
            "page1_median_ms",
            "page1_p95_ms",
            "page1_queries",
            "deep_median_ms",
            "deep_p95_ms",
            "deep_queries",
            "page_size_100_queries",
        )
    ),
    *(
        f"{page}_{figure}"
        for page in ("dashboard", "command_center")
        for figure in ("median_ms", "p95_ms", "queries")
    ),
}
RECOMPUTE_KEYS = {"holiday", "seconds", "queries", "examined", "changed", "batches"}


@pytest.mark.django_db
def test_benchmark_reports_every_documented_figure_and_removes_its_data():
    out = StringIO()
    call_command(
        "benchmark",
        *("--requests", "300", "--bodies", "2", "--units", "3", "--years", "2"),
        *("--repeat", "1", "--pairs", "1000", "--json", "--only", *MEASURED),
        stdout=out,
        stderr=StringIO(),
    )
    report = json.loads(out.getvalue())
    measures = report["measures"]
    assert set(measures) == {"seed", *MEASURED}
    assert all("error" not in measures[name] for name in measures)
    assert SEED_KEYS <= set(measures["seed"])
    assert measures["seed"]["requests_rows"] == 300
    assert STATISTICS_KEYS <= set(measures["statistics"])
    assert REMINDER_KEYS <= set(measures["reminders"])
    assert QUEUE_KEYS <= set(measures["queue"])
    assert RECOMPUTE_KEYS <= set(measures["recompute"])
    assert {"environment", "options"} <= set(report)
    # The figures check themselves: the floor counts what the selector counts, a second scan
    # sends nothing, the queue's query count does not depend on the page size.
    assert measures["statistics"]["floor_matches_selector"] is True
    assert measures["reminders"]["second_sends_nothing"] is True
    queue = measures["queue"]
    assert queue["officer_page1_queries"] == queue["officer_page_size_100_queries"]
    assert queue["supervisor_page1_queries"] == queue["supervisor_page_size_100_queries"]
    assert queue["supervisor_deep_queries"] == queue["supervisor_page1_queries"]
    # And nothing seeded is left behind.
    assert not PublicBody.objects.filter(slug__startswith=measures["seed"]["tag"]).exists()
    assert not InformationRequest.objects.exists()
    assert not RequestEvent.objects.exists()
