"""The officer queue's keyset pages (issue 7): every row once, in order, both ways; a bad cursor
is a field error; the stored open/closed sort key follows the status."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import InformationRequest, Status
from requests_app.models.requests import QUEUE_NO_DUE_DATE
from requests_app.services.notices import notice_approve
from tests.api_officer.conftest import ACT_AT, T0

LIST_URL = "/api/v1/requests/"


def _ids(payload) -> list[int]:
    return [row["id"] for row in payload["results"]]


def _walk(client, first_url, params, link):
    """Follow `link` ("next" or "previous") from the first page; the pages' ids, in page order."""
    pages = []
    with time_machine.travel(ACT_AT, tick=False):
        payload = client.get(first_url, params).json()
        pages.append(_ids(payload))
        while payload[link]:
            payload = client.get(payload[link]).json()
            pages.append(_ids(payload))
    return pages


def _expected_order(ids) -> list[int]:
    rows = InformationRequest.objects.filter(pk__in=ids)

    def key(r):
        # Open first, due soonest (none last), newest receipt first (none before all), then id.
        received = -r.received_at.timestamp() if r.received_at else float("-inf")
        return (r.queue_closed, r.due_on or date.max, received, r.pk)

    return [r.pk for r in sorted(rows, key=key)]


@pytest.fixture
def tangled_queue(flow):
    """Nineteen requests with ties on every sort column and NULLs where they are allowed."""
    ids = [flow.registered().pk for _ in range(19)]
    received = InformationRequest.objects.get(pk=ids[0]).received_at
    base_due = InformationRequest.objects.get(pk=ids[0]).due_on
    for index, pk in enumerate(ids):
        changes = {
            # Three due dates shared by many rows, and no due date at all for every fifth.
            "due_on": None if index % 5 == 0 else base_due + timedelta(days=index % 3),
            "status": Status.CLOSED if index % 4 == 0 else Status.IN_PROCESS,
            # Most share one receipt time (ties fall to the id); a few have none.
            "received_at": None if index % 7 == 3 else received - timedelta(hours=index % 2),
        }
        InformationRequest.objects.filter(pk=pk).update(**changes)
    return ids


@pytest.mark.parametrize("page_size", [1, 3, 19, 25])
def test_walking_next_links_yields_every_row_once_in_queue_order(
    client_for, tangled_queue, page_size
):
    pages = _walk(client_for("utama_officer"), LIST_URL, {"page_size": page_size}, "next")

    walked = [pk for page in pages for pk in page]
    assert walked == _expected_order(tangled_queue)
    assert all(len(page) == page_size for page in pages[:-1])


@pytest.mark.parametrize(
    "statuses",
    [[Status.IN_PROCESS], [Status.CLOSED], [Status.IN_PROCESS, Status.CLOSED]],
    ids=["open-only", "closed-only", "mixed"],
)
def test_walking_a_status_filtered_queue_both_ways(client_for, tangled_queue, statuses):
    # Open-only and closed-only filters add a bound on the stored key (see `request_queue`):
    # it must never drop or repeat a row, on the first page or after a cursor.
    client = client_for("utama_officer")
    params = {"status": statuses, "page_size": 2}

    forward = _walk(client, LIST_URL, params, "next")
    with time_machine.travel(ACT_AT, tick=False):
        last = client.get(LIST_URL, params).json()
        while last["next"]:
            last = client.get(last["next"]).json()
    backward = _walk(client, last["previous"], {}, "previous") if last["previous"] else []

    matching = InformationRequest.objects.filter(pk__in=tangled_queue, status__in=statuses)
    assert [pk for page in forward for pk in page] == _expected_order(matching.values("pk"))
    assert backward == list(reversed(forward[:-1]))


def test_walking_previous_links_back_from_the_last_page(client_for, tangled_queue):
    client = client_for("utama_officer")
    forward = _walk(client, LIST_URL, {"page_size": 4}, "next")
    with time_machine.travel(ACT_AT, tick=False):
        last = client.get(LIST_URL, {"page_size": 4}).json()
        while last["next"]:
            last = client.get(last["next"]).json()

    backward = _walk(client, last["previous"], {}, "previous")

    assert backward == list(reversed(forward[:-1]))


