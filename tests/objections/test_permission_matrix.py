"""Who may do what to an objection, on the web and in the API, for every persona: the other OPD
gets 404, roles without the action 403, the atasan decides and the PPID Utama desk records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.objections.conftest import AFTER_DUE, PERSONAS

pytestmark = pytest.mark.django_db

# The objection concerns a request answered by the Dinas Pendidikan (`opd`).
READ_WEB = {
    "utama_officer": 200,
    "opd_officer": 200,
    "other_opd_officer": 404,
    "signer": 200,
    "atasan": 200,
    "supervisor": 200,
    "citizen": 404,
    "anonymous": 302,
}
READ_API = {**READ_WEB, "citizen": 403, "anonymous": 401}
# The atasan's action (review) and the desk's action (withdraw): status per persona.
REVIEW_WEB = {
    **READ_WEB,
    "utama_officer": 403,
    "opd_officer": 403,
    "signer": 403,
    "atasan": 302,
    "supervisor": 403,
}
WITHDRAW_WEB = {**REVIEW_WEB, "utama_officer": 302, "atasan": 403}


def _api(table: dict) -> dict:
    return {
        **{name: (200 if code == 302 else code) for name, code in table.items()},
        "citizen": 403,
        "anonymous": 401,
    }


@pytest.mark.parametrize("name", PERSONAS)
def test_objection_page_visibility(web_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = web_client_for(name).get(reverse("objection_detail", kwargs={"pk": objection.pk}))

    assert response.status_code == READ_WEB[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_objection_api_visibility(api_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = api_client_for(name).get(f"/api/v1/objections/{objection.pk}/")

    assert response.status_code == READ_API[name]
    if response.status_code == 200:
        expected = {"atasan": ["review"], "utama_officer": ["withdraw"]}.get(name, [])
        assert response.json()["allowed_actions"] == expected


@pytest.mark.parametrize("name", PERSONAS)
def test_review_on_the_web(web_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)
    url = reverse("objection_action", kwargs={"pk": objection.pk, "action": "periksa"})

    response = web_client_for(name).post(url)

    assert response.status_code == REVIEW_WEB[name]
    if name == "anonymous":
        assert "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("name", PERSONAS)
def test_review_in_the_api(api_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = api_client_for(name).post(f"/api/v1/objections/{objection.pk}/review/", {})

    assert response.status_code == _api(REVIEW_WEB)[name]
    assert set(response.json()) >= ({"id"} if response.status_code == 200 else {"message"})


@pytest.mark.parametrize("name", PERSONAS)
def test_withdraw_on_the_web(web_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)
    url = reverse("objection_action", kwargs={"pk": objection.pk, "action": "cabut"})

    response = web_client_for(name).post(url, {"cabut-reason": "Surat pencabutan pemohon"})

    assert response.status_code == WITHDRAW_WEB[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_withdraw_in_the_api(api_client_for, flow, clock, name):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = api_client_for(name).post(
        f"/api/v1/objections/{objection.pk}/withdraw/",
        {"reason": "Surat pencabutan"},
        format="json",
    )

    assert response.status_code == _api(WITHDRAW_WEB)[name]


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("utama_officer", 400),  # allowed: the body is checked (dispute needs a decision first)
        ("opd_officer", 403),
        ("other_opd_officer", 404),
        ("signer", 403),
        ("atasan", 403),
        ("supervisor", 403),
        ("citizen", 403),
        ("anonymous", 401),
    ],
)
def test_dispute_recording_is_the_desks(api_client_for, flow, clock, name, status):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = api_client_for(name).post(f"/api/v1/objections/{objection.pk}/dispute/", {})

    assert response.status_code == status


def test_unknown_web_action_is_404(web_client_for, flow, clock):
    objection = flow.objection()
    clock(AFTER_DUE)
    url = reverse("objection_action", kwargs={"pk": objection.pk, "action": "hapus"})

    assert web_client_for("atasan").post(url).status_code == 404
