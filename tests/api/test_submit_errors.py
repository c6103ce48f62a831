"""Bad input to the submission endpoint: always 400 `{message, fields}`, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import InformationRequest
from tests.api.conftest import SUBMIT_URL, submission_payload

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _assert_field_errors(response, *expected_fields):
    assert response.status_code == 400, response.content
    data = response.json()
    assert set(data) == {"message", "fields"}
    assert data["message"]
    for name in expected_fields:
        assert name in data["fields"], data["fields"]
        assert all(isinstance(message, str) and message for message in data["fields"][name])
    assert not InformationRequest.objects.exists()
    return data["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"full_name": 123}, "full_name", id="number-for-text"),
        pytest.param({"full_name": True}, "full_name", id="boolean-for-text"),
        pytest.param({"applicant_type": 5}, "applicant_type", id="number-for-choice"),
        pytest.param({"access_method": "teleportasi"}, "access_method", id="unknown-choice"),
        pytest.param({"copy_format": "disket"}, "copy_format", id="unknown-copy-format"),
        pytest.param({"delivery_method": "merpati"}, "delivery_method", id="unknown-delivery"),
        pytest.param({"body": "tidak-ada"}, "body", id="unknown-body"),
        pytest.param({"full_name": None}, "full_name", id="null-required"),
        pytest.param({"phone": None}, "phone", id="null-optional"),
        pytest.param({"full_name": ["Siti"]}, "full_name", id="array-for-text"),
        pytest.param({"purpose": {"a": 1}}, "purpose", id="object-for-text"),
        pytest.param({"delivery_method": ["email"]}, "delivery_method", id="array-for-choice"),
        pytest.param({"full_name": "x" * 201}, "full_name", id="over-max-length"),
        pytest.param(
            {"information_requested": "x" * 1_000_000}, "information_requested", id="huge"
        ),
        pytest.param({"email": "bukan-email"}, "email", id="bad-email"),
        pytest.param({"full_name": "   "}, "full_name", id="blank-required"),
        pytest.param({"identity_document": "ktp.pdf"}, "identity_document", id="text-for-file"),
    ],
)
def test_shape_errors_are_400_with_the_field(api_client, body, overrides, field):
    response = api_client.post(SUBMIT_URL, submission_payload(**overrides), format="json")

    _assert_field_errors(response, field)


@pytest.mark.django_db
def test_missing_body_is_a_field_error(api_client, body):
    payload = submission_payload()
    del payload["body"]

    fields = _assert_field_errors(api_client.post(SUBMIT_URL, payload, format="json"), "body")

    assert fields["body"] == ["Wajib diisi."]


@pytest.mark.django_db
def test_every_missing_required_field_is_reported_at_once(api_client, body):
    response = api_client.post(SUBMIT_URL, {}, format="json")

    _assert_field_errors(
        response,
        "body",
        "applicant_type",
        "full_name",
        "address",
        "occupation",
        "information_requested",
        "purpose",
        "access_method",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        pytest.param({"nik": "1234567890123456"}, ["nik"], id="nik-unknown-province"),
        pytest.param({"phone": "", "email": ""}, ["phone", "email"], id="no-contact"),
        pytest.param(
            {"applicant_type": "badan_hukum", "legal_entity_number": ""},
            ["legal_entity_number"],
            id="legal-entity-without-sk",
        ),
        pytest.param({"copy_format": ""}, ["copy_format"], id="copy-without-format"),
        pytest.param(
            {"applicant_type": "kelompok_orang"}, ["representative_name"], id="group-no-kuasa"
        ),
    ],
)
def test_rules_of_the_service_come_back_as_field_errors(api_client, body, overrides, fields):
    response = api_client.post(SUBMIT_URL, submission_payload(**overrides), format="json")

    _assert_field_errors(response, *fields)


@pytest.mark.django_db
def test_upload_that_is_not_pdf_jpg_or_png_is_refused(api_client, body):
    payload = submission_payload()
    # The name says PDF; the content says Windows executable. The content decides.
    payload["identity_document"] = SimpleUploadedFile("ktp.pdf", EXE_BYTES, "application/pdf")

    response = api_client.post(SUBMIT_URL, payload, format="multipart")

    fields = _assert_field_errors(response, "identity_document")
    assert "PDF, JPG atau PNG" in fields["identity_document"][0]


@pytest.mark.django_db
def test_non_json_body_is_400_with_message(api_client, body):
    response = api_client.post(SUBMIT_URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Isi permintaan tidak dapat dibaca: kirim JSON yang valid atau "
        "multipart/form-data.",
        "fields": {},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("document", ["[1, 2]", '"teks"', "null", "42"])
def test_json_that_is_not_an_object_is_400(api_client, body, document):
    response = api_client.post(SUBMIT_URL, document, content_type="application/json")

    fields = _assert_field_errors(response, "non_field_errors")
    assert fields["non_field_errors"] == ["Kirim satu objek JSON berisi isian formulir."]


@pytest.mark.django_db
def test_unsupported_media_type_is_415_with_message(api_client, body):
    response = api_client.post(SUBMIT_URL, "nama=Siti", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["fields"] == {}
    assert "application/json" in response.json()["message"]


@pytest.mark.django_db
def test_body_over_the_upload_limit_is_refused_unread(api_client, body, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = api_client.post(SUBMIT_URL, submission_payload(purpose="x" * 20_000), format="json")

    assert response.status_code == 413
    assert response.json() == {"message": "Isi permintaan terlalu besar.", "fields": {}}
