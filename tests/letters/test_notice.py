from datetime import datetime

import pytest

from requests_app.letters.service import letter_render
from requests_app.models import DipItem, DocumentKind, Outcome, RequestDocument
from requests_app.services.notices import NoticeInput, notice_draft
from tests.letters.conftest import JAKARTA, T0, pdf_text, stored_text


def notice_text(request) -> str:
    return stored_text(RequestDocument.objects.get(request=request, kind=DocumentKind.NOTICE))


@pytest.fixture
def named_signer(signer):
    signer.first_name, signer.last_name = "Budi", "Santoso"
    signer.save()
    return signer


def test_partial_grant_notice_lists_items_a_to_g_with_the_fee_breakdown(
    noticed, tariff, consequence_test, named_signer
):
    request = noticed(
        NoticeInput(
            outcome=Outcome.GRANTED_PARTLY,
            material_description="Salinan DPA 2025 tanpa lampiran gaji",
            withheld_description="Lampiran daftar gaji pegawai",
            redaction_explanation="Nomor rekening pegawai dihitamkan",
            exemption_letter="h",
            exemption_subitem=3,
            consequence_test=consequence_test,
            copy_format="hardcopy",
            medium="Kertas A4",
            provision_days=3,
            pages=30,
            media_units=1,
            delivery_fee=15000,
            payment_method="Transfer ke rekening Kas Daerah",
        ),
        extend="Dokumen di arsip",
        copy_format="hardcopy",
        delivery_method="pos",
    )

    text = notice_text(request)
    assert f"PT/{request.registration_number}" in text and "Serang, 10 April 2025" in text
    assert "Siti Aminah" in text and "Penelitian anggaran pendidikan" in text
    assert "a. Penguasaan informasi Kami (PPID Prov. Banten)" in text
    assert "b. Badan publik yang menguasai informasi Kami" in text
    assert "c. Keputusan Dikabulkan sebagian" in text
    assert "Pasal 17 huruf h angka 3 UU 14/2008" in text and "SK PPID 001/UK/2025" in text
    assert "d. Informasi yang diberikan Salinan DPA 2025 tanpa lampiran gaji" in text
    assert "Lampiran daftar gaji pegawai" in text
    assert "Nomor rekening pegawai dihitamkan" in text
    assert "f. Bentuk fisik dan media Hardcopy (cetak); media: Kertas A4" in text
    assert "g. Biaya dan cara pembayaran Total Rp40.000" in text
    assert "Transfer ke rekening Kas Daerah" in text
    assert "Waktu penyediaan 3 hari kerja" in text
    assert "Penggandaan 30 lembar 30 Rp500 Rp15.000" in text
    assert "Media penyimpanan 1 Rp10.000 Rp10.000" in text
    assert "Ongkos pengiriman 1 Rp15.000 Rp15.000" in text
    assert "Total biaya Rp40.000" in text and "SK Atasan PPID 045/2025" in text
    assert "kepada atasan PPID paling lambat 30 (tiga puluh) hari kerja" in text
    assert "Budi Santoso" in text
    assert "melewati batas waktu" not in text


def test_free_electronic_notice_says_rp0_without_a_fee_table(noticed, tariff):
    request = noticed(
        NoticeInput(
            outcome=Outcome.GRANTED_FULLY,
            material_description="DPA 2025",
            copy_format="softcopy",
            provision_days=1,
            pages=30,
        )
    )

    text = notice_text(request)
    assert "Rp0 (tanpa biaya)" in text
    assert "Rincian biaya" not in text and "Pasal 17" not in text


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        (
            {"holding_body_name": "Pemerintah Kota Serang"},
            "Badan publik lain: Pemerintah Kota Serang",
        ),
        ({"holding_body_unknown": True}, "Badan publik lain: tidak diketahui"),
    ],
)
def test_not_held_notice_names_the_holding_body_or_says_unknown(noticed, holder, expected):
    request = noticed(NoticeInput(outcome=Outcome.NOT_HELD, **holder))

    text = notice_text(request)
    assert "a. Penguasaan informasi Tidak berada di bawah penguasaan kami" in text
    assert f"b. Badan publik yang menguasai informasi {expected}" in text


def test_already_available_notice_gives_the_dip_title_and_link(noticed, letterhead_body):
    item = DipItem.objects.create(
        body=letterhead_body,
        title="Ringkasan Laporan Keuangan 2024",
        summary="LKPD",
        information_class="berkala",
        link="https://ppid.bantenprov.go.id/dip/lkpd-2024",
    )

    request = noticed(NoticeInput(outcome=Outcome.ALREADY_AVAILABLE, dip_item=item))

    text = notice_text(request)
    assert "Ringkasan Laporan Keuangan 2024" in text
    assert "https://ppid.bantenprov.go.id/dip/lkpd-2024" in text


def test_not_documented_notice_gives_the_explanation(noticed):
    request = noticed(
        NoticeInput(
            outcome=Outcome.NOT_YET_DOCUMENTED, explanation="Kajian baru dimulai tahun 2026."
        )
    )

    text = notice_text(request)
    assert "belum didokumentasikan: Kajian baru dimulai tahun 2026." in text


def test_late_notice_carries_the_late_line(noticed):
    after_due = datetime(2025, 4, 17, 10, 0, tzinfo=JAKARTA)

    request = noticed(
        NoticeInput(outcome=Outcome.NOT_HELD, holding_body_unknown=True), signed_at=after_due
    )

    assert request.notice_late
    assert "Pemberitahuan ini disampaikan melewati batas waktu 16 April 2025" in notice_text(
        request
    )


def test_html_in_officer_text_is_printed_as_text(noticed):
    request = noticed(
        NoticeInput(
            outcome=Outcome.NOT_YET_DOCUMENTED, explanation="<script>alert(1)</script> belum ada"
        )
    )

    assert "<script>alert(1)</script> belum ada" in notice_text(request)


def test_draft_notice_preview_is_signed_by_the_body_ppid(routed, opd_officer):
    request = routed()
    notice_draft(
        request=request,
        actor=opd_officer,
        data=NoticeInput(outcome=Outcome.NOT_HELD, holding_body_unknown=True),
        now=T0,
    )
    request.refresh_from_db()

    text = pdf_text(letter_render(request=request, kind=DocumentKind.NOTICE, now=T0))

    assert "Pejabat Pengelola Informasi dan Dokumentasi PPID Prov. Banten" in text
    assert "Serang, 24 Maret 2025" in text
