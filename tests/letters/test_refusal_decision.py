from datetime import date

from requests_app.models import ConsequenceTest, DocumentKind, Outcome, RequestDocument
from requests_app.services.notices import NoticeInput
from tests.letters.conftest import stored_text


def test_refusal_stores_a_decision_with_the_citation_and_consequence_test(noticed, refusal_input):
    request = noticed(refusal_input)

    document = RequestDocument.objects.get(request=request, kind=DocumentKind.REFUSAL_DECISION)
    text = stored_text(document)
    assert "SURAT KEPUTUSAN PPID PROV. BANTEN TENTANG PENOLAKAN PERMOHONAN INFORMASI" in text
    assert f"Nomor pendaftaran : {request.registration_number}" in text
    assert "Siti Aminah" in text and "Salinan DPA Dinas Pendidikan tahun anggaran 2025" in text
    assert "Pasal 17 huruf h angka 3 UU 14/2008 (h. rahasia pribadi)" in text
    assert "SK PPID 001/UK/2025 tanggal 2 Januari 2025" in text
    assert "Daftar gaji pegawai Dinas Pendidikan" in text
    assert "NIK dan nomor rekening pegawai" in text
    assert "Membuka rahasia keuangan pribadi pegawai" in text
    assert "Perlindungan data pribadi lebih besar daripada manfaat membuka" in text
    assert "PERMOHONAN INFORMASI DITOLAK" in text
    assert "kepada atasan PPID paling lambat 30 (tiga puluh) hari kerja" in text
    assert "Serang, 10 April 2025" in text
    notice_text = stored_text(
        RequestDocument.objects.get(request=request, kind=DocumentKind.NOTICE)
    )
    assert "c. Keputusan Ditolak (informasi dikecualikan)" in notice_text


def test_refusal_under_letter_j_cites_the_other_statute(noticed, letterhead_body):
    test = ConsequenceTest.objects.create(
        body=letterhead_body,
        document="Data rekam medis",
        exempted_part="Seluruh isi",
        exemption_letter="j",
        harm_if_disclosed="Melanggar kerahasiaan kedokteran",
        public_interest_balance="Tidak ada kepentingan publik yang lebih besar",
        decided_on=date(2025, 2, 3),
        decision_reference="SK PPID 002/UK/2025",
        signed_by="PPID Utama",
    )

    request = noticed(
        NoticeInput(
            outcome=Outcome.REFUSED_EXEMPT,
            exemption_letter="j",
            other_statute="UU 17/2023 tentang Kesehatan Pasal 4",
            consequence_test=test,
        )
    )

    text = stored_text(
        RequestDocument.objects.get(request=request, kind=DocumentKind.REFUSAL_DECISION)
    )
    assert "Pasal 17 huruf j jo. UU 17/2023 tentang Kesehatan Pasal 4 UU 14/2008" in text
    assert "Melanggar kerahasiaan kedokteran" in text
