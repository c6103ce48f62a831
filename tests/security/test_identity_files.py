"""Identity files encrypted at rest (Keputusan 8, domain.md E4): what lies on the disk is not the
scan, the permission-checked download gives the original bytes back, the retention purge still
deletes them, and files stored before encryption are rewritten by the migration."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app.models import InformationRequest, Objection
from requests_app.services.objections import ObjectionInput, objection_file
from requests_app.services.retention import request_personal_data_purge
from requests_app.services.workflow import request_verify, request_withdraw
from requests_app.storage import MAGIC, EncryptedFileError
from tests.objections.conftest import AFTER_DUE, clock, flow  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\n1 0 obj\n<< /Nama (Siti Aminah) /NIK (3601014507900001) >>\nendobj\n%%EOF\n"
KUASA = b"\x89PNG\r\n\x1a\n" + b"surat kuasa bermeterai" * 8


def _upload(name: str, data: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type)


def _on_disk(settings, stored) -> bytes:
    return (Path(settings.MEDIA_ROOT) / stored.name).read_bytes()


def _download(client, request, kind: str) -> bytes:
    url = reverse("officer_identity_file", kwargs={"pk": request.pk, "kind": kind})
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)  # the document's, not the ciphertext's
    return content


@pytest.fixture
def with_files(submit, utama_officer):
    request = submit(
        identity_document=_upload("ktp.pdf", SCAN),
        representative_name="Budi Santoso",
        power_of_attorney=_upload("kuasa.png", KUASA, "image/png"),
    ).request
    return request_verify(request=request, actor=utama_officer)


def test_identity_files_on_disk_are_ciphertext(settings, with_files):
    for stored, original in (
        (with_files.identity_document, SCAN),
        (with_files.power_of_attorney, KUASA),
    ):
        raw = _on_disk(settings, stored)
        assert not raw.startswith(b"%PDF") and not raw.startswith(b"\x89PNG")
        assert raw.startswith(MAGIC)
        assert b"3601014507900001" not in raw and b"Siti Aminah" not in raw
        assert original not in raw


def test_the_officer_download_gives_the_original_bytes(client, utama_officer, with_files):
    client.force_login(utama_officer)

    assert _download(client, with_files, "ktp") == SCAN
    assert _download(client, with_files, "surat-kuasa") == KUASA
    assert with_files.identity_document.size == len(SCAN)


def test_a_web_form_upload_is_encrypted_too(
    client, body, settings, form_url, form_data, django_capture_on_commit_callbacks
):
    data = form_data(identity_document=_upload("ktp.pdf", SCAN))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(form_url, data).status_code == 302

    stored = InformationRequest.objects.get().identity_document
    assert _on_disk(settings, stored).startswith(MAGIC)
    with stored.open("rb") as document:
        assert document.read() == SCAN


def test_an_objection_power_of_attorney_is_encrypted(settings, flow, clock):  # noqa: F811
    request, token = flow.routed()
    clock(AFTER_DUE)

    objection = objection_file(
        request=request,
        token=token,
        data=ObjectionInput(
            ["c"],
            "Belum dijawab.",
            representative_name="Budi Santoso",
            power_of_attorney=_upload("kuasa.pdf", SCAN),
        ),
        now=AFTER_DUE,
    )

    stored = Objection.objects.get(pk=objection.pk).power_of_attorney
    assert _on_disk(settings, stored).startswith(MAGIC)
    with stored.open("rb") as document:
        assert document.read() == SCAN


def test_purge_deletes_the_encrypted_files(
    settings, with_files, utama_officer, django_capture_on_commit_callbacks
):
    paths = [
        Path(settings.MEDIA_ROOT) / stored.name
        for stored in (with_files.identity_document, with_files.power_of_attorney)
    ]
    assert all(path.exists() for path in paths)
    closed = request_withdraw(request=with_files, actor=utama_officer, reason="Dicabut")

    with django_capture_on_commit_callbacks(execute=True):
        deleted = request_personal_data_purge(request=closed, now=closed.closed_at)

    assert deleted == 2
    assert not any(path.exists() for path in paths)
    row = InformationRequest.objects.get(pk=with_files.pk)
    assert (row.identity_document.name, row.power_of_attorney.name) == ("", "")


def test_altered_ciphertext_or_another_key_is_an_error_never_garbage(settings, with_files):
    stored = with_files.identity_document
    path = Path(settings.MEDIA_ROOT) / stored.name
    original = path.read_bytes()

    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(EncryptedFileError):
        stored.storage.open(stored.name)

    settings.FIELD_ENCRYPTION_KEY = ""  # back to the key derived for this test run
    path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(EncryptedFileError):
        stored.storage.open(stored.name)


def test_the_migration_encrypts_files_stored_before(settings, submit, client, utama_officer):
    migration = importlib.import_module("requests_app.migrations.0010_encrypt_identity_files")
    request = request_verify(request=submit().request, actor=utama_officer)
    legacy_name = storages["default"].save("private/lama.pdf", ContentFile(SCAN))  # plain
    InformationRequest.objects.filter(pk=request.pk).update(identity_document=legacy_name)
    legacy_path = Path(settings.MEDIA_ROOT) / legacy_name
    client.force_login(utama_officer)
    assert _download(client, request, "ktp") == SCAN  # a legacy file still reads

    migration.encrypt_plain_files(apps, None)
    migration.encrypt_plain_files(apps, None)  # a second run changes nothing

    row = InformationRequest.objects.get(pk=request.pk)
    assert row.identity_document.name != legacy_name
    assert not legacy_path.exists()
    assert _on_disk(settings, row.identity_document).startswith(MAGIC)
    assert len(list((Path(settings.MEDIA_ROOT) / "private").iterdir())) == 1
    assert _download(client, row, "ktp") == SCAN

    migration.decrypt_to_plain_files(apps, None)  # the way back, for a rollback

    row = InformationRequest.objects.get(pk=request.pk)
    assert _on_disk(settings, row.identity_document) == SCAN
