from requests_app.models import DocumentKind, RequestDocument
from requests_app.services.workflow import request_extend
from tests.letters.conftest import T0, stored_text


def test_extension_stores_a_letter_with_both_due_dates_and_the_reason(routed, opd_officer):
    request = routed()

    request = request_extend(
        request=request,
        actor=opd_officer,
        reason="Dokumen berada di arsip inaktif dan perlu ditelusuri.",
        now=T0,
    )

    document = RequestDocument.objects.get(request=request, kind=DocumentKind.EXTENSION_LETTER)
    text = stored_text(document)
    assert f"PWP/{request.registration_number}" in text
    assert "Batas waktu semula (10 hari kerja) : Rabu, 16 April 2025" in text
    assert "Batas waktu setelah perpanjangan : Senin, 28 April 2025" in text
    assert "Dokumen berada di arsip inaktif dan perlu ditelusuri." in text
    assert "Pasal 22 ayat (8)" in text and "Serang, 24 Maret 2025" in text
    assert "kepada atasan PPID paling lambat 30 (tiga puluh) hari kerja" in text
    assert document.visible_to_applicant and document.filename.endswith(".pdf")
    assert request.registration_number.replace("/", "-") in document.filename
    assert request.registration_number.replace("/", "-") not in document.file.name
