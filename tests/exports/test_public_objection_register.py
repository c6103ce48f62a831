"""The public register keberatan (domain.md C.5 without identity, E5): CSV and XLSX at a stable
public URL, linked from the transparency page, without any personal data, formula-safe."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import InformationRequest, Objection
from tests.exports.conftest import SEEDED_PERSONAL, response_bytes, xlsx_dicts

pytestmark = pytest.mark.django_db
URL = "/laporan/publik/banten/register-keberatan-2025.{fmt}"
# What an applicant or their representative writes about themselves in an objection.
REPRESENTATIVE = {
    "representative_name": "Budi Santoso",
    "representative_address": "Jl. Melati No. 9, Kota Cilegon",
    "representative_contact": "085711112222 / budi@example.net",
}
CASE_FACTS = "Saya Siti Aminah, NIK 3601014507900001, tinggal di Jl. Raya Serang No. 1"
SECRETS = (
    *SEEDED_PERSONAL,
    "Siti Aminah",
    "Wiraswasta",
    *REPRESENTATIVE.values(),
    "Budi",
    "085711112222",
    "budi@example.net",
    "Jl. Melati",
)


@pytest.fixture
def register_story(story):
    """The story's three 2025 objections, one with a representative and personal case facts."""
    first = story.objections[1]
    Objection.objects.filter(pk=first.pk).update(case_facts=CASE_FACTS, **REPRESENTATIVE)
    return story


def _csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _rows(response, fmt: str) -> tuple[list[dict], str]:
    content = response_bytes(response)
    if fmt == "csv":
        return _csv(content), content.decode("utf-8-sig")
    rows = xlsx_dicts(content)
    return rows, repr(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_public_objection_register_has_the_c5_columns_and_no_personal_data(
    client, register_story, fmt
):
    response = client.get(URL.format(fmt=fmt))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="register_keberatan_2025_publik.{fmt}"'
    )
    rows, text = _rows(response, fmt)
    for secret in SECRETS:
        assert secret not in text, secret
    assert len(rows) == 3
    headers = set(rows[0])
    assert {"a. Nomor registrasi keberatan", "g. Alasan keberatan (Pasal 35 ayat 1)"} <= headers
    assert {"h. Keputusan atasan PPID", "k. Tanggapan pemohon informasi"} <= headers
    for hidden in ("Nama pemohon", "Alamat pemohon", "Telepon", "Email", "Nama kuasa"):
        assert hidden not in headers
    assert "Kasus posisi" not in headers and "Alasan tertulis" not in headers
    # In order of receipt: O2 (18 Feb), O1 (20 Feb), O3 (14 Apr).
    numbers = [row["a. Nomor registrasi keberatan"] for row in rows]
    objections = register_story.objections
    assert numbers == [objections[n].registration_number for n in (2, 1, 3)]
    o1 = rows[1]
    assert o1["g. Alasan keberatan (Pasal 35 ayat 1)"] == "a, g"
    assert o1["Nomor register sengketa (Komisi Informasi)"] == "001/REG-PSI/III/2025"


def test_public_objection_register_is_streamed_and_formula_safe(client, register_story):
    o1 = register_story.objections[1]
    InformationRequest.objects.filter(pk=o1.request_id).update(
        information_requested='=HYPERLINK("http://evil.example","klik")'
    )

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL.format(fmt="csv"))
        rows = _csv(response_bytes(response))
    xlsx = xlsx_dicts(response_bytes(client.get(URL.format(fmt="xlsx"))))

    assert response.streaming
    # The body, then the objections with their request, OPD and dispute in one query.
    assert len(captured) <= 2
    evil = '\'=HYPERLINK("http://evil.example","klik")'
    assert rows[1]["e. Informasi yang diminta"] == evil  # O1, the second received
    assert xlsx[1]["e. Informasi yang diminta"] == evil


def test_public_objection_register_refuses_bad_input_with_404(client, body):
    assert client.get(URL.format(fmt="pdf")).status_code == 404
    assert client.get("/laporan/publik/tidak-ada/register-keberatan-2025.csv").status_code == 404
    assert client.get("/laporan/publik/banten/register-keberatan-1990.csv").status_code == 404
    empty = client.get("/laporan/publik/banten/register-keberatan-2024.csv")
    assert empty.status_code == 200 and _csv(response_bytes(empty)) == []


def test_the_transparency_page_links_the_public_objection_register(client, body, submit):
    response = client.get("/transparansi/banten/", {"tahun": "2025"})

    html = response.content.decode()
    assert 'href="/laporan/publik/banten/register-keberatan-2025.csv"' in html
    assert 'href="/laporan/publik/banten/register-keberatan-2025.xlsx"' in html
