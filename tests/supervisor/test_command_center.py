"""The provincial command center: every body side by side and the overdue list across bodies."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.selectors.statistics import Period, figures_for_bodies
from tests.factories import PublicBodyFactory
from tests.statistics.conftest import at
from tests.statistics.test_query_counts import populate

URL = "/pengawas/komando/"


@pytest.fixture
def two_bodies(body, regency, submit, utama_officer):
    """Province: one request received 3 Mar 2025 (due 17 Mar). Kabupaten: two received 3 Feb
    (due 17 Feb) and 3 Mar. All unanswered: overdue on 15 Apr, the kabupaten's first the most."""
    province_late = submit(now=at(date(2025, 3, 3))).request
    kab_first = submit(regency, now=at(date(2025, 2, 3))).request
    kab_second = submit(regency, now=at(date(2025, 3, 3))).request
    return province_late, kab_first, kab_second


def test_bodies_side_by_side_and_overdue_list(client, supervisor, body, regency, two_bodies):
    client.force_login(supervisor)
    with time_machine.travel(at(date(2025, 4, 15), 10), tick=False):
        response = client.get(URL, {"kind": "year", "year": "2025"})
        expected = figures_for_bodies(period=Period.parse("2025"), body_ids=[body.pk, regency.pk])
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["body"] for row in rows] == [body, regency]
    assert [row["cells"][0]["value"] for row in rows] == [1, 2]
    assert (
        [row["cells"][4]["value"] for row in rows]
        == [
            expected["bodies"][0]["overdue"],
            expected["bodies"][1]["overdue"],
        ]
        == [1, 2]
    )
    assert response.context["total"]["cells"][0]["value"] == 3
    # Received links drill into each body's queue for the period.
    assert rows[1]["cells"][0]["url"] == (
        f"/petugas/?received_from=2025-01-01&received_to=2025-12-31&body={regency.pk}"
    )
    province_late, kab_first, kab_second = two_bodies
    overdue = list(response.context["page"].object_list)
    assert overdue[0] == kab_first  # due 17 Feb: the most overdue first
    assert set(overdue) == {province_late, kab_first, kab_second}
    html = response.content.decode()
    assert f'href="/petugas/permohonan/{kab_first.pk}/"' in html


def test_overdue_list_is_paginated(client, supervisor, regency, submit, settings):
    for _ in range(27):
        submit(regency, now=at(date(2025, 2, 3)))
    client.force_login(supervisor)
    with time_machine.travel(at(date(2025, 4, 15), 10), tick=False):
        second = client.get(URL, {"page": 2})
    assert second.context["page"].paginator.count == 27
    assert len(second.context["page"].object_list) == 2


@pytest.mark.parametrize("persona", ["regency_supervisor", "utama_officer", "atasan", "citizen"])
def test_only_provincial_supervisors_get_the_command_center(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_invalid_period_is_a_field_error(client, supervisor):
    client.force_login(supervisor)
    response = client.get(URL, {"kind": "quarter", "year": "2025", "quarter": "5"})
    assert response.status_code == 400
    assert "quarter" in response.context["form"].errors


def test_command_center_queries_do_not_grow_with_bodies_and_requests(
    client, supervisor, body, django_assert_max_num_queries
):
    client.force_login(supervisor)
    counts = []
    for requests, units in ((3, 1), (30, 4)):
        for _ in range(2):
            populate(PublicBodyFactory(parent=body), requests=requests, units=units)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"kind": "year", "year": "2025"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(10):
        client.get(URL, {"kind": "year", "year": "2025"})


def test_each_body_shows_the_dashboard_figures_side_by_side(
    client, supervisor, body, story, on_story_day
):
    """The hand-counted story (tests/statistics/test_figures.py) in the command center: the same
    on-time rate, days to the notice, outcomes, objections and extensions as the dashboard."""
    client.force_login(supervisor)
    response = client.get(URL, {"kind": "year", "year": "2025"})

    assert response.status_code == 200
    columns = response.context["headline_columns"]
    details = response.context["detail_columns"]
    [row] = response.context["rows"]
    headline = dict(zip(columns, row["cells"], strict=True))
    detail = dict(zip(details, row["detail_cells"], strict=True))
    assert headline["Persentase tepat waktu"]["display"] == "57,1%"
    assert headline["Diperpanjang"]["value"] == 1
    assert headline["Tepat waktu dengan perpanjangan (batas 17 HK)"]["value"] == 1
    assert detail["Rata-rata HK sampai pemberitahuan"]["display"] == "9,20"
    assert detail["Median HK sampai pemberitahuan"]["value"] == 11
    assert detail["Dikabulkan seluruhnya"]["value"] == 2
    assert detail["Dikabulkan seluruhnya"]["url"] == (
        "/petugas/?received_from=2025-01-01&received_to=2025-12-31"
        f"&body={body.pk}&outcome=dikabulkan_seluruhnya"
    )
    assert detail["Dicabut"]["value"] == 1
    assert detail["Keberatan"]["value"] == 3
    assert detail["Tanggapan atasan PPID tepat waktu"]["display"] == "50,0%"
    total = dict(zip(details, response.context["total"]["detail_cells"], strict=True))
    assert (
        total["Keberatan"]["value"] == 3 and total["Median HK sampai pemberitahuan"]["value"] == 11
    )
    chart = response.context["charts"]["tepat-waktu-badan"]
    assert chart["labels"] == [body.name] and chart["datasets"][0]["data"] == [57.1]
    html = response.content.decode()
    assert 'id="command-detail"' in html and "Median HK sampai pemberitahuan" in html
    assert 'data-chart="tepat-waktu-badan"' in html
