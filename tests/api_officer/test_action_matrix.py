"""Every action endpoint x every persona: the request is first brought into the state the action
needs, so a refusal can only come from visibility (404), the role (403) or authentication (401)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import time_machine

from requests_app.models import InformationRequest, Status
from requests_app.permissions import Action
from tests.api_officer.conftest import ACT_AT, LAPSED_AT, NOT_DOCUMENTED, PERSONAS, detail_url

UTAMA = frozenset({"utama_officer"})
HANDLERS = frozenset({"utama_officer", "opd_officer"})
SIGNERS = frozenset({"signer"})
# States before routing: the OPD does not see the request yet.
UNASSIGNED = frozenset({"registered", "awaiting_completion", "in_process"})


@dataclass(frozen=True)
class Case:
    action: Action
    state: str
    succeeds_for: frozenset[str]
    result: str
    payload: dict = field(default_factory=dict)
    at: object = ACT_AT


CASES = {
    "verify": Case(Action.VERIFY, "registered", UTAMA, Status.IN_PROCESS),
    "incomplete": Case(
        Action.FLAG_INCOMPLETE,
        "registered",
        UTAMA,
        Status.AWAITING_COMPLETION,
        {"missing": "Salinan KTP yang terbaca"},
    ),
    "complete": Case(Action.COMPLETE, "awaiting_completion", UTAMA, Status.REGISTERED),
    "close-incomplete": Case(
        Action.CLOSE_INCOMPLETE,
        "awaiting_completion",
        UTAMA,
        Status.CLOSED_INCOMPLETE,
        at=LAPSED_AT,
    ),
    "route": Case(Action.ROUTE, "in_process", UTAMA, Status.ROUTED, {"unit": "opd"}),
    "reroute": Case(
        Action.REROUTE,
        "routed",
        UTAMA,
        Status.ROUTED,
        {"unit": "other_opd", "reason": "Data ada di Dinkes"},
    ),
    "return": Case(Action.RETURN, "routed", HANDLERS, Status.IN_PROCESS, {"note": "Bahan DPA"}),
    "extend": Case(
        Action.EXTEND, "routed", HANDLERS, Status.EXTENDED, {"reason": "Dokumen di arsip"}
    ),
    "notice": Case(
        Action.DRAFT_NOTICE, "routed", HANDLERS, Status.AWAITING_APPROVAL, NOT_DOCUMENTED
    ),
    "revision": Case(
        Action.REQUEST_REVISION,
        "awaiting_approval",
        SIGNERS,
        Status.IN_PROCESS,
        {"note": "Lengkapi penjelasan"},
    ),
    "approve": Case(Action.APPROVE, "awaiting_approval", SIGNERS, Status.NOTIFIED),
    "payment": Case(
        Action.RECORD_PAYMENT,
        "awaiting_payment",
        HANDLERS,
        Status.AWAITING_PAYMENT,
        {"reference": "TRX-42"},
    ),
    "deliver": Case(Action.DELIVER, "paid", HANDLERS, Status.DELIVERED),
    "close": Case(Action.CLOSE, "notified_refusal", HANDLERS, Status.CLOSED),
    "withdraw": Case(
        Action.WITHDRAW, "registered", UTAMA, Status.WITHDRAWN, {"reason": "Surat pencabutan"}
    ),
    "forward": Case(
        Action.FORWARD,
        "in_process",
        UTAMA,
        Status.AWAITING_APPROVAL,
        {"target_name": "Kementerian Keuangan"},
    ),
}


def expected_status(case: Case, persona: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "citizen":
        return 403  # no staff role: the officer API is closed to citizens
    if persona in case.succeeds_for:
        return 200
    if persona == "other_opd_officer":
        return 404
    if persona == "opd_officer" and case.state in UNASSIGNED:
        return 404
    return 403


def _payload(case: Case, request) -> dict:
    # Unit references are fixture names, resolved to ids here.
    return {
        key: request.getfixturevalue(value).pk if key == "unit" else value
        for key, value in case.payload.items()
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("slug", list(CASES))
def test_action_endpoint_answers_each_persona(slug, persona, flow, client_for, request):
    case = CASES[slug]
    target = getattr(flow, case.state)()
    before = target.status
    client = client_for(persona)
    expected = expected_status(case, persona)

    with time_machine.travel(case.at, tick=False):
        offered = client.get(detail_url(target.pk))
        response = client.post(detail_url(target.pk, slug), _payload(case, request), format="json")

    assert response.status_code == expected, response.json()
    stored = InformationRequest.objects.get(pk=target.pk)
    if expected == 200:
        assert response.json()["status"]["code"] == case.result
        assert stored.status == case.result
        assert offered.json()["allowed_actions"].count(case.action) == 1
    else:
        assert set(response.json()) == {"message", "fields"}
        assert stored.status == before
        if offered.status_code == 200:
            assert case.action not in offered.json()["allowed_actions"]
        else:
            assert offered.status_code == expected


def test_every_action_endpoint_is_in_the_matrix():
    from requests_app.api.officer.urls import ACTIONS

    assert set(CASES) == set(ACTIONS)
    assert {case.action for case in CASES.values()} == set(Action) - {Action.VIEW_IDENTITY}


@pytest.fixture(autouse=True)
def _letters_without_pdf_rendering(monkeypatch):
    # The matrix is about access, not letters (tests/letters renders them); xhtml2pdf costs ~2 s
    # per approval, which the matrix repeats dozens of times.
    monkeypatch.setattr(
        "requests_app.letters.service.letter_render", lambda **kwargs: b"%PDF-1.4\n%%EOF\n"
    )
