"""The public transparency pages: statistics by year, the OPD table, the annual reports and the
public register, with no personal data of any applicant."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.selectors.public_register import applicant_area, mask_name
from tests.factories import PublicBodyFactory, request_input
from tests.statistics.conftest import at
from tests.statistics.test_query_counts import populate

URL = "/transparansi/banten/"


def personal_values(**overrides) -> list[str]:
    form = request_input(**overrides)
    values = [form.nik, form.phone, form.email, form.address, form.full_name, form.occupation]
    return [v for v in values if v]


def test_public_page_shows_the_story_without_personal_data(
    client, story, body, opd, on_story_day, three_to_rank
):
    response = client.get(URL, {"tahun": "2025"})
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["headline"]["received"] == 10
    assert figures["headline"]["on_time_rate"] == 0.5714
    assert figures["working_days_to_notice"]["histogram"] == {
        "0-5": 2,
        "6-10": 0,
        "11-17": 3,
        "over_17": 0,
    }
    assert [row["unit_id"] for row in response.context["league"]["ranked"]] == [opd.pk]
    html = response.content.decode()
    assert "57,1%" in html
    assert "Dinas Pendidikan dan Kebudayaan" in html
    # The register: ten 2025 requests, masked.
    assert response.context["page"].paginator.count == 10
    register = response.context["register"]
    assert {row["initials"] for row in register} == {"S. A."}
    assert {row["area"] for row in register} == {"Kota Serang"}
    assert story.requests[3].registration_number in html
    assert "Pasal 17 huruf b" in html
    for value in personal_values():
        assert value not in html, value
    # No link into the officer queue from a public page.
    assert "/petugas/" not in html
    # Past years and the annual report section.
    yearly = response.context["yearly"]
    assert [row["year"] for row in yearly] == [2025, 2024]
    # Neither year is closed: listed, no report files yet; the register and open data download.
    reports = response.context["reports"]
    assert [(r["year"], r["files"]) for r in reports] == [(2025, []), (2024, [])]
    assert 'href="/laporan/publik/banten/register-permohonan-2025.csv"' in html
    assert 'href="/data/statistik/banten/2025.json"' in html


def test_public_register_masks_every_seeded_identity(client, body, submit):
    seeded = [
        {
            "full_name": "Budi Santoso Wijaya",
            "nik": "3603120101900001",
            "address": "Perum Griya Asri Blok C2 No. 14, RT 03/RW 05, Kab. Tangerang",
            "phone": "085711223344",
            "email": "budi.santoso@example.net",
            "occupation": "Peneliti Lepas",
        },
        {
            "full_name": "dewi lestari",
            "nik": "3671014505880002",
            "address": "Jl. Merdeka 10",
            "phone": "081399887766",
            "email": "dewi.l@example.com",
            "occupation": "Jurnalis Mandiri",
        },
    ]
    for values in seeded:
        submit(**values)
    year = str(date.today().year)
    html = client.get(URL, {"tahun": year}).content.decode()
    for values in seeded:
        for value in values.values():
            assert value not in html, value
    assert "B. S. W." in html and "D. L." in html
    assert "Kabupaten Tangerang" in html
    index = client.get("/transparansi/").content.decode()
    assert body.name in index
    for values in seeded:
        for value in values.values():
            assert value not in index


def test_register_is_paginated(client, body, submit):
    for _ in range(27):
        submit(now=at(date(2025, 2, 3)))
    second = client.get(URL, {"tahun": "2025", "page": "2"})
    assert second.status_code == 200
    assert len(second.context["register"]) == 2
    assert second.context["page"].start_index() == 26


@pytest.mark.parametrize("year", ["dua ribu", "1999", "2101", ""])
def test_invalid_year_is_a_field_error(client, body, year):
    response = client.get(URL, {"tahun": year})
    assert response.status_code == 400
    assert "tahun" in response.context["form"].errors
    assert "figures" not in response.context


def test_unknown_body_is_404(client, db):
    assert client.get("/transparansi/tidak-ada/").status_code == 404


def test_public_page_queries_do_not_grow(client, body, django_assert_max_num_queries):
    populate(body, requests=5, units=2)
    bigger = PublicBodyFactory(slug="lain")
    populate(bigger, requests=60, units=9)
    counts = []
    for url in (URL, "/transparansi/lain/"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"tahun": "2025"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert response.context["page"].paginator.count == 60
    # 13 for the page, plus the closed years whose frozen figures replace the live yearly row.
    with django_assert_max_num_queries(15):
        client.get(URL, {"tahun": "2025"})


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Siti Aminah", "S. A."),
        ("  dr. H. ahmad  Fauzi ", "D. H. A. F."),
        ("Ni Luh Putu Ayu", "N. L. P. A."),
        ("'Aisyah", "A."),
        ("", ""),
        ("123 456", ""),
    ],
)
def test_mask_name_keeps_initials_only(name, initials):
    assert mask_name(name) == initials


@pytest.mark.parametrize(
    ("address", "area"),
    [
        ("Jl. Raya Serang No. 1, Kota Serang", "Kota Serang"),
        ("Perum Asri Blok C2 No. 14, Kab. Tangerang", "Kabupaten Tangerang"),
        ("Kp. Cilaku RT 02/RW 01, Kabupaten Lebak, Banten", "Kabupaten Lebak"),
        ("Jl. Sudirman 5, Kota Administrasi Jakarta Pusat", "Kota Administrasi Jakarta Pusat"),
        ("Jl. Merdeka 10", ""),
        ("Jl. Kota Baru No. 3", ""),
        ("Kota Serang RT 01", ""),
        ("", ""),
    ],
)
def test_applicant_area_returns_only_a_kabupaten_or_kota(address, area):
    assert applicant_area(address) == area


def test_a_closed_year_shows_its_frozen_figures_and_report_files(client, body, submit, supervisor):
    from django.utils import timezone

    from requests_app.models import YearSnapshot
    from requests_app.selectors.statistics import Period, Scope, compliance_figures

    submit(now=at(date(2025, 2, 3)))
    frozen = compliance_figures(period=Period.for_year(2025), scope=Scope.for_body(body))
    frozen["headline"]["received"] = 7  # what the body published when it closed the year
    YearSnapshot.objects.create(
        body=body, year=2025, figures=frozen, closed_at=timezone.now(), closed_by=supervisor
    )
    response = client.get(URL, {"tahun": "2025"})
    assert response.status_code == 200
    assert response.context["figures"]["headline"]["received"] == 7
    assert response.context["snapshot"] is not None
    html = response.content.decode()
    assert 'href="/laporan/tahunan/banten/laporan-layanan-2025.pdf"' in html
    assert 'href="/laporan/tahunan/banten/laporan-layanan-2025.xlsx"' in html


@pytest.mark.parametrize(
    ("full_name", "address"),
    [
        ("Siti Aminah", "Jl. Raya Serang No. 1, Kota Serang"),
        ("'Aisyah  dr. Putri", "Kp. Cilaku RT 02/RW 01, Kab. Lebak, Banten"),
        ("Budi Santoso", "Jl. Kota Baru Raya No. 3"),
        ("Budi Santoso", "Jl. Melati 3"),
    ],
)
def test_the_public_register_row_is_the_same_after_the_personal_data_purge(
    submit, body, full_name, address
):
    from requests_app.selectors.public_register import public_register_list, public_register_row
    from requests_app.selectors.statistics import Period
    from requests_app.services.retention import request_personal_data_purge
    from requests_app.services.workflow import request_withdraw

    submitted = submit(now=at(date(2025, 3, 3)), full_name=full_name, address=address)
    request_withdraw(
        request=submitted.request,
        token=submitted.tracking_token,
        reason="Dicabut",
        now=at(date(2025, 3, 4)),
    )

    def row() -> dict:
        rows = public_register_list(body=body, period=Period.for_year(2025))
        return public_register_row(rows.get(pk=submitted.request.pk))

    before = row()
    request_personal_data_purge(request=submitted.request, now=at(date(2031, 3, 4)))

    assert row() == before
    assert full_name not in str(before)
