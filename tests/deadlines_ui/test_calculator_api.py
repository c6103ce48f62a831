"""`GET /api/v1/calculator/`: the calculator's JSON, its 400s and its throttle."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.deadlines_ui.conftest import SK_HUT_BANTEN

URL = "/api/v1/calculator/"


@pytest.fixture
def api():
    return APIClient()


def test_idul_fitri_receipt_is_explained_day_by_day(api, body):
    response = api.get(URL, {"body": "banten", "received_at": "2025-03-27T15:00:00+07:00"})
    data = response.json()

    assert response.status_code == 200
    assert data["effective_received_on"] == "2025-03-27" and data["receipt_shift"] is None
    assert (data["notice_due"], data["extended_due"]) == ("2025-04-22", "2025-05-02")
    assert data["notice"]["counted"][:4] == ["2025-04-08", "2025-04-09", "2025-04-10", "2025-04-11"]
    skipped = {day["day"]: day for day in data["notice"]["skipped"]}
    assert skipped["2025-03-31"]["kind"] == "public_holiday"
    assert skipped["2025-03-31"]["reason"] == "Hari Raya Idul Fitri"
    assert skipped["2025-04-07"]["kind"] == "cuti_bersama"
    assert len(data["extension"]["counted"]) == 7


def test_time_without_offset_is_read_in_the_bodys_time_zone_after_closing(api, body):
    data = api.get(URL, {"body": "36", "received_at": "2025-03-27T16:30"}).json()

    assert data["received_at"] == "2025-03-27T16:30:00+07:00"
    assert data["effective_received_on"] == "2025-04-08"
    assert data["receipt_shift"]["reason"] == "after_closing"
    assert data["receipt_shift"]["closing_time"] == "16:00"
    assert "2025-03-31" in [day["day"] for day in data["receipt_shift"]["days_off_between"]]


def test_utc_input_is_converted_before_the_closing_time_check(api, body):
    # 09:30 UTC is 16:30 WIB: after closing although "09:30" looks like the morning.
    data = api.get(URL, {"body": "banten", "received_at": "2025-04-14T09:30:00Z"}).json()

    assert data["effective_received_on"] == "2025-04-15"


def test_weekend_receipt_names_the_day_off(api, body):
    data = api.get(URL, {"body": "banten", "received_at": "2025-04-12T10:00"}).json()

    assert data["receipt_shift"]["reason"] == "non_working_day"
    assert data["effective_received_on"] == "2025-04-14"
    assert data["notice_due"] == "2025-04-29"


def test_override_carries_its_sk_reference(api, body, hut_banten):
    data = api.get(URL, {"body": "banten", "received_at": "2025-04-08T09:00"}).json()

    override = next(d for d in data["notice"]["skipped"] if d["day"] == "2025-04-09")
    assert override["kind"] == "override_holiday"
    assert override["sk_reference"] == SK_HUT_BANTEN
    assert data["notice_due"] == "2025-04-24"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"body": "banten", "received_at": "1800-01-02T09:00"}, "received_at", "di luar kalender"),
        ({"body": "banten", "received_at": "2200-01-02T09:00"}, "received_at", "di luar kalender"),
        ({"body": "banten", "received_at": "2025-13-01T09:00"}, "received_at", "ISO 8601"),
        ({"body": "banten", "received_at": "kemarin sore"}, "received_at", "ISO 8601"),
        ({"body": "tidak-ada", "received_at": "2025-04-08T09:00"}, "body", "tidak ditemukan"),
        ({"received_at": "2025-04-08T09:00"}, "body", "Wajib diisi"),
        ({"body": "banten"}, "received_at", "Wajib diisi"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, body, params, field, message):
    response = api.get(URL, params)

    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"message", "fields"}
    assert message in " ".join(data["fields"][field])


def test_calculator_uses_the_tracking_throttle(api, body, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "tracking": "2/hour",
        },
    }
    params = {"body": "banten", "received_at": "2025-04-08T09:00"}

    statuses = [api.get(URL, params).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
