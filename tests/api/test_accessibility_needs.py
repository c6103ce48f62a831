"""Accessibility needs of the applicant, recorded on submission through the API."""

import pytest

from requests_app.models import InformationRequest
from tests.api.conftest import SUBMIT_URL, submission_payload

pytestmark = pytest.mark.django_db


def test_accessibility_needs_are_recorded_from_the_api(api_client, body):
    payload = submission_payload(
        accessibility_needs=["braille", "sign_language"], accessibility_note="BISINDO"
    )
    response = api_client.post(SUBMIT_URL, payload, format="json")
    assert response.status_code == 201, response.json()
    stored = InformationRequest.objects.get()
    assert stored.accessibility_need_list == ["braille", "sign_language"]
    assert stored.accessibility_note == "BISINDO"


@pytest.mark.parametrize(
    ("value", "message"),
    [(["telepati"], "bukan pilihan yang tersedia"), ("braille", "Kirim daftar pilihan")],
)
def test_an_unknown_or_malformed_need_is_a_400_at_the_field(api_client, body, value, message):
    response = api_client.post(
        SUBMIT_URL, submission_payload(accessibility_needs=value), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["fields"]["accessibility_needs"]
    assert message in str(errors)
    assert not InformationRequest.objects.exists()
