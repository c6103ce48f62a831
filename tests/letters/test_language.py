"""Letters are written in the body's correspondence language, whatever the reader's UI language."""

from datetime import datetime

import pytest
from django.utils import translation

from requests_app.letters.service import letter_html, letter_render
from requests_app.models import DocumentKind, Outcome, RequestDocument
from requests_app.services.notices import NoticeInput
from requests_app.services.objections import (
    ObjectionInput,
    objection_decide,
    objection_file,
    objection_review,
)
from requests_app.services.workflow import request_route, request_verify
from tests.letters.conftest import JAKARTA, T0, pdf_text, stored_text


@pytest.fixture
def english_body(letterhead_body):
    letterhead_body.correspondence_language = "en"
    letterhead_body.save(update_fields=["correspondence_language"])
    return letterhead_body


def _stored(request, kind) -> str:
    return stored_text(RequestDocument.objects.get(request=request, kind=kind))


def _partial_grant(consequence_test) -> NoticeInput:
    return NoticeInput(
        outcome=Outcome.GRANTED_PARTLY,
        material_description="Salinan DPA 2025 tanpa lampiran gaji",
        withheld_description="Lampiran daftar gaji pegawai",
        redaction_explanation="Nomor rekening pegawai dihitamkan",
        exemption_letter="h",
        exemption_subitem=3,
        consequence_test=consequence_test,
        copy_format="hardcopy",
        provision_days=3,
        pages=30,
    )


def test_receipt_of_a_body_that_chose_english_is_in_english(submit, english_body):
    request = submit(now=T0).request

    html = letter_html(request=request, kind=DocumentKind.RECEIPT, now=T0)
    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert '<html lang="en">' in html
    assert "RECEIPT OF PUBLIC INFORMATION REQUEST" in text
    assert "TANDA BUKTI PENERIMAAN" not in text
    assert "within 10 (ten) working days" in text
    assert "no more than 7 (seven) working days" in text
    assert "atasan PPID within 30 (thirty) working days" in text
    assert "Registration number" in text and "Nomor pendaftaran" not in text
    assert "hari kerja" not in text and "Saudara" not in text
    # The applicant's own words stay as typed; dates keep the Indonesian format by design.
    assert "Salinan DPA Dinas Pendidikan tahun anggaran 2025" in text
    assert "Serang, 24 Maret 2025" in text


def test_receipt_is_indonesian_by_default_even_from_an_english_page(submit, letterhead_body):
    request = submit(now=T0).request

    with translation.override("en"):
        html = letter_html(request=request, kind=DocumentKind.RECEIPT, now=T0)
        text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert '<html lang="id">' in html
    assert "TANDA BUKTI PENERIMAAN PERMOHONAN INFORMASI PUBLIK" in text
    assert "paling lambat 10 (sepuluh) hari kerja" in text
    assert "RECEIPT OF PUBLIC INFORMATION REQUEST" not in text


def test_rendering_a_letter_leaves_the_callers_language_alone(submit, english_body):
    request = submit(now=T0).request

    with translation.override("id"):
        letter_html(request=request, kind=DocumentKind.RECEIPT, now=T0)
        assert translation.get_language() == "id"


def test_written_notice_of_an_english_body_is_in_english(
    noticed, english_body, tariff, consequence_test
):
    request = noticed(_partial_grant(consequence_test))

    text = _stored(request, DocumentKind.NOTICE)
    assert "WRITTEN NOTICE" in text and "PEMBERITAHUAN TERTULIS" not in text
    assert "a. Control of the information Our office (PPID Prov. Banten)" in text
    assert "c. Decision Partially granted" in text
    assert "Article 17 letter h point 3 of Law 14/2008 (h. personal secrets)" in text
    assert "Pasal 17" not in text
    assert "Copying 30 pages 30 Rp500 Rp15.000" in text and "Total fees Rp15.000" in text
    assert "Time of provision 3 working days" in text
    assert "Information and Documentation Management Officer (PPID)" in text
    assert "Pejabat Pengelola" not in text and "hari kerja" not in text


def test_refusal_decision_of_an_english_body_is_in_english(noticed, english_body, refusal_input):
    request = noticed(refusal_input)

    text = _stored(request, DocumentKind.REFUSAL_DECISION)
    assert "DECISION OF PPID PROV. BANTEN ON THE REFUSAL OF AN INFORMATION REQUEST" in text
    assert "THE INFORMATION REQUEST IS REFUSED" in text
    assert "SURAT KEPUTUSAN" not in text and "DITOLAK" not in text


def test_indonesian_notice_ignores_the_language_of_the_officers_pages(
    noticed, letterhead_body, tariff, consequence_test
):
    # Drafted and approved from English pages: the stored fee label and signer title are
    # English, yet an Indonesian body's letter must read Indonesian throughout.
    with translation.override("en"):
        request = noticed(_partial_grant(consequence_test))

    text = _stored(request, DocumentKind.NOTICE)
    assert "PEMBERITAHUAN TERTULIS" in text and "WRITTEN NOTICE" not in text
    assert "Penggandaan 30 lembar 30 Rp500 Rp15.000" in text and "Copying" not in text
    assert "Pejabat Pengelola Informasi dan Dokumentasi" in text
    assert "Information and Documentation Management Officer" not in text
    assert "Pasal 17 huruf h angka 3 UU 14/2008 (h. rahasia pribadi)" in text


def _decided_objection(submit, utama_officer, opd, atasan, *, upheld: bool):
    result = submit(now=T0)
    request = request_verify(request=result.request, actor=utama_officer, now=T0)
    request = request_route(request=request, actor=utama_officer, unit=opd, now=T0)
    filed_at = datetime(2025, 4, 21, 10, tzinfo=JAKARTA)
    objection = objection_file(
        request=request,
        token=result.tracking_token,
        data=ObjectionInput(["a", "c"], "Tidak ditanggapi"),
        now=filed_at,
    )
    objection = objection_review(objection=objection, actor=atasan, now=filed_at)
    objection_decide(
        objection=objection,
        actor=atasan,
        upheld=upheld,
        reasons="Dokumen sudah diumumkan",
        now=datetime(2025, 4, 22, 10, tzinfo=JAKARTA),
    )
    return request


def test_objection_letters_of_an_english_body_are_in_english(
    submit, english_body, utama_officer, opd, atasan
):
    request = _decided_objection(submit, utama_officer, opd, atasan, upheld=False)

    receipt = _stored(request, DocumentKind.OBJECTION_RECEIPT)
    decision = _stored(request, DocumentKind.OBJECTION_DECISION)
    assert "OBJECTION FORM CONCERNING A PUBLIC INFORMATION REQUEST" in receipt
    assert "FORMULIR KEBERATAN" not in receipt
    assert "letter a, letter c" in receipt and "huruf" not in receipt
    assert "Response to the objection" in decision
    assert "The objection is REJECTED and the decision of the PPID is confirmed." in decision
    assert "Keberatan DITOLAK" not in decision and "Tanggapan atas keberatan" not in decision
    assert "Dokumen sudah diumumkan" in decision  # the atasan's reasons, as written


def test_objection_decision_is_indonesian_by_default(
    submit, letterhead_body, utama_officer, opd, atasan
):
    request = _decided_objection(submit, utama_officer, opd, atasan, upheld=True)

    decision = _stored(request, DocumentKind.OBJECTION_DECISION)
    assert "Tanggapan atas keberatan" in decision
    assert "Keberatan DIKABULKAN." in decision
    assert "The objection is UPHELD" not in decision
