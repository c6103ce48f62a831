"""Role x endpoint x object: who may read a request, its tracking page, its letters, its identity
scan and its data download, on the web and in the API. What a persona may not see answers exactly
like something that does not exist (404, or the role gate's answer), so ids, registration numbers
and file URLs leak nothing."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from requests_app.models import DocumentKind, RequestDocument, Role
from requests_app.services.workflow import request_route, request_verify
from tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TRACKING_HEADER = "HTTP_X_TRACKING_TOKEN"
ENDPOINTS = ("officer_page", "api_detail", "track_page", "api_track", "letter", "ktp", "my_data")
MISSING_PK, MISSING_NUMBER = 999_999, "9999/PPID/TIDAK-ADA/2025"

# The request of the province (Banten), routed to the Dinas Pendidikan (`opd`).
# officer_page, api_detail, track_page, api_track, letter, ktp (identity scan), my_data (JSON).
PROVINCE_REQUEST = {
    "owner": (404, 403, 200, 200, 200, 404, 200),
    "token_holder": (302, 401, 200, 200, 200, 302, 200),
    "other_citizen": (404, 403, 404, 404, 404, 404, 404),
    "anonymous": (302, 401, 404, 404, 404, 302, 404),
    "utama_officer": (200, 200, 404, 404, 200, 200, 404),
    "opd_officer": (200, 200, 404, 404, 200, 200, 404),
    "other_opd_officer": (404, 404, 404, 404, 404, 404, 404),
    # Reads everything in scope, but identity data is for the handling officers only.
    "supervisor": (200, 200, 404, 404, 200, 403, 404),
    # The PPID who signs the body's notices handles the case: the scan too (E4), logged.
    "signer": (200, 200, 404, 404, 200, 200, 404),
    # The atasan PPID reads the body's requests (objections are decided on them) but is not a
    # handling officer: the scan is refused, openly, since the request itself is visible.
    "atasan": (200, 200, 404, 404, 200, 403, 404),
    # Signer and atasan configured for another OPD (F6) do not know this request exists.
    "other_opd_signer": (404, 404, 404, 404, 404, 404, 404),
    "other_opd_atasan": (404, 404, 404, 404, 404, 404, 404),
    "regency_officer": (404, 404, 404, 404, 404, 404, 404),
    "regency_supervisor": (404, 404, 404, 404, 404, 404, 404),
}
# The request of a kabupaten under the province: only the provincial supervisor crosses bodies.
REGENCY_REQUEST = {
    "utama_officer": (404, 404, 404, 404, 404, 404, 404),
    "supervisor": (200, 200, 404, 404, 200, 403, 404),
    "regency_officer": (200, 200, 404, 404, 200, 200, 404),
    "regency_supervisor": (200, 200, 404, 404, 200, 403, 404),
    "other_opd_officer": (404, 404, 404, 404, 404, 404, 404),
    # Signer and atasan of the province never cross into the kabupaten.
    "signer": (404, 404, 404, 404, 404, 404, 404),
    "atasan": (404, 404, 404, 404, 404, 404, 404),
}


def _scan():
    return SimpleUploadedFile("ktp.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")


def _with_letter(request):
    RequestDocument.objects.create(
        request=request,
        kind=DocumentKind.RECEIPT,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="tanda-bukti.pdf"),
        filename="tanda-bukti.pdf",
        created_at=timezone.now(),
    )
    return request


@pytest.fixture
def world(
    submit,
    body,
    opd,
    other_opd,
    citizen,
    utama_officer,
    opd_officer,
    other_opd_officer,
    supervisor,
    signer,
    atasan,
):
    regency = PublicBodyFactory(
        code="3602", slug="lebak", kind="regency", parent=body, registration_code="LEBAK"
    )
    regency_desk = UnitFactory(body=regency, kind="ppid_utama", code="KOMINFO-LBK")
    users = {
        "owner": citizen,
        "other_citizen": UserFactory(username="tetangga"),
        "utama_officer": utama_officer,
        "opd_officer": opd_officer,
        "other_opd_officer": other_opd_officer,
        "supervisor": supervisor,
        "regency_officer": UserFactory(username="petugas-lebak"),
        "regency_supervisor": UserFactory(username="pengawas-lebak"),
        "signer": signer,
        "atasan": atasan,
        "other_opd_signer": UserFactory(username="penandatangan-dinkes"),
        "other_opd_atasan": UserFactory(username="atasan-dinkes"),
    }
    MembershipFactory(user=users["other_opd_signer"], body=body, unit=other_opd, role=Role.SIGNER)
    MembershipFactory(user=users["other_opd_atasan"], body=body, unit=other_opd, role=Role.ATASAN)
    MembershipFactory(
        user=users["regency_officer"], body=regency, unit=regency_desk, role=Role.UTAMA_OFFICER
    )
    MembershipFactory(user=users["regency_supervisor"], body=regency, role=Role.SUPERVISOR)

    submitted = submit(identity_document=_scan())
    province_request = submitted.request
    province_request.applicant = citizen
    province_request.save(update_fields=["applicant"])
    verified = request_verify(request=province_request, actor=utama_officer)
    request_route(request=verified, actor=utama_officer, unit=opd)
    regency_request = submit(regency, identity_document=_scan()).request
    return {
        "users": users,
        "province": (_with_letter(province_request), submitted.tracking_token),
        "regency": (_with_letter(regency_request), ""),
    }


def _client(world, persona, request, token) -> Client:
    client = Client()
    if persona in world["users"]:
        client.force_login(world["users"][persona])
    elif persona == "token_holder":
        # The tracking link turns the token into a session grant and leaves the address bar.
        url = reverse("track_request", kwargs={"registration_number": request.registration_number})
        assert client.get(f"{url}?token={token}").status_code == 302
    return client


def _urls(pk: int, number: str, letter_pk: int) -> dict[str, str]:
    return {
        "officer_page": reverse("officer_request", kwargs={"pk": pk}),
        "api_detail": f"/api/v1/requests/{pk}/",
        "track_page": reverse("track_request", kwargs={"registration_number": number}),
        "api_track": f"/api/v1/track/{number}/",
        "letter": reverse("document_download", kwargs={"pk": letter_pk}),
        "ktp": reverse("officer_identity_file", kwargs={"pk": pk, "kind": "ktp"}),
        "my_data": reverse("request_data_download", kwargs={"registration_number": number}),
    }


def _get(client, url: str, **headers) -> int:
    response = client.get(url, **headers)
    if response.streaming:
        # Read to the end so the test client closes the file handle; an explicit close() would
        # send `request_finished` and drop the database connection mid-test on PostgreSQL.
        b"".join(response.streaming_content)
    return response.status_code


def _statuses(client, urls: dict[str, str], token: str) -> tuple[int, ...]:
    headers = {TRACKING_HEADER: token} if token else {}
    return tuple(_get(client, urls[name], **headers) for name in ENDPOINTS)


def _check(world, which: str, persona: str, expected: tuple[int, ...]) -> None:
    request, token = world[which]
    token = token if persona == "token_holder" else ""
    client = _client(world, persona, request, world["province"][1])
    letter = request.documents.get()
    seen = _statuses(client, _urls(request.pk, request.registration_number, letter.pk), token)
    assert dict(zip(ENDPOINTS, seen, strict=True)) == dict(zip(ENDPOINTS, expected, strict=True))
    # What one may not see answers like what does not exist: no id or number oracle.
    missing = _statuses(client, _urls(MISSING_PK, MISSING_NUMBER, MISSING_PK), token)
    for name, code, absent in zip(ENDPOINTS, seen, missing, strict=True):
        if code not in (200, 403) or name in ("track_page", "api_track", "my_data"):
            assert code == absent or code == 200, (name, code, absent)


@pytest.mark.parametrize("persona", PROVINCE_REQUEST)
def test_who_reads_a_province_request(world, persona):
    _check(world, "province", persona, PROVINCE_REQUEST[persona])


@pytest.mark.parametrize("persona", REGENCY_REQUEST)
def test_only_the_provincial_supervisor_crosses_into_a_kabupaten(world, persona):
    _check(world, "regency", persona, REGENCY_REQUEST[persona])


def test_every_identity_scan_download_is_logged_with_who(world, client):
    request, _token = world["province"]
    officer = world["users"]["opd_officer"]
    client.force_login(officer)
    url = reverse("officer_identity_file", kwargs={"pk": request.pk, "kind": "ktp"})

    for _ in range(2):
        assert _get(client, url) == 200

    views = request.events.filter(code="request.identity.viewed")
    assert views.count() == 2
    assert {(e.actor_id, e.data.get("item")) for e in views} == {(officer.pk, "identity_document")}
