"""Refusals and bad input: 409 naming the state, 400 with field errors, never a 500."""

from __future__ import annotations

import pytest
import time_machine
import yaml
from django.core.management import call_command

from requests_app.models import InformationRequest, Status
from tests.api_officer.conftest import ACT_AT, detail_url
from tests.factories import UnitFactory


def _post(client, pk, action, payload, **kwargs):
    with time_machine.travel(ACT_AT, tick=False):
        return client.post(detail_url(pk, action), payload, **kwargs)


@pytest.mark.parametrize(
    "state, persona, action, payload, status_label",
    [
        ("registered", "utama_officer", "route", {"unit": "opd"}, "Terdaftar"),
        ("in_process", "signer", "approve", {}, "Diproses"),
        ("in_process", "utama_officer", "return", {"note": "x"}, "Diproses"),
        ("routed", "utama_officer", "payment", {"reference": "T-1"}, "Diteruskan ke PPID"),
        ("notified_refusal", "utama_officer", "withdraw", {"reason": "x"}, "Pemberitahuan"),
        ("registered", "utama_officer", "complete", {}, "Terdaftar"),
    ],
)
def test_illegal_transition_is_409_naming_the_current_state(
    client_for, flow, request, state, persona, action, payload, status_label
):
    target = getattr(flow, state)()
    if "unit" in payload:
        payload = {"unit": request.getfixturevalue(payload["unit"]).pk}

    response = _post(client_for(persona), target.pk, action, payload, format="json")

    assert response.status_code == 409
    assert status_label in response.json()["message"]
    assert response.json()["fields"] == {}
    assert InformationRequest.objects.get(pk=target.pk).status == target.status


def test_verifying_a_routed_request_is_409(client_for, flow):
    target = flow.routed()

    response = _post(client_for("utama_officer"), target.pk, "verify", {}, format="json")

    assert response.status_code == 409


def test_second_extension_is_refused(client_for, flow):
    target = flow.routed()
    client = client_for("opd_officer")

    first = _post(client, target.pk, "extend", {"reason": "Arsip"}, format="json")
    second = _post(client, target.pk, "extend", {"reason": "Lagi"}, format="json")

    assert first.status_code == 200
    assert "extend" not in first.json()["allowed_actions"]
    assert second.status_code in (400, 409)
    assert InformationRequest.objects.get(pk=target.pk).extension_reason == "Arsip"


def test_closing_before_the_completion_window_lapsed_is_refused(client_for, flow):
    target = flow.awaiting_completion()

    response = _post(client_for("utama_officer"), target.pk, "close-incomplete", {})

    assert response.status_code == 400
    assert "belum lewat" in response.json()["message"]


def _refs(request) -> dict:
    body = request.getfixturevalue("body")
    return {
        "opd": request.getfixturevalue("opd").pk,
        "other_opd": request.getfixturevalue("other_opd").pk,
        "utama_unit": request.getfixturevalue("utama_unit").pk,
        "foreign_unit": UnitFactory().pk,
        "body": body.pk,
    }


