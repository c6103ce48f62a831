"""Accessibility needs of the applicant on the web request form (checkboxes)."""

import pytest
from django.urls import reverse

from requests_app.models import InformationRequest

pytestmark = pytest.mark.django_db


def test_the_form_offers_each_need_as_a_checkbox(client, form_url):
    page = client.get(form_url).content.decode()
    for value in ("large_print", "audio", "braille", "sign_language", "other"):
        assert f'type="checkbox" name="accessibility_needs" value="{value}"' in page


def test_checked_needs_are_recorded_on_the_request(client, form_url, form_data):
    data = form_data(accessibility_needs=["large_print", "audio"], accessibility_note="Huruf 18pt")
    response = client.post(form_url, data)
    assert response.status_code == 302
    stored = InformationRequest.objects.get()
    assert stored.accessibility_need_list == ["audio", "large_print"]
    assert stored.accessibility_note == "Huruf 18pt"


def test_no_need_checked_records_none(client, form_url, form_data):
    client.post(form_url, form_data())
    assert InformationRequest.objects.get().accessibility_needs == ""


def test_an_unknown_need_is_an_error_at_the_field_and_keeps_the_other_values(
    client, form_url, form_data
):
    response = client.post(form_url, form_data(accessibility_needs=["telepati"]))
    assert response.status_code == 200
    assert "Pilihan kebutuhan aksesibilitas tidak dikenal." in response.content.decode()
    assert response.context["form"]["full_name"].value() == "Siti Aminah"
    assert not InformationRequest.objects.exists()


def test_receipt_and_tracking_page_repeat_the_recorded_needs(client, form_url, form_data):
    data = form_data(accessibility_needs=["large_print", "audio"], accessibility_note="Huruf 18pt")
    receipt = client.get(client.post(form_url, data).url).content.decode()
    stored = InformationRequest.objects.get()
    track_url = reverse("track_request", kwargs={"registration_number": stored.registration_number})
    tracking = client.get(track_url).content.decode()

    for page in (receipt, tracking):
        assert "Kebutuhan aksesibilitas" in page
        assert "Format audio, Cetak huruf besar · Huruf 18pt" in page
