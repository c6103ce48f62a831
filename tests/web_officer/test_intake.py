from datetime import datetime

import pytest
from django.urls import reverse

from requests_app.models import Channel, InformationRequest, RequestEvent, Status
from tests.web_officer.conftest import JAKARTA, T0

INTAKE = reverse("officer_intake")


def receipt_url(request) -> str:
    return reverse("request_receipt_download", kwargs={"request_pk": request.pk})


@pytest.fixture
def intake_data():
    """The statutory form plus the desk's receipt details; override with keyword arguments."""

    def _data(**overrides):
        values = {
            "channel": Channel.WALK_IN,
            "received_at": "2025-03-24T09:00",
            "backdate_reason": "",
            "applicant_type": "perorangan",
            "full_name": "Ahmad Fauzi",
            "nik": "3601014507900001",
            "address": "Kp. Cikoneng RT 01/02, Pandeglang",
            "occupation": "Petani",
            "phone": "081298765432",
            "information_requested": "Daftar penerima bantuan bibit 2024",
            "purpose": "Memastikan kelompok tani kami terdaftar",
            "access_method": "melihat",
            "declaration": "on",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return _data


def test_desk_form_defaults_to_now_in_the_body_time_zone(as_user, utama_officer, clock):
    response = as_user(utama_officer).get(INTAKE)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="datetime-local"' in page and 'value="2025-03-24T09:00"' in page
    channels = dict(response.context["details"].fields["channel"].choices)
    assert Channel.PHONE in channels and Channel.WEB not in channels


def test_only_the_ppid_utama_desk_records_offline_requests(
    as_user, client, opd_officer, supervisor, citizen, body
):
    assert as_user(opd_officer).get(INTAKE).status_code == 403
    assert as_user(supervisor).get(INTAKE).status_code == 403
    assert as_user(citizen).get(INTAKE).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, body):
    assert client.get(INTAKE).status_code == 302


def test_walk_in_request_is_registered_with_channel_and_recorder(
    as_user, utama_officer, clock, intake_data
):
    client = as_user(utama_officer)
    response = client.post(INTAKE, intake_data())
    created = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("officer_intake_done", kwargs={"pk": created.pk})
    assert created.channel == Channel.WALK_IN and created.recorded_by == utama_officer
    assert created.status == Status.REGISTERED and created.received_at == T0
    assert RequestEvent.objects.get(request=created).code == "request.recorded"


def test_backdated_receipt_requires_a_reason(as_user, utama_officer, clock, intake_data):
    client = as_user(utama_officer)
    backdated = intake_data(channel=Channel.LETTER, received_at="2025-03-21T15:30")
    response = client.post(INTAKE, backdated)
    assert response.status_code == 400
    assert "tuliskan alasannya" in response.content.decode()
    assert response.context["details"].errors["backdate_reason"]
    assert 'value="Ahmad Fauzi"' in response.content.decode()
    assert not InformationRequest.objects.exists()

    reason = "Surat diterima bagian umum Jumat sore"
    response = client.post(INTAKE, {**backdated, "backdate_reason": reason})
    created = InformationRequest.objects.get()
    assert response.status_code == 302
    assert created.received_at == datetime(2025, 3, 21, 15, 30, tzinfo=JAKARTA)
    assert created.backdate_reason == reason and created.channel == Channel.LETTER
    assert created.effective_received_on.isoformat() == "2025-03-21"


def test_receipt_time_in_the_future_is_refused(as_user, utama_officer, clock, intake_data):
    response = as_user(utama_officer).post(INTAKE, intake_data(received_at="2025-03-25T09:00"))
    assert response.status_code == 400
    assert response.context["details"].errors["received_at"]


def test_statutory_form_errors_are_shown_with_the_receipt_errors(
    as_user, utama_officer, clock, intake_data
):
    response = as_user(utama_officer).post(INTAKE, intake_data(channel="", full_name="", nik="123"))
    assert response.status_code == 400
    assert response.context["details"].errors["channel"]
    assert set(response.context["form"].errors) >= {"full_name", "nik"}


def test_number_and_token_are_shown_once_with_the_receipt_link(
    as_user, utama_officer, clock, intake_data
):
    client = as_user(utama_officer)
    done = client.post(INTAKE, intake_data(), follow=True)
    created = InformationRequest.objects.get()
    page = done.content.decode()
    token = done.context["token"]
    assert created.registration_number in page and token and token in page
    assert receipt_url(created) in page
    again = client.get(reverse("officer_intake_done", kwargs={"pk": created.pk}))
    assert token not in again.content.decode() and not again.context["token"]


def test_receipt_letter_downloads_as_pdf(as_user, utama_officer, clock, intake_data):
    client = as_user(utama_officer)
    client.post(INTAKE, intake_data())
    created = InformationRequest.objects.get()
    response = client.get(receipt_url(created))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "tanda-bukti-permohonan-" in response["Content-Disposition"]


def test_the_desk_records_the_applicants_accessibility_needs(
    as_user, utama_officer, clock, intake_data
):
    client = as_user(utama_officer)
    data = intake_data(accessibility_needs=["sign_language", "braille"], accessibility_note="Tuli")

    assert client.post(INTAKE, data).status_code == 302

    created = InformationRequest.objects.get()
    assert created.accessibility_need_list == ["braille", "sign_language"]
    assert created.accessibility_note == "Tuli"
