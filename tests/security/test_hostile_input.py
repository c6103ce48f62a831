"""Hostile and bad input: uploads checked by content and size and never served by URL, text
limited in length, markup escaped in pages and letters, formulas neutralised in exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from requests_app.exports.tabular import (
    FORMULA_PREFIXES,
    Column,
    csv_response,
    safe_text,
    xlsx_response,
)
from requests_app.letters.service import letter_html, letter_render
from requests_app.models import DocumentKind, InformationRequest
from tests.api.conftest import SUBMIT_URL, submission_payload
from tests.letters.conftest import pdf_text

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
HTML_AS_PDF = b"<html><body><script>alert(1)</script></body></html>\n" * 4
TYPE_MESSAGE = "Jenis berkas tidak diizinkan: isi berkas harus PDF, JPG atau PNG."


# --- uploads --------------------------------------------------------------------------------


def test_misleading_extension_is_refused_with_a_clear_message_on_the_web(
    client, form_data, form_url
):
    upload = SimpleUploadedFile("ktp.pdf", HTML_AS_PDF, "application/pdf")

    response = client.post(form_url, form_data(identity_document=upload))

    assert response.status_code == 200
    assert TYPE_MESSAGE in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_misleading_extension_is_refused_with_a_clear_message_in_the_api(client, body):
    upload = SimpleUploadedFile("ktp.pdf", HTML_AS_PDF, "application/pdf")

    response = client.post(SUBMIT_URL, {**submission_payload(), "identity_document": upload})

    assert response.status_code == 400
    assert response.json()["fields"]["identity_document"] == [TYPE_MESSAGE]
    assert not InformationRequest.objects.exists()


def test_uploads_over_the_size_limit_are_refused_on_web_and_api(
    client, body, form_data, form_url, settings
):
    settings.FILE_UPLOAD_MAX_BYTES = 2048
    big = b"%PDF-1.4\n" + b"0" * 4096

    web = client.post(form_url, form_data(identity_document=SimpleUploadedFile("ktp.pdf", big)))
    api = client.post(
        SUBMIT_URL,
        {**submission_payload(), "identity_document": SimpleUploadedFile("ktp.pdf", big)},
    )

    assert "Berkas terlalu besar (maksimal 2,0\xa0KB)." in web.content.decode()
    assert api.status_code == 400
    assert api.json()["fields"]["identity_document"] == [
        "Berkas terlalu besar (maksimal 2,0\xa0KB)."
    ]
    assert not InformationRequest.objects.exists()


def test_stored_files_have_no_public_url(client, submit):
    upload = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    stored = submit(identity_document=upload).request.identity_document

    assert stored.storage.exists(stored.name)
    assert "ktp" not in stored.name  # a random name, not the applicant's
    for url in (f"/media/{stored.name}", f"/{stored.name}", f"/static/../media/{stored.name}"):
        assert client.get(url).status_code == 404, url


# --- text ------------------------------------------------------------------------------------


def test_over_long_text_is_a_field_error_on_web_and_api(client, body, form_data, form_url):
    too_long = "x" * 5001

    web = client.post(form_url, form_data(information_requested=too_long))
    api = client.post(
        SUBMIT_URL,
        submission_payload(information_requested=too_long),
        content_type="application/json",
    )

    assert web.status_code == 200 and "paling banyak 5000 karakter" in web.content.decode()
    assert api.status_code == 400 and "information_requested" in api.json()["fields"]
    assert not InformationRequest.objects.exists()


@pytest.fixture
def hostile_request(submit, citizen):
    request = submit(
        full_name=f"Siti {SCRIPT}", information_requested=f"Data {IMAGE} anggaran"
    ).request
    request.applicant = citizen
    request.save(update_fields=["applicant"])
    return request


def test_markup_is_escaped_on_citizen_and_officer_pages(client, hostile_request, utama_officer):
    number = hostile_request.registration_number
    client.force_login(hostile_request.applicant)
    citizen_page = client.get(reverse("track_request", kwargs={"registration_number": number}))
    client.force_login(utama_officer)
    officer_page = client.get(reverse("officer_request", kwargs={"pk": hostile_request.pk}))

    for response in (citizen_page, officer_page):
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in officer_page.content.decode()


def test_markup_is_text_in_letters(hostile_request):
    html = letter_html(request=hostile_request, kind=DocumentKind.RECEIPT)
    text = pdf_text(letter_render(request=hostile_request, kind=DocumentKind.RECEIPT))

    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "<script>alert('xss')</script>" in text  # printed as characters, not run
    assert 'onerror="alert(1)"' in text


# --- exports ---------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
COLUMNS = [Column("Nama", lambda row: row)]


def test_csv_and_xlsx_cells_never_start_a_formula():
    csv_body = b"".join(csv_response("x.csv", COLUMNS, FORMULAS).streaming_content)
    rows = list(csv.reader(io.StringIO(csv_body.decode("utf-8-sig"))))
    response = xlsx_response("x.xlsx", COLUMNS, FORMULAS)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    response.close()
    xlsx_cells = [row[0].value for row in workbook.active.iter_rows(min_row=2)]

    assert [row[0] for row in rows[1:]] == [f"'{value}" for value in FORMULAS]
    assert all(not cell.startswith(FORMULA_PREFIXES) for cell in xlsx_cells)
    assert all(cell.data_type == "s" for row in workbook.active.iter_rows() for cell in row)


@hypothesis_settings(max_examples=200, derandomize=True, database=None)
@given(st.text(max_size=40))
def test_safe_text_never_starts_a_formula_and_keeps_the_text(value):
    cell = safe_text(value)
    assert not cell.startswith(FORMULA_PREFIXES)
    assert cell in (value, f"'{value}")
