"""`/kalkulator-batas-waktu/`: the public calculator page, its explanations and its field errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.deadlines_ui.conftest import SK_HUT_BANTEN
from tests.factories import PublicBodyFactory

URL = "/kalkulator-batas-waktu/"


def _calculate(client, body, day: str, time: str = "09:00"):
    return client.get(URL, {"body": body.pk, "received_date": day, "received_time": time})


def test_calculator_is_public_and_linked_from_home_and_nav(client, body):
    home = client.get(reverse("home")).content.decode()
    page = client.get(URL)

    assert page.status_code == 200
    assert home.count(f'href="{URL}"') >= 2  # the nav and the home page itself
    assert f'<option value="{body.pk}" selected>' in page.content.decode()


def test_body_is_not_preselected_when_there_are_several(client, body):
    PublicBodyFactory()

    select = client.get(URL).content.decode().split('id="id_body"')[1].split("</select>")[0]

    assert f'<option value="{body.pk}">' in select
    assert '<option value="" selected>' in select


def test_receipt_before_idul_fitri_counts_around_the_holidays(client, body):
    page = _calculate(client, body, "2025-03-27", "15:00").content.decode()

    assert "Kamis, 27 Maret 2025" in page  # effective receipt: the same day (before 16:00)
    assert 'id="notice-due">Selasa, 22 April 2025<' in page
    assert 'id="extended-due">Jumat, 2 Mei 2025<' in page
    assert "Hari Raya Idul Fitri" in page and "Cuti Bersama Hari Raya Idul Fitri" in page
    assert "Hari kerja ke-10" in page and "sesudah jam tutup" not in page


def test_receipt_after_closing_time_moves_past_the_whole_lebaran_break(client, body):
    page = _calculate(client, body, "2025-03-27", "16:30").content.decode()

    assert "Selasa, 8 April 2025" in page
    assert "Diterima sesudah jam tutup layanan (16.00)" in page
    assert "Cuti Bersama Hari Suci Nyepi" in page  # listed among the days off before day 0
    assert 'id="notice-due">Rabu, 23 April 2025<' in page
    assert 'id="extended-due">Senin, 5 Mei 2025<' in page


def test_weekend_receipt_counts_from_the_next_working_day(client, body):
    page = _calculate(client, body, "2025-04-12", "10:00").content.decode()

    assert "Senin, 14 April 2025" in page
    assert "Diterima pada hari yang bukan hari kerja (Akhir pekan" in page
    assert 'id="notice-due">Selasa, 29 April 2025<' in page  # Good Friday 18 Apr, 1 May later


def test_body_override_is_skipped_with_its_sk_reference(client, body, hut_banten):
    page = _calculate(client, body, "2025-04-08", "09:00").content.decode()

    assert "Libur HUT Provinsi Banten" in page
    assert SK_HUT_BANTEN in page
    assert "Libur tambahan (penetapan instansi)" in page
    # Without the override the 10th working day would be Wednesday 23 April.
    assert 'id="notice-due">Kamis, 24 April 2025<' in page


@pytest.mark.parametrize("day", ["1800-01-02", "2200-06-01", "2100-12-30"])
def test_dates_outside_the_calendar_are_a_field_error_not_a_500(client, body, day):
    response = _calculate(client, body, day)
    page = response.content.decode()

    assert response.status_code == 200
    assert "di luar kalender kerja yang didukung" in page
    assert 'id="id_received_date_error"' in page
    assert f'value="{day}"' in page  # the value is kept
    assert 'id="notice-due"' not in page


def test_malformed_and_missing_values_are_field_errors_with_values_kept(client, body):
    response = client.get(
        URL, {"body": "999999", "received_date": "2025-02-30", "received_time": "25:61"}
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Badan publik tidak ditemukan; pilih dari daftar." in page
    assert "Tanggal tidak valid" in page and "Jam tidak valid" in page
    assert 'value="2025-02-30"' in page and 'value="25:61"' in page
    assert "Ada isian yang perlu diperbaiki" in page

    empty = client.get(URL, {"body": "", "received_date": "", "received_time": ""})
    assert "Pilih badan publik." in empty.content.decode()
    assert "Isi tanggal permohonan diterima." in empty.content.decode()
