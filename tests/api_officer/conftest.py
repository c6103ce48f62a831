"""Clients per persona and requests brought into each state through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from requests_app.models import InformationRequest, Outcome, Tariff
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import (
    request_flag_incomplete,
    request_record_payment,
    request_route,
    request_verify,
)

JKT = ZoneInfo("Asia/Jakarta")
# Monday 24 March 2025, 09:00 WIB: the notice is due Wednesday 16 April 2025.
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)
# When the API calls happen: the next working day, well before the due date.
ACT_AT = datetime(2025, 3, 25, 10, 0, tzinfo=JKT)
# After the 3-HK completion window of a request flagged incomplete at T0 (due 27 March).
LAPSED_AT = datetime(2025, 4, 9, 10, 0, tzinfo=JKT)

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
NOT_DOCUMENTED = {"outcome": Outcome.NOT_YET_DOCUMENTED, "explanation": "Arsip belum dipindai."}


def detail_url(pk: int, action: str = "") -> str:
    return f"/api/v1/requests/{pk}/{action + '/' if action else ''}"


@pytest.fixture
def client_for(request):
    """An API client authenticated by token as the named persona (or a user); none for
    "anonymous"."""

    def _client(persona) -> APIClient:
        client = APIClient()
        if persona == "anonymous" or persona is None:
            return client
        user = request.getfixturevalue(persona) if isinstance(persona, str) else persona
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


@dataclass
class Flow:
    """Requests of `body` in a given state, moved there by the same services the API calls."""

    submit: object
    utama: object
    opd_officer: object
    signer: object
    opd: object
    body: object

    def registered(self, **overrides) -> InformationRequest:
        return self.submit(now=T0, **overrides).request

    def awaiting_completion(self) -> InformationRequest:
        return request_flag_incomplete(
            request=self.registered(), actor=self.utama, missing="Salinan KTP", now=T0
        )

    def in_process(self, **overrides) -> InformationRequest:
        return request_verify(request=self.registered(**overrides), actor=self.utama, now=T0)

    def routed(self, **overrides) -> InformationRequest:
        request = self.in_process(**overrides)
        return request_route(request=request, actor=self.utama, unit=self.opd, now=T0)

    def awaiting_approval(self, **notice) -> InformationRequest:
        request = self.routed()
        data = NoticeInput(**(notice or NOT_DOCUMENTED))
        notice_draft(request=request, actor=self.opd_officer, data=data, now=T0)
        return InformationRequest.objects.get(pk=request.pk)

    def notified(self, **notice) -> InformationRequest:
        request = self.awaiting_approval(**notice)
        return notice_approve(request=request, actor=self.signer, now=T0)

    def awaiting_payment(self) -> InformationRequest:
        Tariff.objects.get_or_create(
            body=self.body,
            effective_from=date(2025, 1, 1),
            defaults={"sk_reference": "SK/TARIF/2025", "copy_per_page": 500},
        )
        return self.notified(
            outcome=Outcome.GRANTED_FULLY,
            material_description="DPA Dinas Pendidikan 2025",
            provision_days=3,
            copy_format="hardcopy",
            pages=12,
        )

    def paid(self) -> InformationRequest:
        return request_record_payment(
            request=self.awaiting_payment(), actor=self.utama, reference="TRX-001", now=T0
        )

    def notified_refusal(self) -> InformationRequest:
        return self.notified(outcome=Outcome.NOT_HELD, holding_body_name="Kementerian Keuangan")


@pytest.fixture
def flow(submit, utama_officer, opd_officer, signer, opd, body):
    return Flow(submit, utama_officer, opd_officer, signer, opd, body)
