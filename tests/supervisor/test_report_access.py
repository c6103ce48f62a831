"""Reports follow the statistics' scope rule (`permissions.is_body_wide`): a PPID Pelaksana
officer reads their OPD's figures, not the body's annual report or monev pack."""

from __future__ import annotations

import pytest

from requests_app.selectors.reporting import can_read_reports

pytestmark = pytest.mark.django_db
DRAFT = "/laporan/tahunan/banten/laporan-layanan-2025.pdf"
PAGE = "/laporan/tahunan/banten/2025/"
MONEV = "/laporan/monev/banten/paket-monev-2025.zip"


def test_an_opd_officer_does_not_read_the_body_reports(client, body, opd_officer):
    client.force_login(opd_officer)

    assert not can_read_reports(opd_officer, body)
    assert client.get(DRAFT).status_code == 404
    assert client.get(PAGE).status_code == 404
    assert client.get(MONEV).status_code == 404


def test_a_ppid_utama_officer_reads_the_body_reports(client, body, utama_officer):
    client.force_login(utama_officer)

    assert can_read_reports(utama_officer, body)
    for url in (DRAFT, PAGE, MONEV):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # the test client then closes the temporary file