def test_the_queue_order_is_the_same_without_a_cursor(client_for, tangled_queue):
    with time_machine.travel(ACT_AT, tick=False):
        payload = client_for("utama_officer").get(LIST_URL, {"page_size": 100}).json()

    assert _ids(payload) == _expected_order(tangled_queue)
    assert payload["next"] is None and payload["previous"] is None


def test_query_count_is_the_same_for_25_and_100_rows_a_page(client_for, flow):
    for _ in range(101):
        flow.submit(now=T0)
    client = client_for("utama_officer")

    counts = {}
    with time_machine.travel(ACT_AT, tick=False):
        client.get(LIST_URL)  # the working-day calendar, cached as in a running server
        for size in (25, 100):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(LIST_URL, {"page_size": size})
            assert len(response.json()["results"]) == size
            counts[size] = len(queries)

    assert counts[25] == counts[100]
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert not any(" OFFSET " in q["sql"].upper() for q in queries.captured_queries)


def _forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "bukan-kursor",
        "%%%",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _forged([False, "2025-04-16", None, 1]),
        _forged({"k": [False, "2025-04-16", None], "r": False}),
        _forged({"k": [False, "2025-13-45", None, 1], "r": False}),
        _forged({"k": [False, None, None, 1], "r": False}),
        _forged({"k": ["no", "2025-04-16", None, 1], "r": False}),
        _forged({"k": [False, "2025-04-16", "kemarin", 1], "r": False}),
        _forged({"k": [False, "2025-04-16", None, "1"], "r": False}),
        _forged({"k": [False, "2025-04-16", None, 2**63], "r": False}),
        _forged({"k": [False, "2025-04-16", "2025-03-24T09:00:00", 1], "r": False}),
        _forged({"k": [False, "2025-04-16", "0001-01-01T00:00:00+07:00", 1], "r": False}),
        _forged({"k": [False, "2025-04-16", "9999-12-31T23:59:59-07:00", 1], "r": False}),
        _forged({"k": [False, "2025-04-16", None, 1], "r": "ya"}),
        _forged({"k": [False, "2025-04-16", None, 1], "r": False, "x": 1}),
    ],
)
def test_bad_cursor_is_a_field_error(client_for, flow, cursor):
    flow.registered()

    with time_machine.travel(ACT_AT, tick=False):
        response = client_for("utama_officer").get(LIST_URL, {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


def test_a_well_formed_cursor_past_the_end_is_an_empty_page(client_for, flow):
    flow.registered()
    cursor = _forged({"k": [True, "9999-12-31", None, 10**9], "r": False})

    with time_machine.travel(ACT_AT, tick=False):
        response = client_for("utama_officer").get(LIST_URL, {"cursor": cursor})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_sort_key_follows_status_and_due_date_through_transitions(client_for, flow):
    # Same due date and receipt time: the earlier id leads while both are open.
    answered = flow.awaiting_approval()
    waiting = flow.in_process()
    client = client_for("utama_officer")
    with time_machine.travel(ACT_AT, tick=False):
        before = _ids(client.get(LIST_URL).json())
    assert before.index(answered.pk) < before.index(waiting.pk)

    notice_approve(request=answered, actor=flow.signer, now=T0)

    answered.refresh_from_db()
    assert answered.status == Status.NOTIFIED
    assert answered.queue_closed is True
    assert answered.queue_due_on == answered.due_on
    with time_machine.travel(ACT_AT, tick=False):
        after = _ids(client.get(LIST_URL).json())
    assert after.index(waiting.pk) < after.index(answered.pk)  # closed ones come after


def test_no_due_date_sorts_last_within_its_group(flow):
    request = flow.registered()
    InformationRequest.objects.filter(pk=request.pk).update(due_on=None)

    request.refresh_from_db()

    assert request.queue_due_on == QUEUE_NO_DUE_DATE
    assert request.queue_closed is False
