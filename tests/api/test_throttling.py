import pytest

from tests.api.conftest import SUBMIT_URL, submission_payload, track_url


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"submission": "2/hour", "tracking": "3/min"},
    }


@pytest.mark.django_db
def test_submissions_over_the_rate_get_429_in_indonesian(api_client, body, tight_rates):
    statuses = [
        api_client.post(SUBMIT_URL, submission_payload(), format="json").status_code
        for _ in range(3)
    ]
    refused = api_client.post(SUBMIT_URL, submission_payload(), format="json")

    assert statuses == [201, 201, 429]
    assert refused.status_code == 429
    assert refused.json()["fields"] == {}
    assert refused.json()["message"].startswith("Terlalu banyak permintaan. Coba lagi dalam ")
    assert int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_tracking_guesses_are_throttled(api_client, body, tight_rates):
    statuses = [
        api_client.get(track_url("0001/PPID/BANTEN/2025"), {"token": f"tebakan-{n}"}).status_code
        for n in range(4)
    ]

    assert statuses == [404, 404, 404, 429]


@pytest.mark.django_db
def test_submission_and_tracking_are_counted_separately(api_client, body, tight_rates):
    for n in range(3):
        api_client.get(track_url("0001/PPID/BANTEN/2025"), {"token": f"tebakan-{n}"})

    response = api_client.post(SUBMIT_URL, submission_payload(), format="json")

    assert response.status_code == 201