GRANTED = "dikabulkan_seluruhnya"
JUNK = [
    # (state, action, payload, field); payload values "@name" are ids from `_refs`.
    ("in_process", "route", {}, "unit"),
    ("in_process", "route", {"unit": "abc"}, "unit"),
    ("in_process", "route", {"unit": "999999"}, "unit"),
    ("in_process", "route", {"unit": 999999}, "unit"),
    ("in_process", "route", {"unit": True}, "unit"),
    ("in_process", "route", {"unit": [1]}, "unit"),
    ("in_process", "route", {"unit": None}, "unit"),
    ("in_process", "route", {"unit": "@foreign_unit"}, "unit"),
    ("in_process", "route", {"unit": "@utama_unit"}, "unit"),
    ("in_process", "route", {"unit": "@opd", "note": 12}, "note"),
    ("routed", "reroute", {"unit": "@other_opd", "reason": ""}, "reason"),
    ("routed", "reroute", {"unit": "@opd", "reason": "Salah OPD"}, "unit"),
    ("routed", "extend", {}, "reason"),
    ("routed", "extend", {"reason": 123}, "reason"),
    ("routed", "extend", {"reason": ["a"]}, "reason"),
    ("routed", "extend", {"reason": {"a": 1}}, "reason"),
    ("routed", "extend", {"reason": "x" * 3001}, "reason"),
    ("routed", "extend", {"reason": "   "}, "reason"),
    ("routed", "return", {"note": None}, "note"),
    ("registered", "incomplete", {"missing": False}, "missing"),
    ("registered", "withdraw", {}, "reason"),
    ("routed", "notice", {}, "outcome"),
    ("routed", "notice", {"outcome": "bogus"}, "outcome"),
    ("routed", "notice", {"outcome": GRANTED}, "material_description"),
    ("routed", "notice", {"outcome": GRANTED}, "provision_days"),
    ("routed", "notice", {"outcome": GRANTED, "pages": "abc"}, "pages"),
    ("routed", "notice", {"outcome": GRANTED, "pages": -1}, "pages"),
    ("routed", "notice", {"outcome": GRANTED, "pages": 10**12}, "pages"),
    ("routed", "notice", {"outcome": GRANTED, "pages": 1.5}, "pages"),
    ("routed", "notice", {"outcome": GRANTED, "provision_days": "tiga"}, "provision_days"),
    ("routed", "notice", {"outcome": GRANTED, "delivery_fee": "1e9"}, "delivery_fee"),
    ("routed", "notice", {"outcome": GRANTED, "copy_format": "papirus"}, "copy_format"),
    ("routed", "notice", {"outcome": "ditolak_dikecualikan"}, "exemption_letter"),
    (
        "routed",
        "notice",
        {"outcome": "ditolak_dikecualikan", "exemption_letter": "z"},
        "exemption_letter",
    ),
    (
        "routed",
        "notice",
        {"outcome": "ditolak_dikecualikan", "exemption_letter": "h"},
        "consequence_test",
    ),
    (
        "routed",
        "notice",
        {"outcome": "ditolak_dikecualikan", "consequence_test": 999999},
        "consequence_test",
    ),
    (
        "routed",
        "notice",
        {"outcome": "ditolak_dikecualikan", "exemption_subitem": "x"},
        "exemption_subitem",
    ),
    ("routed", "notice", {"outcome": "sudah_tersedia", "dip_item": "x"}, "dip_item"),
    ("routed", "notice", {"outcome": "sudah_tersedia"}, "dip_item"),
    ("routed", "notice", {"outcome": "tidak_dikuasai", "holding_body": 999999}, "holding_body"),
    (
        "routed",
        "notice",
        {"outcome": "tidak_dikuasai", "holding_body_unknown": "mungkin"},
        "holding_body_unknown",
    ),
    ("routed", "notice", {"outcome": "tidak_dikuasai"}, "holding_body_name"),
    ("routed", "notice", {"outcome": "belum_didokumentasikan", "explanation": 7}, "explanation"),
    ("routed", "notice", {"outcome": "belum_didokumentasikan"}, "explanation"),
    ("awaiting_approval", "revision", {}, "note"),
    ("awaiting_payment", "payment", {"reference": 5}, "reference"),
    ("awaiting_payment", "payment", {"reference": "x" * 201}, "reference"),
    ("paid", "deliver", {"handover_on": "besok"}, "handover_on"),
    ("paid", "deliver", {"handover_on": 20250325}, "handover_on"),
    ("paid", "deliver", {"handover_on": "2030-01-01"}, "handover_on"),
    ("paid", "deliver", {"link": "bukan tautan"}, "link"),
    ("in_process", "forward", {}, "target_name"),
    ("in_process", "forward", {"target_body": "abc"}, "target_body"),
    ("in_process", "forward", {"target_body": 999999}, "target_body"),
    ("in_process", "forward", {"target_body": "@body"}, "target_body"),
]
SIGNER_ACTIONS = {"revision", "approve"}


@pytest.mark.parametrize("state, action, payload, field", JUNK)
def test_bad_input_is_400_with_a_field_error(
    client_for, flow, request, state, action, payload, field
):
    target = getattr(flow, state)()
    refs = _refs(request)
    payload = {
        key: refs[value[1:]] if isinstance(value, str) and value.startswith("@") else value
        for key, value in payload.items()
    }
    persona = "signer" if action in SIGNER_ACTIONS else "utama_officer"

    response = _post(client_for(persona), target.pk, action, payload, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert all(isinstance(m, str) for m in response.json()["fields"][field])
    assert InformationRequest.objects.get(pk=target.pk).status == target.status


def test_a_json_list_instead_of_an_object_is_400(client_for, flow):
    target = flow.in_process()

    response = _post(client_for("utama_officer"), target.pk, "route", [1, 2], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()["fields"]


def test_malformed_json_is_400(client_for, flow):
    target = flow.registered()

    response = _post(
        client_for("utama_officer"),
        target.pk,
        "withdraw",
        '{"reason": ',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {}


def test_form_encoded_strings_for_ids_are_accepted(client_for, flow, opd):
    target = flow.in_process()

    response = _post(client_for("utama_officer"), target.pk, "route", {"unit": str(opd.pk)})

    assert response.status_code == 200
    assert response.json()["assigned_unit"]["id"] == opd.pk


def test_role_is_checked_before_the_body(client_for, flow):
    target = flow.routed()

    response = _post(client_for("supervisor"), target.pk, "extend", {"reason": 5}, format="json")

    assert response.status_code == 403
    assert response.json()["fields"] == {}


def test_forward_to_a_body_on_this_installation_links_a_new_request(client_for, flow, submit):
    from tests.factories import PublicBodyFactory

    other = PublicBodyFactory(kind="regency")
    target = flow.in_process()

    response = _post(
        client_for("utama_officer"), target.pk, "forward", {"target_body": other.pk}, format="json"
    )

    assert response.status_code == 200
    data = response.json()
    assert data["status"]["code"] == Status.AWAITING_APPROVAL
    assert data["notice"]["outcome"]["code"] == "tidak_dikuasai"
    assert data["notice"]["holding_body"]["id"] == other.pk
    assert data["forwarded_to"]["registration_number"]
    assert InformationRequest.objects.filter(body=other, forwarded_from=target).exists()


def test_schema_documents_the_officer_endpoints_without_warnings(tmp_path):
    output = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(output))

    paths = yaml.safe_load(output.read_text())["paths"]
    assert set(paths["/api/v1/requests/"]) >= {"get", "post"}
    route = paths["/api/v1/requests/{id}/route/"]["post"]
    assert set(route["responses"]) == {"200", "400", "401", "403", "404", "409"}
    assert "requestBody" in route
    assert "get" in paths["/api/v1/requests/{id}/identity/"]
