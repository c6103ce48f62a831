"""Measure 4: the officer queue API and the supervisor pages, through Django's test client.

`GET /api/v1/requests/?status=diproses` (ordered by the selector: open first, soonest due) as the
province's PPID Utama officer, page 1 and the last page; the same with `page_size=100` to show
the query count does not depend on the page size; the whole province's queue as the provincial
supervisor. Then the supervisor dashboard and the command center (when their URLs exist).
"""

from __future__ import annotations

import math

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from requests_app.benchmarks.base import Context, Measure, Result, time_repeated, timing_results

QUEUE_URL = "/api/v1/requests/"
PAGE_SIZE = 25


def _client(user_id: int) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def _get(client: Client, url: str, params: dict):
    response = client.get(url, params, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params} answered {response.status_code}")
    return response


def _queue_results(client: Client, key: str, label: str, params: dict, repeat: int) -> list:
    first = _get(client, QUEUE_URL, {**params, "page": 1}).json()
    count = first["count"]
    last_page = max(math.ceil(count / PAGE_SIZE), 1)
    page1, _r = time_repeated(lambda: _get(client, QUEUE_URL, {**params, "page": 1}), repeat)
    deep, _r = time_repeated(lambda: _get(client, QUEUE_URL, {**params, "page": last_page}), repeat)
    # Twice: the first call may load the calendars of bodies not on page 1 (cached afterwards).
    wide, _r = time_repeated(
        lambda: _get(client, QUEUE_URL, {**params, "page": 1, "page_size": 100}), 2
    )
    return [
        Result(f"{key}_rows", f"{label}: matching requests", count),
        Result(f"{key}_deep_page", f"{label}: deep page number", last_page),
        *timing_results(f"{key}_page1", f"{label}, page 1", page1),
        *timing_results(f"{key}_deep", f"{label}, page {last_page}", deep),
        Result(f"{key}_page_size_100_queries", f"{label}: queries at page_size=100", wide.queries),
    ]


def _page_results(client: Client, key: str, name: str, repeat: int) -> list[Result]:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return [Result(f"{key}_skipped", f"{name}: skipped", f"no URL named {name}")]
    timing, _r = time_repeated(lambda: _get(client, url, {}), repeat)
    return timing_results(key, f"{name} page", timing)


def run(ctx: Context) -> list[Result]:
    org = ctx.dataset.org
    officer = _client(org.province.desk.user_id)
    supervisor = _client(org.supervisor_id)
    try:
        return [
            *_queue_results(
                officer,
                "officer",
                "queue, PPID Utama, status=diproses",
                {"status": "diproses"},
                ctx.repeat,
            ),
            *_queue_results(supervisor, "supervisor", "queue, supervisor, all", {}, ctx.repeat),
            *_page_results(supervisor, "dashboard", "supervisor_dashboard", ctx.repeat),
            *_page_results(supervisor, "command_center", "supervisor_command_center", ctx.repeat),
        ]
    finally:
        officer.logout()
        supervisor.logout()


MEASURE = Measure(
    name="queue",
    description="officer queue API (page 1, deep page) and the supervisor pages",
    run=run,
)
