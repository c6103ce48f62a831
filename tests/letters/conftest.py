"""A request taken through the real services up to its written notice, and PDF text reading."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from requests_app.models import ConsequenceTest, Outcome, Tariff
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import request_extend, request_route, request_verify

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 24 March 2025 09:00 WIB: due Wednesday 16 April 2025, extended Monday 28 April 2025.
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA)
SIGNED_AT = datetime(2025, 4, 10, 10, 0, tzinfo=JAKARTA)


def pdf_text(data: bytes) -> str:
    """All text of a PDF with whitespace collapsed, so line wrapping does not split a phrase."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def stored_text(document) -> str:
    with document.file.open("rb") as handle:
        return pdf_text(handle.read())


@pytest.fixture
def letterhead_body(body):
    body.address = "Jl. Syekh Nawawi Al-Bantani, Palima"
    body.city = "Serang"
    body.phone = "(0254) 267001"
    body.email = "ppid@bantenprov.go.id"
    body.website = "https://ppid.bantenprov.go.id"
    body.save()
    return body


@pytest.fixture
def tariff(letterhead_body):
    return Tariff.objects.create(
        body=letterhead_body,
        effective_from=date(2025, 1, 1),
        sk_reference="SK Atasan PPID 045/2025",
        copy_per_page=500,
        media_per_unit=10000,
    )


@pytest.fixture
def consequence_test(letterhead_body):
    return ConsequenceTest.objects.create(
        body=letterhead_body,
        document="Daftar gaji pegawai Dinas Pendidikan",
        exempted_part="NIK dan nomor rekening pegawai",
        exemption_letter="h",
        exemption_subitem=3,
        harm_if_disclosed="Membuka rahasia keuangan pribadi pegawai",
        public_interest_balance="Perlindungan data pribadi lebih besar daripada manfaat membuka",
        decided_on=date(2025, 1, 2),
        decision_reference="SK PPID 001/UK/2025",
        signed_by="PPID Utama",
    )


@pytest.fixture
def routed(submit, letterhead_body, utama_officer, opd):
    """submit -> verify -> route to the OPD, with overridable form fields."""

    def _routed(**form):
        request = submit(now=T0, **form).request
        request = request_verify(request=request, actor=utama_officer, now=T0)
        return request_route(request=request, actor=utama_officer, unit=opd, now=T0)

    return _routed


@pytest.fixture
def noticed(routed, opd_officer, signer):
    """A routed request with an approved notice: `noticed(NoticeInput(...), extend=..., ...)`."""

    def _noticed(data: NoticeInput, *, extend: str = "", signed_at=SIGNED_AT, **form):
        request = routed(**form)
        if extend:
            request = request_extend(request=request, actor=opd_officer, reason=extend, now=T0)
        notice_draft(request=request, actor=opd_officer, data=data, now=T0)
        return notice_approve(request=request, actor=signer, now=signed_at)

    return _noticed


@pytest.fixture
def refusal_input(consequence_test):
    return NoticeInput(
        outcome=Outcome.REFUSED_EXEMPT,
        withheld_description="Seluruh daftar gaji",
        exemption_letter="h",
        exemption_subitem=3,
        consequence_test=consequence_test,
    )
