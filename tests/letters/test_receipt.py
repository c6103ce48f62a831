from requests_app.letters.service import letter_html, letter_render
from requests_app.models import DocumentKind
from tests.factories import VALID_NIK
from tests.letters.conftest import T0, pdf_text


def test_receipt_carries_the_statutory_form_fields_and_dates(submit, letterhead_body):
    request = submit(now=T0, copy_format="hardcopy", delivery_method="pos").request

    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert "TANDA BUKTI PENERIMAAN PERMOHONAN INFORMASI PUBLIK" in text
    assert f"Nomor pendaftaran {request.registration_number}" in text.replace(":", "")
    assert "24 Maret 2025 pukul 09.00 WIB" in text
    assert "Senin, 24 Maret 2025" in text  # effective receipt date
    assert "Rabu, 16 April 2025" in text  # 10 HK
    for expected in (
        "Siti Aminah",
        "Jl. Raya Serang No. 1, Kota Serang",
        "Wiraswasta",
        "081234567890 / siti@example.org",
        "Salinan DPA Dinas Pendidikan tahun anggaran 2025",
        "Penelitian anggaran pendidikan",
        "Mendapatkan salinan",
        "Hardcopy (cetak)",
        "Pos",
        "Web/aplikasi",
    ):
        assert expected in text, expected


def test_receipt_explains_the_ten_plus_seven_rule_and_the_objection_right(submit, letterhead_body):
    request = submit(now=T0).request

    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert "paling lambat 10 (sepuluh) hari kerja" in text
    assert "paling lama 7 (tujuh) hari kerja" in text
    assert (
        "keberatan secara tertulis kepada atasan PPID paling lambat 30 (tiga puluh) hari kerja"
        in text
    )


def test_receipt_shows_only_the_masked_nik(submit, letterhead_body):
    request = submit(now=T0).request

    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert VALID_NIK not in text.replace(" ", "")
    assert request.masked_nik in text and request.masked_nik.endswith(VALID_NIK[-4:])


def test_receipt_is_on_the_body_letterhead(submit, letterhead_body):
    request = submit(now=T0).request

    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert "PEMERINTAH PROVINSI BANTEN" in text
    assert "PPID Prov. Banten" in text
    assert "Jl. Syekh Nawawi Al-Bantani, Palima, Serang" in text
    assert "(0254) 267001" in text and "ppid@bantenprov.go.id" in text
    assert "https://ppid.bantenprov.go.id" in text
    assert "Serang, 24 Maret 2025" in text


def test_html_in_applicant_text_is_escaped_and_printed_as_text(submit, letterhead_body):
    typed = 'Data <script>alert("x")</script> <img src="/etc/passwd"> & <b>tebal</b>'
    request = submit(now=T0, information_requested=typed).request

    html = letter_html(request=request, kind=DocumentKind.RECEIPT, now=T0)
    text = pdf_text(letter_render(request=request, kind=DocumentKind.RECEIPT, now=T0))

    assert "<script>" not in html and "<img src=" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert typed in text  # inert: shown as the characters the applicant typed
