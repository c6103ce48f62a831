import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from requests_app.models import DocumentKind, Outcome, RequestDocument
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import request_route, request_verify
from tests.letters.conftest import SIGNED_AT, T0, pdf_text


@pytest.fixture
def notified(submit, letterhead_body, utama_officer, opd_officer, signer, opd):
    """(request, tracking token): routed to the OPD, notice approved and stored."""
    submitted = submit(now=T0)
    request = request_verify(request=submitted.request, actor=utama_officer, now=T0)
    request = request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    data = NoticeInput(outcome=Outcome.NOT_HELD, holding_body_unknown=True)
    notice_draft(request=request, actor=opd_officer, data=data, now=T0)
    request = notice_approve(request=request, actor=signer, now=SIGNED_AT)
    return request, submitted.tracking_token


@pytest.fixture
def notice_document(notified):
    return RequestDocument.objects.get(request=notified[0], kind=DocumentKind.NOTICE)


@pytest.fixture
def internal_document(notified, opd_officer):
    document = RequestDocument(
        request=notified[0],
        kind=DocumentKind.OFFICER_MATERIAL,
        filename="bahan-internal.pdf",
        visible_to_applicant=False,
        created_by=opd_officer,
        created_at=SIGNED_AT,
    )
    document.file.save("bahan.pdf", ContentFile(b"%PDF-1.4 internal"), save=False)
    document.save()
    return document


def download_url(document) -> str:
    return reverse("document_download", kwargs={"pk": document.pk})


def fetch(client, url: str, method: str = "get"):
    """(response, body). Reading a streamed file to the end lets the test client close it; closing
    it again here would send `request_finished` and drop the database connection mid-test."""
    response = getattr(client, method)(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def status(client, url: str) -> int:
    return fetch(client, url)[0].status_code


def track_with_token(client, request, token) -> None:
    """The tracking page turns the token into a session grant (as a citizen would)."""
    url = reverse("track_request", kwargs={"registration_number": request.registration_number})
    assert client.get(url, {"token": token}).status_code == 302


def test_officer_of_the_assigned_opd_downloads_the_notice(client, opd_officer, notice_document):
    client.force_login(opd_officer)

    response, body = fetch(client, download_url(notice_document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert notice_document.filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "PEMBERITAHUAN TERTULIS" in pdf_text(body)


def test_officer_of_another_opd_gets_404(client, other_opd_officer, notice_document):
    client.force_login(other_opd_officer)

    assert status(client, download_url(notice_document)) == 404


def test_read_only_supervisor_may_download(client, supervisor, internal_document):
    client.force_login(supervisor)

    response, body = fetch(client, download_url(internal_document))

    assert response.status_code == 200
    assert body == b"%PDF-1.4 internal"


def test_anonymous_visitor_gets_404(client, notice_document):
    assert status(client, download_url(notice_document)) == 404


def test_unknown_document_gets_404(client, utama_officer, notice_document):
    client.force_login(utama_officer)

    assert status(client, reverse("document_download", kwargs={"pk": 999999})) == 404


def test_applicant_with_tracking_grant_downloads_only_documents_meant_for_them(
    client, notified, notice_document, internal_document
):
    request, token = notified
    assert status(client, download_url(notice_document)) == 404
    track_with_token(client, request, token)

    assert status(client, download_url(notice_document)) == 200
    assert status(client, download_url(internal_document)) == 404


def test_tracking_grant_for_one_request_does_not_open_another(
    client, submit, notified, notice_document
):
    other = submit(now=T0)
    track_with_token(client, other.request, other.tracking_token)

    assert status(client, download_url(notice_document)) == 404


def test_applicant_account_downloads_its_own_request_documents(
    client, citizen, notified, notice_document, internal_document
):
    request, _token = notified
    request.applicant = citizen
    request.save(update_fields=["applicant"])
    client.force_login(citizen)

    assert status(client, download_url(notice_document)) == 200
    assert status(client, download_url(internal_document)) == 404


def test_download_only_answers_get(client, opd_officer, notice_document):
    client.force_login(opd_officer)

    assert fetch(client, download_url(notice_document), "post")[0].status_code == 405


def test_receipt_is_generated_on_first_download_and_reused(client, submit, letterhead_body):
    submitted = submit(now=T0)
    request = submitted.request
    url = reverse("request_receipt_download", kwargs={"request_pk": request.pk})
    assert status(client, url) == 404
    assert not RequestDocument.objects.filter(request=request).exists()
    track_with_token(client, request, submitted.tracking_token)

    first, first_body = fetch(client, url)
    second, second_body = fetch(client, url)

    assert first.status_code == second.status_code == 200
    receipts = RequestDocument.objects.filter(request=request, kind=DocumentKind.RECEIPT)
    assert receipts.count() == 1
    text = pdf_text(first_body)
    assert request.registration_number in text and "16 April 2025" in text
    assert second_body == first_body


def test_receipt_download_is_404_for_an_officer_outside_the_scope(
    client, routed, other_opd_officer, opd_officer
):
    request = routed()
    url = reverse("request_receipt_download", kwargs={"request_pk": request.pk})
    client.force_login(other_opd_officer)
    assert status(client, url) == 404

    client.force_login(opd_officer)
    assert status(client, url) == 200
