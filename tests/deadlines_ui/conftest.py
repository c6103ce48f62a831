"""Moments around Idul Fitri 2025 (real `holidays` calendar) and an override with its SK."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.models import CalendarOverride, OverrideKind

JKT = ZoneInfo("Asia/Jakarta")
# Thursday 27 March 2025, 15:00 WIB: before closing, the last working day before Nyepi's cuti
# bersama (28 Mar), Idul Fitri (31 Mar-1 Apr) and its cuti bersama (2-4 and 7 Apr).
BEFORE_LEBARAN = datetime(2025, 3, 27, 15, 0, tzinfo=JKT)
# The same day at 16:30: after the 16:00 closing time, so it counts from Tuesday 8 April.
AFTER_CLOSING = datetime(2025, 3, 27, 16, 30, tzinfo=JKT)
# Saturday 12 April 2025, 10:00: a weekend, so it counts from Monday 14 April.
SATURDAY = datetime(2025, 4, 12, 10, 0, tzinfo=JKT)
SK_HUT_BANTEN = "Keputusan Gubernur Banten Nomor 800/Kep.123-Huk/2025"


@pytest.fixture
def hut_banten(body):
    """Wednesday 9 April 2025 declared a holiday for this body, with its SK."""
    return CalendarOverride.objects.create(
        body=body,
        date=date(2025, 4, 9),
        kind=OverrideKind.HOLIDAY,
        sk_reference=SK_HUT_BANTEN,
        description="Libur HUT Provinsi Banten",
    )


@pytest.fixture
def officer_api():
    """An API client authenticated by token as `user`."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def _client(user) -> APIClient:
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


@pytest.fixture
def tracked_page(client):
    """The citizen tracking page of a submitted request, opened with its token."""

    def _page(submitted) -> str:
        number = submitted.request.registration_number
        response = client.get(f"/lacak/{number}/", {"token": submitted.tracking_token}, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    return _page


@pytest.fixture
def api_client_anonymous():
    from rest_framework.test import APIClient

    return APIClient()
