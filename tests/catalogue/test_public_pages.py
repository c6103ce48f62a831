import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.models import InformationClass
from tests.catalogue.factories import ConsequenceTestFactory, DipItemFactory
from tests.factories import VALID_NIK, PublicBodyFactory, UnitFactory

pytestmark = pytest.mark.django_db

DIP_URL = "/informasi-publik/"
DIK_URL = "/informasi-publik/dikecualikan/"


def test_pages_are_mounted_under_informasi_publik():
    assert reverse("public_dip") == DIP_URL
    assert reverse("public_dik") == DIK_URL


def test_dip_page_lists_published_items_with_their_facts(client, body, opd):
    DipItemFactory(
        body=body,
        responsible_unit=opd,
        title="Rencana Strategis Dinas Pendidikan",
        summary="Renstra 2025-2029",
        information_class=InformationClass.ANY_TIME,
        form="Softcopy",
        retention="Selama berlaku",
        year=2024,
        link="https://ppid.example.go.id/renstra.pdf",
    )
    DipItemFactory(body=body, title="Draf belum terbit", is_published=False)
    response = client.get(DIP_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Rencana Strategis Dinas Pendidikan",
        "Renstra 2025-2029",
        "Informasi tersedia setiap saat",
        opd.name,
        "Selama berlaku",
        "2024",
        "https://ppid.example.go.id/renstra.pdf",
    ):
        assert text in page
    assert "Draf belum terbit" not in page


def test_dip_page_filters_by_body_class_and_keyword(client, body):
    other = PublicBodyFactory(name="Pemerintah Kota Serang")
    DipItemFactory(body=body, title="Laporan keuangan", information_class="berkala")
    DipItemFactory(body=body, title="Peringatan banjir", information_class="serta_merta")
    DipItemFactory(body=other, title="Laporan keuangan kota", information_class="berkala")
    page = client.get(DIP_URL, {"badan": body.slug, "klasifikasi": "berkala"}).content.decode()
    assert "Laporan keuangan" in page
    assert "Peringatan banjir" not in page and "Laporan keuangan kota" not in page
    page = client.get(DIP_URL, {"q": "banjir"}).content.decode()
    assert "Peringatan banjir" in page and "Laporan keuangan" not in page


def test_dip_page_with_unknown_filter_values_reports_them_instead_of_failing(client, body):
    DipItemFactory(body=body, title="Laporan keuangan")
    response = client.get(DIP_URL, {"badan": "tidak-ada", "klasifikasi": "rahasia", "page": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"badan", "klasifikasi"}
    assert "Laporan keuangan" in response.content.decode()


def test_dip_page_is_paginated_and_keeps_the_filters(client, body):
    for n in range(25):
        DipItemFactory(body=body, title=f"Laporan bulanan {n:02d}")
    first = client.get(DIP_URL, {"q": "bulanan"})
    assert len(first.context["page"].object_list) == 20
    assert "q=bulanan&amp;page=2" in first.content.decode()
    second = client.get(DIP_URL, {"q": "bulanan", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_dik_page_shows_legal_basis_and_sk_and_hides_unpublished(client, body, opd):
    ConsequenceTestFactory(
        body=body,
        unit=opd,
        document="Data pribadi pegawai",
        exempted_part="Nomor rekening gaji",
        exemption_letter="h",
        exemption_subitem=3,
        exemption_period="Selama pegawai aktif",
        decision_reference="SK-PPID/007/2025",
    )
    ConsequenceTestFactory(
        body=body,
        document="Dokumen penyidikan",
        exemption_letter="j",
        exemption_subitem=None,
        other_statute="UU 8/1981 (KUHAP)",
    )
    ConsequenceTestFactory(body=body, document="Kajian internal rahasia", is_published=False)
    response = client.get(DIK_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Data pribadi pegawai",
        "Nomor rekening gaji",
        "Pasal 17 huruf h angka 3 UU 14/2008",
        "Pasal 17 huruf j jo. UU 8/1981 (KUHAP) UU 14/2008",
        "Selama pegawai aktif",
        "SK-PPID/007/2025",
        "3 Februari 2025",
        opd.short_name,
    ):
        assert text in page
    assert "Kajian internal rahasia" not in page


def test_dik_page_search_and_body_filter(client, body):
    other = PublicBodyFactory()
    ConsequenceTestFactory(body=body, document="Hasil seleksi terbuka")
    ConsequenceTestFactory(body=other, document="Hasil seleksi kota")
    page = client.get(DIK_URL, {"badan": body.slug, "q": "seleksi"}).content.decode()
    assert "Hasil seleksi terbuka" in page and "Hasil seleksi kota" not in page


def test_public_pages_contain_no_personal_data_of_applicants(client, submit, body):
    submitted = submit(
        full_name="Bambang Sutrisno",
        phone="081399988877",
        email="bambang.rahasia@example.org",
        information_requested="Salinan laporan keuangan daerah 2025",
    )
    DipItemFactory(body=body, title="Laporan keuangan daerah 2025")
    ConsequenceTestFactory(body=body, document="Laporan keuangan rinci")
    for url in (DIP_URL, DIK_URL, f"{DIP_URL}?q=keuangan"):
        page = client.get(url).content.decode()
        for secret in (
            VALID_NIK,
            "081399988877",
            "bambang.rahasia@example.org",
            "Bambang Sutrisno",
            submitted.request.registration_number,
        ):
            assert secret not in page, (url, secret)


def test_published_item_file_downloads_without_login(client, body):
    item = DipItemFactory(body=body)
    item.file.save("renstra.pdf", ContentFile(b"%PDF-1.4 isi renstra"), save=True)
    response = client.get(reverse("public_dip_file", kwargs={"pk": item.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi renstra"
    assert "attachment" in response["Content-Disposition"]
    assert f"/informasi-publik/berkas/{item.pk}/" in client.get(DIP_URL).content.decode()


def test_unpublished_or_missing_file_is_not_served(client, body):
    hidden = DipItemFactory(body=body, is_published=False)
    hidden.file.save("rahasia.pdf", ContentFile(b"%PDF-1.4 draf"), save=True)
    without_file = DipItemFactory(body=body)
    gone = DipItemFactory(body=body, file="dip/2025/hilang.pdf")
    for item in (hidden, without_file, gone):
        response = client.get(reverse("public_dip_file", kwargs={"pk": item.pk}))
        assert response.status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dip_page_query_count_does_not_grow_with_rows(client, body, django_assert_max_num_queries):
    unit = UnitFactory(body=body)
    DipItemFactory.create_batch(2, body=body, responsible_unit=unit)
    few = _count_queries(client, DIP_URL)
    DipItemFactory.create_batch(18, body=PublicBodyFactory(), responsible_unit=UnitFactory())
    with django_assert_max_num_queries(few):
        client.get(DIP_URL)
    assert few <= 3


def test_dik_page_query_count_does_not_grow_with_rows(client, body, django_assert_max_num_queries):
    ConsequenceTestFactory.create_batch(2, body=body, unit=UnitFactory(body=body))
    few = _count_queries(client, DIK_URL)
    ConsequenceTestFactory.create_batch(18, body=PublicBodyFactory(), unit=UnitFactory())
    with django_assert_max_num_queries(few):
        client.get(DIK_URL)
    assert few <= 3
