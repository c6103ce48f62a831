import re

import pytest
from django.urls import reverse

from requests_app.lifecycle import record_event
from requests_app.services.requests import request_submit
from tests.factories import VALID_NIK, PublicBodyFactory, UserFactory, request_input


def _track_url(request, token=None):
    url = reverse("track_request", kwargs={"registration_number": request.registration_number})
    return f"{url}?token={token}" if token is not None else url


@pytest.fixture
def submitted(submit):
    return submit()


def test_right_token_grants_access_and_is_stripped_from_the_url(client, submitted):
    request, token = submitted.request, submitted.tracking_token

    response = client.get(_track_url(request, token))

    assert response.status_code == 302
    assert response["Location"] == _track_url(request)
    page = client.get(response["Location"]).content.decode()
    assert request.registration_number in page
    assert "Terdaftar" in page
    assert "Permohonan diterima melalui web dan terdaftar" in page
    assert VALID_NIK not in page and "*0001" not in page


def test_without_token_or_grant_the_request_is_not_found(client, submitted):
    assert client.get(_track_url(submitted.request)).status_code == 404


def _not_found_text(response, number):
    """The page with the echoed number and the per-response CSRF mask taken out."""
    assert response.status_code == 404
    page = response.content.decode().replace(number, "NUMBER")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_wrong_number_and_wrong_token_look_the_same(client, submitted):
    request = submitted.request
    wrong_token = client.get(_track_url(request, "salah"))
    missing = "9999/PPID/BANTEN/2025"
    wrong_number = client.get(
        reverse("track_request", kwargs={"registration_number": missing})
        + f"?token={submitted.tracking_token}"
    )

    assert "Permohonan tidak ditemukan" in wrong_token.content.decode()
    assert _not_found_text(wrong_token, request.registration_number) == _not_found_text(
        wrong_number, missing
    )


def test_lookup_form_with_number_and_token_redirects_to_the_status_page(client, submitted):
    request = submitted.request
    response = client.post(
        reverse("track_lookup"),
        {"registration_number": request.registration_number, "token": submitted.tracking_token},
    )
    assert response.status_code == 302 and response["Location"] == _track_url(request)
    assert client.get(response["Location"]).status_code == 200


def test_lookup_form_refuses_wrong_token_and_wrong_number_alike(client, submitted):
    number = submitted.request.registration_number
    url = reverse("track_lookup")
    wrong_token = client.post(url, {"registration_number": number, "token": "salah"})
    wrong_number = client.post(url, {"registration_number": "0099/X", "token": "salah"})
    missing_fields = client.post(url, {})
    assert _not_found_text(wrong_token, number) == _not_found_text(wrong_number, "0099/X")
    assert missing_fields.status_code == 404


def test_owner_sees_own_request_without_token(client, body, citizen):
    result = request_submit(body=body, data=request_input(), applicant=citizen)
    client.force_login(citizen)
    assert client.get(_track_url(result.request)).status_code == 200


def test_another_citizen_cannot_see_my_request(client, body, citizen):
    result = request_submit(body=body, data=request_input(), applicant=citizen)
    client.force_login(UserFactory(username="tetangga"))
    assert client.get(_track_url(result.request)).status_code == 404
    assert (
        result.request.registration_number
        not in client.get(reverse("my_requests")).content.decode()
    )


def test_same_number_in_two_bodies_shows_only_the_one_the_token_opens(client, body, submit):
    other = PublicBodyFactory(registration_code="BANTEN", slug="banten-lain", code="3600")
    mine = submit()
    theirs = submit(other, information_requested="Data milik badan lain")
    assert mine.request.registration_number == theirs.request.registration_number

    response = client.get(_track_url(theirs.request, theirs.tracking_token), follow=True)

    assert "Data milik badan lain" in response.content.decode()


def test_timeline_labels_events_hides_internal_ones_and_private_notes(client, submitted):
    request = submitted.request
    record_event(request=request, code="request.routed", note="Catatan internal petugas")
    record_event(request=request, code="request.deadline.extended", note="Data masih dihimpun")
    record_event(request=request, code="identity.viewed", note="NIK dibuka")
    record_event(request=request, code="request.something_new")

    page = client.get(_track_url(request, submitted.tracking_token), follow=True).content.decode()

    assert "Diteruskan ke PPID Pelaksana" in page
    assert "Catatan internal petugas" not in page
    assert "Batas waktu diperpanjang" in page and "Data masih dihimpun" in page
    assert "NIK dibuka" not in page
    assert "request.something_new" in page


def test_status_page_shows_the_assigned_unit(client, submitted, opd):
    request = submitted.request
    request.assigned_unit = opd
    request.save(update_fields=["assigned_unit"])
    page = client.get(_track_url(request, submitted.tracking_token), follow=True).content.decode()
    assert opd.name in page
