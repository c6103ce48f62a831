"""The supervisor dashboard: hand-counted figures, drill-down links, filters, scope and queries."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.selectors.queue import request_queue
from requests_app.selectors.statistics import (
    Period,
    Scope,
    drilldown_querystring,
    figure_drilldowns,
)
from tests.factories import PublicBodyFactory
from tests.statistics.test_figures import expected
from tests.statistics.test_query_counts import populate

URL = "/pengawas/"


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def queue_count(user, url: str) -> int:
    params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    request_filter, queryset = request_queue(user=user, params=params)
    assert request_filter.is_valid(), request_filter.errors
    return queryset.count()


@pytest.fixture
def story_page(client, story, supervisor, on_story_day, three_to_rank):
    client.force_login(supervisor)
    return client.get(URL, {"kind": "year", "year": "2025"})


def test_dashboard_shows_the_hand_counted_figures_with_links_and_tables(
    story_page, body, opd, other_opd
):
    assert story_page.status_code == 200
    figures = story_page.context["figures"]
    assert figures == expected(body, opd, other_opd)
    html = story_page.content.decode()
    assert "Dinas Pendidikan dan Kebudayaan" in html
    # The league table: Dindik ranked with its Wilson interval, Dinkes listed but not ranked.
    league = story_page.context["league"]
    assert [row["unit_id"] for row in league["ranked"]] == [opd.pk]
    assert league["ranked"][0]["interval"] == "30,1% – 95,4%"
    assert [row["unit_id"] for row in league["not_ranked"]] == [other_opd.pk]
    # Every request figure links to its queue list (the selector's drill-down parameters).
    drilldowns = figure_drilldowns(
        period=Period.parse("2025"), scope=Scope.for_body(body), unit_ids=[opd.pk, other_opd.pk]
    )
    hrefs = set(links(html))
    for key, params in drilldowns.items():
        if not key.startswith("monthly."):  # month cells add their column's filter
            assert f"/petugas/?{drilldown_querystring(params)}" in hrefs, key
    # Charts come from the local Chart.js, each with its data table and caption.
    assert '<script src="/static/vendor/chartjs/chart.umd.js"></script>' in html
    assert "cdn" not in html.lower()
    canvases = re.findall(r"<canvas [^>]*>", html)
    assert len(canvases) >= 8
    assert all('role="img"' in c and "aria-label=" in c for c in canvases)
    assert html.count("<caption>") >= len(story_page.context["sections"])
    assert 'id="stats-charts" type="application/json"' in html


def test_composed_month_and_opd_links_list_exactly_their_numbers(story_page, utama_officer):
    """The month and OPD columns add a filter to the month's/OPD's drill-down: the queue must
    count the same number (as the officer of the body sees it)."""
    sections = {s["id"]: s for s in story_page.context["sections"]}
    checked = 0
    for row in sections["tren"]["rows"]:
        for c in row["cells"]:
            assert queue_count(utama_officer, c["url"]) == c["value"], (row["label"], c)
            checked += c["value"]
    league = story_page.context["league"]
    for entry in league["ranked"] + league["not_ranked"]:
        for c in entry["cells"]:
            assert queue_count(utama_officer, c["url"]) == c["value"], (entry["name"], c)
    assert checked > 10


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"kind": "quarter", "year": "2025", "quarter": "1"}, "2025-Q1"),
        ({"kind": "month", "year": "2025", "month": "3"}, "2025-03"),
        ({"kind": "custom", "start": "2025-02-04", "end": "2025-04-14"}, "2025-02-04..2025-04-14"),
    ],
)
def test_period_form_builds_the_period(client, supervisor, params, label):
    client.force_login(supervisor)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["figures"]["period"]["label"] == label


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "month", "year": "2025"}, "month", "wajib"),
        ({"kind": "year", "year": "dua ribu"}, "year", "bilangan"),
        ({"kind": "year", "year": "1850"}, "year", "2000"),
        ({"kind": "custom", "start": "2025-05-01", "end": "2025-04-01"}, "end", "sebelum"),
        ({"kind": "custom", "start": "2025-05-01"}, "end", "wajib"),
        ({"kind": "minggu", "year": "2025"}, "kind", "pilihan"),
        ({"kind": "year", "year": "2025", "channel": "merpati"}, "channel", "pilihan"),
    ],
)
def test_invalid_filter_is_a_field_error_not_a_500(client, supervisor, params, field, message):
    client.force_login(supervisor)
    response = client.get(URL, params)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]).lower()
    assert "figures" not in response.context


def test_opd_of_another_body_is_a_field_error(client, supervisor, body, regency):
    from tests.factories import UnitFactory

    kab_opd = UnitFactory(body=regency)
    client.force_login(supervisor)
    response = client.get(URL, {"body": body.pk, "unit": kab_opd.pk})
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


def test_body_supervisor_cannot_see_another_body(client, regency_supervisor, body, regency):
    client.force_login(regency_supervisor)
    assert client.get(URL, {"body": body.pk}).status_code == 404
    own = client.get(URL)
    assert own.status_code == 200
    assert own.context["figures"]["scope"]["body_ids"] == [regency.pk]


def test_provincial_supervisor_reads_its_kabupaten_and_all(
    client, supervisor, body, regency, submit
):
    submit(regency)
    submit()
    client.force_login(supervisor)
    kab = client.get(URL, {"body": regency.pk})
    assert kab.status_code == 200
    assert kab.context["figures"]["headline"]["received"] == 1
    everything = client.get(URL)
    assert everything.context["figures"]["scope"]["body_ids"] == sorted([body.pk, regency.pk])
    assert everything.context["figures"]["headline"]["received"] == 2
    # "All" drills into the queue without a body: the queue lists what the supervisor sees.
    assert "body=" not in everything.context["all_requests_url"]
    assert queue_count(supervisor, everything.context["all_requests_url"]) == 2
    assert client.get(URL, {"body": PublicBodyFactory().pk}).status_code == 404


@pytest.mark.parametrize("persona", ["utama_officer", "atasan", "supervisor"])
def test_dashboard_roles_get_the_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["opd_officer", "citizen"])
def test_other_users_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_anonymous_goes_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("requests", "units"), [(5, 2), (60, 9)])
def test_dashboard_query_count_is_bounded(
    client, supervisor, body, django_assert_max_num_queries, requests, units
):
    populate(body, requests=requests, units=units)
    client.force_login(supervisor)
    with django_assert_max_num_queries(16):
        response = client.get(URL, {"kind": "year", "year": "2025"})
    assert response.status_code == 200
    assert response.context["figures"]["headline"]["received"] == requests


def test_dashboard_query_count_does_not_grow(client, supervisor, body):
    client.force_login(supervisor)
    counts = []
    for requests, units in ((4, 2), (40, 8)):
        populate(PublicBodyFactory(parent=body), requests=requests, units=units)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"kind": "year", "year": "2025"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
