"""Objection tests on the real 2025 calendar: requests are brought to each state by the services,
and web/API clients act as each persona."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from requests_app.models import InformationRequest, Membership, Outcome, Role
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.objections import ObjectionInput, objection_file, objection_review
from requests_app.services.workflow import request_deliver, request_route, request_verify
from tests.factories import UserFactory

JKT = ZoneInfo("Asia/Jakarta")
# Monday 24 March 2025, 09:00 WIB: the notice is due Wednesday 16 April 2025.
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
ACT_AT = datetime(2025, 3, 25, 10, 0, tzinfo=JKT)
# The Monday after the missed deadline: ground c is open.
AFTER_DUE = datetime(2025, 4, 21, 10, 0, tzinfo=JKT)
GRANTED = {
    "outcome": Outcome.GRANTED_FULLY,
    "material_description": "Salinan DPA 2025",
    "copy_format": "softcopy",
    "provision_days": 2,
}
PERSONAS = (
    "utama_officer",
    "opd_officer",
    "other_opd_officer",
    "signer",
    "atasan",
    "supervisor",
    "citizen",
    "anonymous",
)


class Flow:
    """Requests and objections in a given state, moved there by the real services."""

    def __init__(self, submit, utama, opd_officer, signer, opd):
        self.submit, self.utama, self.opd_officer = submit, utama, opd_officer
        self.signer, self.opd = signer, opd

    def routed(self, unit=None, **overrides) -> tuple[InformationRequest, str]:
        result = self.submit(now=T0, **overrides)
        request = request_verify(request=result.request, actor=self.utama, now=T0)
        request = request_route(request=request, actor=self.utama, unit=unit or self.opd, now=T0)
        return request, result.tracking_token

    def notified(self, *, at=ACT_AT, **notice) -> tuple[InformationRequest, str]:
        request, token = self.routed()
        data = NoticeInput(**(notice or GRANTED))
        notice_draft(request=request, actor=self.opd_officer, data=data, now=at)
        request = InformationRequest.objects.get(pk=request.pk)
        return notice_approve(request=request, actor=self.signer, now=at), token

    def delivered(self, *, at=ACT_AT, handover_on=None) -> tuple[InformationRequest, str]:
        request, token = self.notified(at=at)
        delivered = request_deliver(
            request=request, actor=self.opd_officer, handover_on=handover_on, now=at
        )
        return delivered, token

    def objection(self, grounds=("c",), *, unit=None, facts="Tidak ditanggapi", at=AFTER_DUE):
        request, token = self.routed(unit=unit)
        return objection_file(
            request=request, token=token, data=ObjectionInput(list(grounds), facts), now=at
        )

    def under_review(self, atasan, grounds=("c",), **kwargs):
        objection = self.objection(grounds, **kwargs)
        return objection_review(objection=objection, actor=atasan, now=kwargs.get("at", AFTER_DUE))


@pytest.fixture
def flow(submit, utama_officer, opd_officer, signer, opd):
    return Flow(submit, utama_officer, opd_officer, signer, opd)


@pytest.fixture
def clock():
    """Freeze time at a moment (default: after the due date)."""
    travellers = []

    def _at(moment=AFTER_DUE):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield _at
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def persona(request):
    def _get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return _get


@pytest.fixture
def web_client_for(client, persona):
    def _client(name):
        user = persona(name)
        if user is not None:
            client.force_login(user)
        return client

    return _client


@pytest.fixture
def api_client_for(persona):
    def _client(name) -> APIClient:
        api = APIClient()
        user = persona(name) if isinstance(name, str) else name
        if user is None:
            return api
        token, _created = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return _client


@pytest.fixture
def opd_atasan(body, opd):
    """The atasan PPID configured for the Dinas Pendidikan only (F6)."""
    user = UserFactory(username="atasan-dindik", first_name="Kepala", last_name="Dindik")
    Membership.objects.create(
        user=user, body=body, unit=opd, role=Role.ATASAN, position="Kepala Dinas Pendidikan"
    )
    return user
