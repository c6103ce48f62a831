"""Objection API v1: the citizen's filing with the tracking token, the officers' list, detail and
action endpoints, and the error mapping (never a 500 on junk input)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import InformationRequest, Objection, ObjectionStatus, Status
from tests.objections.conftest import AFTER_DUE, JKT

pytestmark = pytest.mark.django_db


def file_url(request) -> str:
    return f"/api/v1/track/{request.registration_number}/objections/"


def test_citizen_files_with_the_tracking_token(api_client_for, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)

    response = api_client_for("anonymous").post(
        file_url(request),
        {"grounds": ["c"], "case_facts": "Belum dijawab."},
        format="json",
        HTTP_X_TRACKING_TOKEN=token,
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["registration_number"] == "KBT/0001/PPID/BANTEN/2025"
    assert data["atasan_due_on"] == "2025-06-11"
    assert data["filing_window_ends_on"] == "2025-06-05" and data["is_late"] is False
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_late_filing_through_the_api_is_accepted_and_flagged(api_client_for, flow, clock):
    request, token = flow.routed()
    clock(datetime(2025, 6, 10, 10, tzinfo=JKT))

    response = api_client_for("anonymous").post(
        file_url(request),
        {"grounds": ["c"], "case_facts": "x"},
        format="json",
        HTTP_X_TRACKING_TOKEN=token,
    )

    assert response.status_code == 201
    assert response.json()["is_late"] is True


def test_citizen_files_multipart_with_a_power_of_attorney(api_client_for, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)
    pdf = SimpleUploadedFile("kuasa.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")

    response = api_client_for("anonymous").post(
        file_url(request),
        {
            "grounds": ["c", "g"],
            "case_facts": "x",
            "representative_name": "Budi",
            "power_of_attorney": pdf,
        },
        format="multipart",
        HTTP_X_TRACKING_TOKEN=token,
    )

    assert response.status_code == 201, response.json()
    objection = Objection.objects.get()
    assert objection.grounds == ["c", "g"] and objection.power_of_attorney


def test_wrong_token_is_404_and_before_the_deadline_409(api_client_for, flow, clock):
    request, token = flow.routed()
    client = api_client_for("anonymous")
    clock(datetime(2025, 4, 1, 10, tzinfo=JKT))
    body = {"grounds": ["c"], "case_facts": "x"}

    wrong = client.post(file_url(request), body, format="json", HTTP_X_TRACKING_TOKEN="salah")
    early = client.post(file_url(request), body, format="json", HTTP_X_TRACKING_TOKEN=token)

    assert wrong.status_code == 404 and set(wrong.json()) == {"message", "fields"}
    assert early.status_code == 409
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"grounds": "c", "case_facts": "x"}, "grounds"),
        ({"grounds": [], "case_facts": "x"}, "grounds"),
        ({"grounds": ["z"], "case_facts": "x"}, "grounds"),
        ({"grounds": ["c"], "case_facts": 5}, "case_facts"),
        ({"grounds": ["c"], "case_facts": None}, "case_facts"),
        ({"grounds": [{"a": 1}], "case_facts": "x"}, "grounds"),
        (["c"], "non_field_errors"),
    ],
)
def test_junk_filing_input_is_400_with_field_messages(api_client_for, flow, clock, payload, field):
    request, token = flow.routed()
    clock(AFTER_DUE)

    response = api_client_for("anonymous").post(
        file_url(request), payload, format="json", HTTP_X_TRACKING_TOKEN=token
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_unparsable_body_is_400(api_client_for, flow, clock):
    request, token = flow.routed()
    clock(AFTER_DUE)

    response = api_client_for("anonymous").post(
        file_url(request), "{oops", content_type="application/json", HTTP_X_TRACKING_TOKEN=token
    )

    assert response.status_code == 400


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(
    api_client_for, flow, clock, count, django_assert_max_num_queries
):
    for _n in range(count):
        flow.objection()
    clock(AFTER_DUE)
    client = api_client_for("atasan")
    client.get("/api/v1/objections/")

    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/objections/", {"status": "terdaftar", "page_size": 50})

    assert response.json()["count"] == count
    # 21 Apr 2025 -> 11 Jun 2025: the full 30 HK of Pasal 36(2).
    assert response.json()["results"][0]["working_days_left"] == 30


def test_list_filters_and_rejects_bad_filters(api_client_for, flow, clock):
    flow.objection(("c",))
    flow.objection(("d", "e"))
    clock(AFTER_DUE)
    client = api_client_for("utama_officer")

    by_ground = client.get("/api/v1/objections/", {"ground": "d"}).json()
    bad = client.get("/api/v1/objections/", {"ground": "x"})

    assert [row["grounds"] for row in by_ground["results"]] == [["d", "e"]]
    assert bad.status_code == 400 and "ground" in bad.json()["fields"]


def test_settlement_refused_with_ground_a(api_client_for, flow, clock, atasan):
    objection = flow.under_review(atasan, ("a", "b"))
    clock(AFTER_DUE)

    response = api_client_for("atasan").post(
        f"/api/v1/objections/{objection.pk}/settlement/start/", {}
    )

    assert response.status_code == 400
    assert "musyawarah" in response.json()["message"]
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.UNDER_REVIEW


def test_settlement_then_agreement_through_the_api(api_client_for, flow, clock, atasan):
    objection = flow.under_review(atasan, ("f",))
    clock(AFTER_DUE)
    client = api_client_for("atasan")

    started = client.post(f"/api/v1/objections/{objection.pk}/settlement/start/", {})
    junk = client.post(
        f"/api/v1/objections/{objection.pk}/settlement/end/", {"agreed": "mungkin"}, format="json"
    )
    ended = client.post(
        f"/api/v1/objections/{objection.pk}/settlement/end/",
        {"agreed": True, "minutes": "Biaya dikoreksi."},
        format="json",
    )

    assert started.json()["allowed_actions"] == ["settlement_end"]
    assert junk.status_code == 400 and "agreed" in junk.json()["fields"]
    assert ended.status_code == 200 and ended.json()["status"]["code"] == "selesai_musyawarah"


def test_upheld_decision_reopens_the_request(api_client_for, flow, clock, atasan):
    objection = flow.under_review(atasan)
    clock(datetime(2025, 4, 22, 10, tzinfo=JKT))

    response = api_client_for("atasan").post(
        f"/api/v1/objections/{objection.pk}/decide/",
        {"upheld": True, "reasons": "Wajib dijawab."},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()
    assert data["reopened_request_due_on"] == "2025-05-07"
    assert data["request"]["status"] == Status.IN_PROCESS
    assert {d["kind"] for d in data["documents"]} == {"objection_receipt", "objection_decision"}
    assert (
        InformationRequest.objects.get(pk=objection.request_id).due_on.isoformat() == "2025-05-07"
    )


def test_decide_before_review_is_409(api_client_for, flow, clock):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = api_client_for("atasan").post(
        f"/api/v1/objections/{objection.pk}/decide/",
        {"upheld": False, "reasons": "x"},
        format="json",
    )

    assert response.status_code == 409
    assert "Keberatan terdaftar" in response.json()["message"]


def test_response_dispute_and_update_through_the_api(api_client_for, flow, clock, atasan):
    objection = flow.under_review(atasan)
    clock(AFTER_DUE)
    api_client_for("atasan").post(
        f"/api/v1/objections/{objection.pk}/decide/",
        {"upheld": False, "reasons": "Sudah dijawab"},
        format="json",
    )
    desk = api_client_for("utama_officer")
    base = f"/api/v1/objections/{objection.pk}"

    too_early = desk.post(f"{base}/dispute/update/", {"stage": "mediasi"}, format="json")
    response = desk.post(f"{base}/response/", {"response": "ke_komisi_informasi"}, format="json")
    bad_date = desk.post(
        f"{base}/dispute/",
        {"commission": "KI Banten", "ki_register_number": "R/1", "filed_on": "kemarin"},
        format="json",
    )
    filed = desk.post(
        f"{base}/dispute/",
        {"commission": "KI Banten", "ki_register_number": "R/1", "filed_on": "2025-04-21"},
        format="json",
    )
    updated = desk.post(
        f"{base}/dispute/update/",
        {"stage": "mediasi", "mediation_on": "2025-05-05"},
        format="json",
    )

    assert too_early.status_code == 409
    assert response.status_code == 200
    assert bad_date.status_code == 400 and "filed_on" in bad_date.json()["fields"]
    assert filed.status_code == 200 and filed.json()["dispute"]["filed_late"] is False
    assert "dispute_update" in filed.json()["allowed_actions"]
    assert updated.json()["dispute"]["stage"] == "mediasi"
    assert updated.json()["dispute"]["mediation_on"] == "2025-05-05"


def test_unknown_objection_is_404(api_client_for, flow, clock):
    clock(AFTER_DUE)

    assert api_client_for("atasan").get("/api/v1/objections/999/").status_code == 404
    assert api_client_for("atasan").post("/api/v1/objections/999/review/").status_code == 404


def test_schema_documents_the_objection_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    filing = schema["paths"]["/api/v1/track/{registration_number}/objections/"]["post"]
    assert {"201", "400", "404", "409", "429"} <= set(filing["responses"])
    assert "/api/v1/objections/{id}/settlement/start/" in schema["paths"]
    assert "/api/v1/objections/{id}/dispute/update/" in schema["paths"]
