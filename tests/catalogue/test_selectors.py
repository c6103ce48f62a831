import pytest

from requests_app.models import InformationClass
from requests_app.selectors.catalogue import (
    dik_list,
    dip_list,
    dip_matches_for,
    significant_words,
)
from tests.catalogue.factories import ConsequenceTestFactory, DipItemFactory
from tests.factories import PublicBodyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_dip_list_returns_only_published_items(body):
    shown = DipItemFactory(body=body, title="Rencana strategis")
    DipItemFactory(body=body, title="Draf belum terbit", is_published=False)
    assert list(dip_list()) == [shown]


def test_dip_list_filters_by_body_and_class(body):
    other = PublicBodyFactory()
    periodic = DipItemFactory(body=body, information_class=InformationClass.PERIODIC)
    DipItemFactory(body=body, information_class=InformationClass.IMMEDIATE)
    DipItemFactory(body=other, information_class=InformationClass.PERIODIC)
    result = dip_list(body=body, information_class=InformationClass.PERIODIC)
    assert list(result) == [periodic]


def test_dip_list_search_needs_every_word_in_title_or_summary(body):
    budget = DipItemFactory(body=body, title="DPA Dinas Pendidikan", summary="Anggaran 2025")
    DipItemFactory(body=body, title="DPA Dinas Kesehatan", summary="Anggaran 2025")
    assert list(dip_list(q="pendidikan anggaran")) == [budget]
    assert list(dip_list(q="PENDIDIKAN")) == [budget]


def test_dik_list_hides_unpublished_tests_and_joins_body_and_unit(body, opd):
    shown = ConsequenceTestFactory(body=body, unit=opd)
    ConsequenceTestFactory(body=body, is_published=False)
    rows = list(dik_list(body=body))
    assert rows == [shown]
    assert rows[0].legal_basis == "Pasal 17 huruf h angka 3 UU 14/2008"


def test_dik_list_searches_document_and_sk_number(body):
    wanted = ConsequenceTestFactory(body=body, document="Hasil seleksi CPNS")
    ConsequenceTestFactory(body=body, document="Kontrak pengadaan")
    assert list(dik_list(q="seleksi")) == [wanted]
    assert list(dik_list(q=wanted.decision_reference)) == [wanted]


def test_significant_words_drop_stop_words_short_words_and_numbers():
    words = significant_words("Mohon salinan DPA Dinas Pendidikan tahun anggaran 2025 dan SK")
    assert words == ["pendidikan", "anggaran"]


def test_dip_matches_rank_the_item_sharing_most_words_first(submit, body):
    partial = DipItemFactory(body=body, title="Anggaran Dinas Kesehatan")
    best = DipItemFactory(
        body=body, title="DPA Dinas Pendidikan", summary="Dokumen pelaksanaan anggaran 2025"
    )
    DipItemFactory(body=body, title="Jadwal pelayanan perizinan")
    DipItemFactory(body=body, title="Anggaran pendidikan lama", is_published=False)
    DipItemFactory(body=PublicBodyFactory(), title="Anggaran pendidikan kabupaten")
    request = submit(information_requested="Salinan DPA Dinas Pendidikan tahun anggaran 2025")
    matches = dip_matches_for(request.request)
    assert matches == [best, partial]


def test_dip_matches_empty_when_request_has_no_significant_words(submit, body):
    DipItemFactory(body=body, title="Data dan informasi tahun 2025")
    request = submit(information_requested="Mohon data dan informasi tahun 2025")
    assert dip_matches_for(request.request) == []


def test_dip_matches_use_one_query_and_honour_the_limit(submit, body, django_assert_num_queries):
    unit = UnitFactory(body=body)
    for n in range(8):
        DipItemFactory(body=body, responsible_unit=unit, title=f"Anggaran pendidikan {n}")
    request = submit(information_requested="Anggaran pendidikan menengah").request
    with django_assert_num_queries(1):
        matches = dip_matches_for(request, limit=3)
        units = [item.responsible_unit.name for item in matches]
    assert len(matches) == 3 and len(units) == 3
