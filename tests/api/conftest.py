import dataclasses

import pytest
from rest_framework.test import APIClient

from tests.factories import request_input

SUBMIT_URL = "/api/v1/requests/"


@pytest.fixture
def api_client():
    return APIClient()


def submission_payload(body_key: str = "banten", **overrides) -> dict:
    """A valid JSON submission: the factory's statutory form plus the body key."""
    values = dataclasses.asdict(request_input())
    for name in ("identity_document", "power_of_attorney", "extra"):
        values.pop(name)
    values = {
        name: value if isinstance(value, list) else str(value) for name, value in values.items()
    }
    values["body"] = body_key
    values.update(overrides)
    return values


def track_url(registration_number: str) -> str:
    return f"/api/v1/track/{registration_number}/"
