from __future__ import annotations

import pytest
import time_machine

from requests_app.lifecycle import record_event
from requests_app.models import RequestEvent, Status
from tests.api_officer.conftest import ACT_AT, detail_url
from tests.factories import VALID_NIK

# Measured on SQLite: token, memberships, request (+ body, unit, notice, forwarding), events,
# documents, fee lines, the messages about the request (`notifications`); plus the body's calendar
# when the process cache has expired.
DETAIL_QUERIES = 8


def _get(client, pk, action=""):
    with time_machine.travel(ACT_AT, tick=False):
        return client.get(detail_url(pk, action))


def test_detail_is_the_full_record_with_the_nik_masked(client_for, flow):
    request = flow.registered()

    response = _get(client_for("utama_officer"), request.pk)

    assert response.status_code == 200
    data = response.json()
    assert data["nik_masked"] == "************0001"
    assert VALID_NIK not in response.content.decode()
    assert data["body"]["code"] == "36"
    assert data["applicant_type"] == {"code": "perorangan", "label": "Perorangan"}
    assert data["information_requested"] == "Salinan DPA Dinas Pendidikan tahun anggaran 2025"
    assert data["purpose"] == "Penelitian anggaran pendidikan"
    assert data["email"] == "siti@example.org"
    assert data["access_method"]["code"] == "salinan"
    assert data["due_date"] == "2025-04-16"
    assert data["working_days_left"] == 9
    assert data["notice"] is None
    assert [event["code"] for event in data["timeline"]] == ["request.submitted"]
    assert "no-store" in response["Cache-Control"]


def test_allowed_actions_follow_role_and_state(client_for, flow):
    registered = flow.registered()
    routed = flow.routed()

    utama_registered = _get(client_for("utama_officer"), registered.pk).json()
    utama_routed = _get(client_for("utama_officer"), routed.pk).json()
    opd_routed = _get(client_for("opd_officer"), routed.pk).json()
    signer_routed = _get(client_for("signer"), routed.pk).json()
    supervisor_routed = _get(client_for("supervisor"), routed.pk).json()

    assert utama_registered["allowed_actions"] == [
        "flag_incomplete",
        "verify",
        "view_identity",
        "withdraw",
    ]
    assert utama_routed["allowed_actions"] == [
        "draft_notice",
        "extend",
        "forward",
        "reroute",
        "return",
        "view_identity",
        "withdraw",
    ]
    assert opd_routed["allowed_actions"] == [
        "draft_notice",
        "extend",
        "return",
        "view_identity",
    ]
    assert signer_routed["allowed_actions"] == ["view_identity"]
    assert supervisor_routed["allowed_actions"] == []


def test_notice_with_fee_lines_and_letters_are_in_the_record(client_for, flow):
    request = flow.awaiting_payment()

    data = _get(client_for("opd_officer"), request.pk).json()

    assert data["status"]["code"] == Status.AWAITING_PAYMENT
    assert data["outcome"]["code"] == "dikabulkan_seluruhnya"
    notice = data["notice"]
    assert notice["state"]["code"] == "approved"
    assert notice["fee_total"] == 6000
    assert notice["fee_lines"] == [
        {
            "kind": {"code": "penggandaan", "label": "Penggandaan"},
            "description": "Penggandaan 12 lembar",
            "quantity": 12,
            "unit_price": 500,
            "amount": 6000,
        }
    ]
    assert notice["signer_name"]
    assert [doc["kind"]["code"] for doc in data["documents"]] == ["notice"]
    assert data["documents"][0]["filename"].endswith(".pdf")
    download = data["documents"][0]["download_url"]
    assert download == f"http://testserver/dokumen/{data['documents'][0]['id']}/unduh/"
    assert data["allowed_actions"] == ["record_payment", "view_identity"]
    assert "request.notice.approved" in [event["code"] for event in data["timeline"]]


def test_other_opd_gets_404_for_detail_and_identity(client_for, flow):
    request = flow.routed()
    client = client_for("other_opd_officer")

    detail = _get(client, request.pk)
    identity = _get(client, request.pk, "identity")

    assert detail.status_code == identity.status_code == 404
    assert detail.json() == {"message": "Permohonan tidak ditemukan.", "fields": {}}
    assert not RequestEvent.objects.filter(code="request.identity.viewed").exists()


def test_unknown_request_is_404(client_for, body):
    assert _get(client_for("utama_officer"), 999_999).status_code == 404


def test_handling_officer_opens_the_nik_and_the_look_up_is_logged(client_for, flow, opd_officer):
    request = flow.routed()

    response = _get(client_for("opd_officer"), request.pk, "identity")

    assert response.status_code == 200
    assert response.json()["nik"] == VALID_NIK
    assert "no-store" in response["Cache-Control"]
    event = RequestEvent.objects.filter(request=request).latest("id")
    assert event.code == "request.identity.viewed"
    assert event.actor == opd_officer
    assert VALID_NIK not in f"{event.note}{event.data}"


@pytest.mark.parametrize("persona, expected", [("supervisor", 403), ("atasan", 403)])
def test_roles_without_identity_access_are_refused_and_nothing_is_logged(
    client_for, flow, persona, expected
):
    request = flow.routed()

    response = _get(client_for(persona), request.pk, "identity")

    assert response.status_code == expected
    assert not RequestEvent.objects.filter(code="request.identity.viewed").exists()


def test_detail_query_count_does_not_grow_with_events(
    client_for, flow, django_assert_max_num_queries
):
    request = flow.awaiting_payment()
    for index in range(30):
        record_event(request=request, code="request.note", note=f"Catatan {index}")
    client = client_for("utama_officer")

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = _get(client, request.pk)

    assert len(response.json()["timeline"]) > 30


def test_document_download_url_serves_the_letter_to_a_logged_in_officer(
    client, client_for, flow, opd_officer
):
    request = flow.notified_refusal()
    document = _get(client_for("opd_officer"), request.pk).json()["documents"][0]
    client.force_login(opd_officer)

    response = client.get(document["download_url"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
