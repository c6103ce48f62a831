"""Personas beyond tests/conftest.py for the statistics pages, and the hand-counted story of
`tests/statistics/conftest.py` (reused: its expected figures are in `test_figures.py`)."""

from __future__ import annotations

import pytest
import time_machine

from requests_app.models import Role
from tests.factories import MembershipFactory, PublicBodyFactory, UserFactory
from tests.statistics.conftest import TODAY, at, story  # noqa: F401  (the fixture)


@pytest.fixture
def on_story_day():
    """The story's figures are counted on 15 April 2025 (overdue, never answered)."""
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def three_to_rank(settings):
    settings.STATS_MIN_REQUESTS = 3


@pytest.fixture
def regency(body):
    """A kabupaten of the province `body`."""
    return PublicBodyFactory(
        code="3602", slug="lebak", name="Pemerintah Kabupaten Lebak", kind="regency", parent=body
    )


@pytest.fixture
def regency_supervisor(regency):
    user = UserFactory(username="pengawas-lebak")
    MembershipFactory(user=user, body=regency, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def regency_utama(regency):
    user = UserFactory(username="utama-lebak")
    MembershipFactory(user=user, body=regency, role=Role.UTAMA_OFFICER)
    return user
