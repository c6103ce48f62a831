import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from requests_app.errors import ValidationFailed
from requests_app.models import InformationRequest, RequestEvent
from requests_app.web.forms import RequestForm
from tests.factories import VALID_NIK
from tests.web.conftest import MONDAY_MORNING, pdf_upload, text_upload


@pytest.fixture(autouse=True)
def _monday_morning():
    # For the whole test: the session cookie written at submission must not look expired.
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


def _submit(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def test_valid_submission_redirects_to_receipt_with_number_and_due_date(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    response = _submit(client, form_url, form_data(), django_capture_on_commit_callbacks)

    request = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "request_receipt", kwargs={"registration_number": request.registration_number}
    )
    receipt = client.get(response["Location"]).content.decode()
    assert "0001/PPID/BANTEN/2025" in receipt
    assert "24 Maret 2025 pukul 09.00 WIB" in receipt
    assert "Senin, 24 Maret 2025" in receipt
    assert "Rabu, 16 April 2025" in receipt
    assert "telah dikirim ke email siti@example.org" in receipt
    assert len(mail.outbox) == 1 and request.registration_number in mail.outbox[0].subject
    assert list(RequestEvent.objects.values_list("code", flat=True)) == ["request.submitted"]


def test_receipt_shows_the_tracking_token_only_once(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    response = _submit(client, form_url, form_data(), django_capture_on_commit_callbacks)

    first = client.get(response["Location"]).content.decode()
    link = re.search(r'class="tracking-link"><a href="([^"]+)"', first).group(1)
    assert "?token=" in link and link in mail.outbox[0].body
    second = client.get(response["Location"]).content.decode()
    assert "?token=" not in second and "tidak ditampilkan lagi" in second


def test_receipt_is_not_shown_to_another_browser(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    response = _submit(client, form_url, form_data(), django_capture_on_commit_callbacks)
    client.cookies.clear()
    assert client.get(response["Location"]).status_code == 404


def test_failed_submit_keeps_every_typed_value_and_shows_each_error(
    client, body, form_url, form_data
):
    data = form_data(nik="9901014507900001", phone="", email="", npwp="01.234.567.8-901.000")

    response = client.post(form_url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert not InformationRequest.objects.exists()
    for name in ("full_name", "nik", "address", "occupation", "information_requested", "npwp"):
        assert data[name] in page, name
    assert 'value="perorangan" required id="id_applicant_type_0" checked' in page
    assert 'value="softcopy" selected' in page and 'value="email" selected' in page
    for name in ("nik", "phone", "email"):
        assert f'<a href="#id_{name}">' in page
        assert f'id="id_{name}_error"' in page
        assert re.search(rf'aria-describedby="[^"]*id_{name}_error"', page)
    assert "Kode provinsi pada NIK (2 angka pertama) tidak dikenal." in page
    assert "Isi nomor telepon atau email (minimal salah satu)." in page


def test_missing_required_fields_are_reported_together_with_service_rules(client, body, form_url):
    response = client.post(form_url, {"full_name": "Budi"})

    page = response.content.decode()
    assert response.status_code == 200
    for name in ("applicant_type", "address", "occupation", "purpose", "phone", "declaration"):
        assert f'<a href="#id_{name}">' in page, name
    assert 'value="Budi"' in page


def test_file_with_a_misleading_extension_is_refused(client, body, form_url, form_data):
    response = client.post(form_url, form_data(identity_document=text_upload("ktp.pdf")))

    page = response.content.decode()
    assert not InformationRequest.objects.exists()
    assert "Jenis berkas tidak diizinkan: isi berkas harus PDF, JPG atau PNG." in page
    assert 'id="id_identity_document_error"' in page
    assert "browser tidak dapat mengisi ulang kolom berkas" in page


def test_good_upload_must_be_chosen_again_when_another_field_fails(
    client, body, form_url, form_data
):
    response = client.post(form_url, form_data(identity_document=pdf_upload(), occupation=""))

    page = response.content.decode()
    assert "Berkas yang tadi Anda pilih belum tersimpan" in page
    assert 'id="id_identity_document_error"' not in page


def test_pdf_upload_is_stored_with_the_request(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    data = form_data(identity_document=pdf_upload())
    response = _submit(client, form_url, data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    stored = InformationRequest.objects.get().identity_document
    assert stored.name.startswith("private/") and stored.name.endswith(".pdf")


def test_nik_typed_with_spaces_is_accepted_and_stored_masked(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    spaced = " ".join([VALID_NIK[:4], VALID_NIK[4:8], VALID_NIK[8:12], VALID_NIK[12:]])
    _submit(client, form_url, form_data(nik=spaced), django_capture_on_commit_callbacks)

    request = InformationRequest.objects.get()
    assert request.nik_last4 == VALID_NIK[-4:]
    assert VALID_NIK not in request.nik_ciphertext


def test_submission_while_logged_in_is_linked_to_the_account(
    client, citizen, body, form_url, form_data, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    _submit(client, form_url, form_data(), django_capture_on_commit_callbacks)
    assert InformationRequest.objects.get().applicant == citizen


def test_viewing_only_drops_copy_options(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    data = form_data(access_method="melihat", copy_format="hardcopy", delivery_method="pos")
    _submit(client, form_url, data, django_capture_on_commit_callbacks)

    request = InformationRequest.objects.get()
    assert (request.access_method, request.copy_format, request.delivery_method) == (
        "melihat",
        "",
        "",
    )


def test_form_works_without_javascript(client, body, form_url):
    page = client.get(form_url).content.decode()
    assert 'id="copy-fields" data-show-for="salinan">' in page
    assert "hidden" not in re.search(r'<div id="copy-fields"[^>]*>', page).group(0)
    assert "Pemberitahuan privasi" in page and "Pasal 20 ayat (2)" in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"nik": "9" * 10_000},
        {"nik": "bukan-angka-sama-sekali"},
        {"nik": "٣٦٠١٠١٤٥٠٧٩٠٠٠٠١"},
        {"full_name": "x" * 5_000, "phone": "telepon saya"},
        {"applicant_type": "alien", "access_method": "telepati", "copy_format": "batu"},
        {"email": "bukan email", "phone": ""},
        {"full_name": "Nama\x00dengan null"},
        {"delivery_method": "email", "email": "", "phone": "0812345678"},
    ],
)
def test_bad_input_gives_field_errors_never_a_server_error(
    client, body, form_url, form_data, overrides
):
    response = client.post(form_url, form_data(**overrides))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_empty_post_is_a_form_with_errors(client, body, form_url):
    response = client.post(form_url, {})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_receipt_explains_when_the_effective_date_moves_to_the_next_working_day(
    client, body, form_url, form_data, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_MORNING.replace(hour=17), tick=False):
        response = _submit(client, form_url, form_data(), django_capture_on_commit_callbacks)
        receipt = client.get(response["Location"]).content.decode()

    assert "24 Maret 2025 pukul 17.00 WIB" in receipt
    assert "Selasa, 25 Maret 2025" in receipt
    assert "sesudah jam layanan dihitung diterima pada hari kerja berikutnya" in receipt


def test_service_errors_land_on_their_fields_or_above_the_form(form_data):
    form = RequestForm(form_data())
    assert form.is_valid()

    form.add_service_errors(
        ValidationFailed(
            "Periksa kembali isian yang ditandai.",
            fields={"nik": ["NIK sudah diblokir."], "received_at": ["Waktu tidak valid."]},
        )
    )

    assert form.errors["nik"] == ["NIK sudah diblokir."]
    assert form.non_field_errors() == ["Waktu tidak valid."]
