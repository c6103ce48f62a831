"""The tracking page lists the letters the applicant may download, and only those."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from requests_app.models import RequestDocument
from requests_app.services.workflow import request_extend, request_verify

pytestmark = pytest.mark.django_db


def test_tracking_page_links_the_applicants_letters_but_not_internal_files(
    client, submit, utama_officer
):
    now = timezone.now()
    submitted = submit(now=now)
    info = request_verify(request=submitted.request, actor=utama_officer, now=now)
    request_extend(request=info, actor=utama_officer, reason="Arsip di gudang", now=now)
    internal = RequestDocument(
        request=info,
        kind="officer_material",
        filename="bahan.pdf",
        visible_to_applicant=False,
        created_at=now,
    )
    internal.file.save("bahan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    internal.save()
    number = info.registration_number
    client.get(f"/lacak/{number}/?token={submitted.tracking_token}")

    page = client.get(reverse("track_request", kwargs={"registration_number": number}))
    html = page.content.decode()
    letter = RequestDocument.objects.get(request=info, kind="extension_letter")
    assert "Surat untuk Anda" in html
    assert reverse("document_download", kwargs={"pk": letter.pk}) in html
    assert reverse("document_download", kwargs={"pk": internal.pk}) not in html
