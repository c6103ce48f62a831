"""Measure 4: the officer queue API and the supervisor pages, through Django's test client.

`GET /api/v1/requests/?status=diproses` (ordered by the selector: open first, soonest due) as the
province's PPID Utama officer, and the whole province's queue as the provincial supervisor: page 1
and a deep page reached by its keyset cursor, positioned `DEEP_FROM_END` rows before the end of
the set (the cursor a client would hold after walking nearly every page); then page 1 with
`page_size=100` to show the query count does not depend on the page size. Then the web queue page
(page 1 and the same deep cursor), the supervisor dashboard and the command center (when their
URLs exist).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from requests_app import keyset
from requests_app.benchmarks.base import Context, Measure, Result, time_repeated, timing_results
from requests_app.selectors.queue import QUEUE_ORDER, request_queue

QUEUE_URL = "/api/v1/requests/"
PAGE_SIZE = 25
DEEP_FROM_END = 2 * PAGE_SIZE


def _client(user_id: int) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def _get(client: Client, url: str, params: dict):
    response = client.get(url, params, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params} answered {response.status_code}")
    return response


def _deep_cursor(user, params: dict) -> tuple[int, str | None]:
    """The visible rows, and the cursor of the row `DEEP_FROM_END` before the last (set-up, not
    timed: found by walking the queue order backwards from the end)."""
    _filter, queryset = request_queue(user=user, params=QueryDict(urlencode(params, doseq=True)))
    rows = queryset.count()
    backwards = queryset.order_by(*QUEUE_ORDER.order_by(reverse=True))
    row = backwards[DEEP_FROM_END : DEEP_FROM_END + 1].first()
    if row is None:
        return rows, None
    position = keyset.Position(QUEUE_ORDER.values_of(row), reverse=False)
    return rows, keyset.encode(QUEUE_ORDER, position)


def _queue_results(client: Client, user, key: str, label: str, params: dict, repeat: int) -> list:
    rows, cursor = _deep_cursor(user, params)
    deep_params = {**params, "cursor": cursor} if cursor else params
    deep_start = max(rows - DEEP_FROM_END, 1)
    deep_rows = len(_get(client, QUEUE_URL, deep_params).json()["results"])
    # Warm-up, as a running server is: the working-day calendars of the bodies on page 1.
    _get(client, QUEUE_URL, params)
    page1, _r = time_repeated(lambda: _get(client, QUEUE_URL, params), repeat)
    deep, _r = time_repeated(lambda: _get(client, QUEUE_URL, deep_params), repeat)
    # Twice: the first call may load the calendars of bodies not on page 1 (cached afterwards).
    wide, _r = time_repeated(lambda: _get(client, QUEUE_URL, {**params, "page_size": 100}), 2)
    return [
        Result(f"{key}_rows", f"{label}: matching requests", rows),
        Result(f"{key}_deep_page", f"{label}: deep page starts after row", deep_start),
        Result(f"{key}_deep_page_rows", f"{label}: rows on the deep page", deep_rows),
        *timing_results(f"{key}_page1", f"{label}, page 1", page1),
        *timing_results(f"{key}_deep", f"{label}, page after row {deep_start} (cursor)", deep),
        Result(f"{key}_page_size_100_queries", f"{label}: queries at page_size=100", wide.queries),
    ]


def _web_queue_results(client: Client, user, repeat: int) -> list[Result]:
    """The officer queue page (server-rendered, same selector and cursors), supervisor, all."""
    url = reverse("officer_queue")
    rows, cursor = _deep_cursor(user, {})
    _get(client, url, {})
    page1, _r = time_repeated(lambda: _get(client, url, {}), repeat)
    deep, _r = time_repeated(
        lambda: _get(client, url, {"cursor": cursor} if cursor else {}), repeat
    )
    deep_start = max(rows - DEEP_FROM_END, 1)
    return [
        *timing_results("web_page1", "queue page, supervisor, page 1", page1),
        *timing_results("web_deep", f"queue page, supervisor, after row {deep_start}", deep),
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
    users = get_user_model().objects.in_bulk([org.province.desk.user_id, org.supervisor_id])
    try:
        return [
            *_queue_results(
                officer,
                users[org.province.desk.user_id],
                "officer",
                "queue, PPID Utama, status=diproses",
                {"status": "diproses"},
                ctx.repeat,
            ),
            *_queue_results(
                supervisor,
                users[org.supervisor_id],
                "supervisor",
                "queue, supervisor, all",
                {},
                ctx.repeat,
            ),
            *_web_queue_results(supervisor, users[org.supervisor_id], ctx.repeat),
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
