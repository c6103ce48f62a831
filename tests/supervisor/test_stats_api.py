"""`GET /api/v1/stats/` (staff, scoped) and `GET /api/v1/public/stats/` (anyone, headline only)."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from requests_app.api.stats.views import PublicStatsApi
from requests_app.api.throttles import TrackingThrottle
from tests.factories import PublicBodyFactory, UnitFactory, request_input
from tests.statistics.test_figures import expected
from tests.statistics.test_query_counts import populate

URL = "/api/v1/stats/"
PUBLIC_URL = "/api/v1/public/stats/"


@pytest.fixture
def api():
    return APIClient()


def seeded_personal_values() -> list[str]:
    form = request_input()
    return [form.nik, form.phone, form.email, form.address, form.full_name]


def test_staff_api_returns_the_hand_counted_figures(
    api, story, supervisor, opd_officer, body, opd, other_opd, on_story_day, three_to_rank
):
    api.force_authenticate(supervisor)
    response = api.get(URL, {"period": "2025", "body": body.code})
    assert response.status_code == 200
    live = {**expected(body, opd, other_opd), "closed_at": None}  # the year is not closed
    assert response.json() == json.loads(json.dumps(live))
    # A Pelaksana officer reads only their OPD, even when naming the body.
    api.force_authenticate(opd_officer)
    own = api.get(URL, {"period": "2025", "body": body.code}).json()
    assert own["scope"] == {"body_ids": [body.pk], "unit_id": opd.pk, "channel": None}
    assert own["headline"]["received"] == 5  # R1, R2, R3, R6, R9
    assert api.get(URL, {"period": "2025", "unit": other_opd.pk}).status_code == 404


def test_public_api_gives_headline_figures_without_personal_data(api, story, body, on_story_day):
    response = api.get(PUBLIC_URL, {"period": "2025", "body": body.code})
    assert response.status_code == 200
    data = response.json()
    assert data["body"] == {"code": "36", "slug": "banten", "name": body.name}
    assert data["headline"]["received"] == 10
    assert data["headline"]["on_time_rate"] == 0.5714
    assert data["working_days_to_notice"]["median"] == 11
    assert set(data) == {
        "period",
        "body",
        "today",
        "headline",
        "outcomes",
        "working_days_to_notice",
        "closed_at",
    }
    assert data["closed_at"] is None
    text = response.content.decode()
    for value in seeded_personal_values():
        assert value not in text
    assert "units" not in data and "scope" not in data


def test_public_api_is_throttled_with_the_tracking_scope():
    assert PublicStatsApi.throttle_classes == [TrackingThrottle]
    assert TrackingThrottle.scope == "tracking"


def test_public_api_without_body_counts_the_installation(api, submit, body):
    submit()
    submit(PublicBodyFactory())
    data = api.get(PUBLIC_URL).json()
    assert data["body"] is None
    assert data["headline"]["received"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [({"period": "2025-13"}, "period"), ({"period": "kemarin"}, "period")],
)
def test_public_api_rejects_a_bad_period(api, db, params, field):
    response = api.get(PUBLIC_URL, params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_public_api_unknown_body_is_404(api, db):
    assert api.get(PUBLIC_URL, {"body": "nope"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2025-Q5"}, "period"),
        ({"period": "2025-02-30..2025-03-01"}, "period"),
        ({"channel": "merpati"}, "channel"),
        ({"unit": "satu"}, "unit"),
    ],
)
def test_staff_api_rejects_bad_input_with_fields(api, supervisor, params, field):
    api.force_authenticate(supervisor)
    response = api.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["fields"]
    assert body["message"]


def test_body_supervisor_cannot_read_another_body(api, regency_supervisor, body, regency):
    api.force_authenticate(regency_supervisor)
    assert api.get(URL, {"body": body.code}).status_code == 404
    assert api.get(URL, {"unit": UnitFactory(body=body).pk}).status_code == 404
    own = api.get(URL, {"body": regency.code})
    assert own.status_code == 200
    assert own.json()["scope"]["body_ids"] == [regency.pk]


def test_provincial_supervisor_reads_a_kabupaten_and_all(api, supervisor, body, regency, submit):
    submit(regency)
    api.force_authenticate(supervisor)
    kab = api.get(URL, {"body": regency.code}).json()
    assert kab["headline"]["received"] == 1
    everything = api.get(URL).json()
    assert everything["scope"]["body_ids"] == sorted([body.pk, regency.pk])


def test_citizens_and_anonymous_are_refused(api, citizen):
    assert api.get(URL).status_code in (401, 403)
    api.force_authenticate(citizen)
    assert api.get(URL).status_code == 403


@pytest.mark.parametrize(("requests", "units"), [(5, 2), (50, 8)])
def test_stats_api_query_count_is_bounded(
    api, supervisor, body, django_assert_max_num_queries, requests, units
):
    populate(body, requests=requests, units=units)
    api.force_authenticate(supervisor)
    # 10, plus the look-up of a closed year's snapshot (a whole year of one body).
    with django_assert_max_num_queries(11):
        response = api.get(URL, {"period": "2025"})
    assert response.json()["headline"]["received"] == requests
