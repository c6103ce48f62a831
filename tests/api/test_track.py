from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.lifecycle import record_event, request_transition
from requests_app.models import InformationRequest, Status
from requests_app.services.requests import request_submit
from tests.api.conftest import track_url
from tests.factories import UserFactory, request_input

JAKARTA = ZoneInfo("Asia/Jakarta")
NOT_FOUND = {"message": "Permohonan tidak ditemukan atau token pelacakan salah.", "fields": {}}


@pytest.fixture
def submitted(submit):
    return submit(now=datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA))


@pytest.mark.django_db
def test_tracking_with_header_token_shows_status_dates_and_timeline(api_client, submitted):
    number = submitted.request.registration_number

    response = api_client.get(track_url(number), HTTP_X_TRACKING_TOKEN=submitted.tracking_token)

    assert response.status_code == 200
    data = response.json()
    assert data["registration_number"] == "0001/PPID/BANTEN/2025"
    assert data["status"] == {"code": "terdaftar", "label": "Terdaftar"}
    assert data["received_at"] == "2025-03-24T09:00:00+07:00"
    assert data["effective_received_on"] == "2025-03-24"
    assert data["due_date"] == data["original_due_date"] == "2025-04-16"
    assert data["extended_due_date"] is None
    assert data["assigned_unit"] is None
    assert data["timeline"] == [
        {
            "code": "request.submitted",
            "label": "Permohonan diterima melalui web dan terdaftar",
            "created_at": "2025-03-24T09:00:00+07:00",
            "from_status": "draf",
            "to_status": "terdaftar",
            "note": "",
        }
    ]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_tracking_with_query_token(api_client, submitted):
    number = submitted.request.registration_number

    response = api_client.get(track_url(number), {"token": submitted.tracking_token})

    assert response.status_code == 200
    assert response.json()["registration_number"] == number


@pytest.mark.django_db
def test_assigned_unit_and_extension_are_shown(api_client, submitted, opd):
    InformationRequest.objects.filter(pk=submitted.request.pk).update(
        assigned_unit=opd, extended_due_on=date(2025, 4, 25), due_on=date(2025, 4, 25)
    )

    response = api_client.get(
        track_url(submitted.request.registration_number),
        HTTP_X_TRACKING_TOKEN=submitted.tracking_token,
    )

    data = response.json()
    assert data["assigned_unit"] == "Dinas Pendidikan dan Kebudayaan"
    assert data["due_date"] == data["extended_due_date"] == "2025-04-25"
    assert data["original_due_date"] == "2025-04-16"


@pytest.mark.django_db
def test_wrong_token_and_wrong_number_give_identical_404(api_client, submitted, submit):
    number = submitted.request.registration_number
    other = submit()

    wrong_token = api_client.get(track_url(number), HTTP_X_TRACKING_TOKEN="salah")
    other_token = api_client.get(track_url(number), HTTP_X_TRACKING_TOKEN=other.tracking_token)
    no_token = api_client.get(track_url(number))
    wrong_number = api_client.get(
        track_url("9999/PPID/BANTEN/2025"), HTTP_X_TRACKING_TOKEN=submitted.tracking_token
    )

    for response in (wrong_token, other_token, no_token, wrong_number):
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    assert wrong_token.content == wrong_number.content


@pytest.mark.django_db
def test_applicant_account_tracks_without_token(api_client, body, citizen):
    own = request_submit(body=body, data=request_input(), applicant=citizen)
    api_client.force_authenticate(citizen)

    response = api_client.get(track_url(own.request.registration_number))

    assert response.status_code == 200


@pytest.mark.django_db
def test_other_account_cannot_track_without_token(api_client, body, citizen):
    own = request_submit(body=body, data=request_input(), applicant=citizen)
    api_client.force_authenticate(UserFactory(username="tetangga"))

    response = api_client.get(track_url(own.request.registration_number))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.django_db
def test_timeline_is_read_without_n_plus_one(
    api_client, submitted, utama_officer, django_assert_max_num_queries
):
    request = submitted.request
    request_transition(
        request=request, to=Status.IN_PROCESS, code="request.accepted", actor=utama_officer
    )
    for index in range(5):
        record_event(request=request, code="request.routed", actor=utama_officer, note=f"#{index}")

    # One query for the request with its body and unit, one for all its events.
    with django_assert_max_num_queries(2):
        response = api_client.get(
            track_url(request.registration_number),
            HTTP_X_TRACKING_TOKEN=submitted.tracking_token,
        )

    assert response.status_code == 200
    timeline = response.json()["timeline"]
    assert [event["code"] for event in timeline[:2]] == ["request.submitted", "request.accepted"]
    assert len(timeline) == 7
    assert response.json()["status"]["code"] == Status.IN_PROCESS


@pytest.mark.django_db
def test_timeline_hides_internal_events_and_officer_notes(api_client, submitted, utama_officer):
    request = submitted.request
    record_event(request=request, code="request.note", actor=utama_officer, note="cek KTP dulu")
    record_event(request=request, code="request.routed", actor=utama_officer, note="tolong cepat")
    record_event(
        request=request,
        code="request.deadline.extended",
        actor=utama_officer,
        note="Dokumen tersebar di tiga OPD.",
    )

    response = api_client.get(
        track_url(request.registration_number), HTTP_X_TRACKING_TOKEN=submitted.tracking_token
    )

    timeline = response.json()["timeline"]
    assert [(event["code"], event["note"]) for event in timeline] == [
        ("request.submitted", ""),
        ("request.routed", ""),
        # Pasal 22(8): the applicant is told why the deadline was extended.
        ("request.deadline.extended", "Dokumen tersebar di tiga OPD."),
    ]
