"""The monev evidence pack (D.2) and the open-data statistics (Satu Data style metadata)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import call_command

from requests_app.exports import open_data
from requests_app.exports.monev import INDEX_FILE, monev_pack_write
from requests_app.management.commands.seed_monev_indicators import (
    DEFAULT_INDICATORS,
    seed_monev_indicators,
)
from requests_app.models import MonevIndicator
from requests_app.services.reporting import year_close
from tests.exports.conftest import AFTER_YEAR, REPORT_NOW, SEEDED_PERSONAL, at, xlsx_dicts
from tests.factories import MembershipFactory, PublicBodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seeding_indicators_is_idempotent_and_keeps_admin_edits():
    assert seed_monev_indicators() == 2 * len(DEFAULT_INDICATORS)
    MonevIndicator.objects.filter(year=2026, code="PI-03").update(text="Diubah admin")

    call_command("seed_monev_indicators", stdout=io.StringIO())

    assert MonevIndicator.objects.count() == 2 * len(DEFAULT_INDICATORS)
    assert MonevIndicator.objects.get(year=2026, code="PI-03").text == "Diubah admin"


def test_monev_zip_holds_the_evidence_and_an_index_per_indicator(story, body):
    seed_monev_indicators()
    MonevIndicator.objects.create(year=2025, area="Lain", code="X-01", text="Bukti lain")
    handle = io.BytesIO()

    names = monev_pack_write(handle, body=body, year=2025, now=REPORT_NOW)

    archive = zipfile.ZipFile(handle)
    assert sorted(archive.namelist()) == sorted(names)
    assert {
        "statistik_layanan_2025.json",
        "statistik_layanan_2025.csv",
        "register_permohonan_2025_publik.xlsx",
        "register_keberatan_2025.xlsx",
        "laporan_layanan_2025.pdf",
        "daftar_informasi_publik.csv",
        "daftar_informasi_dikecualikan.csv",
        "formulir_permohonan_informasi.pdf",
        "formulir_keberatan.pdf",
    } <= set(names)
    index = list(csv.DictReader(io.StringIO(archive.read(INDEX_FILE).decode("utf-8-sig"))))
    answers = {row["kode"]: row["berkas"] for row in index}
    assert len(index) == len(DEFAULT_INDICATORS) + 1
    assert answers["PI-03"] == "register_permohonan_2025_publik.xlsx"
    assert answers["PI-01"] == "formulir_permohonan_informasi.pdf"
    assert answers["JI-04"] == "statistik_layanan_2025.json; statistik_layanan_2025.csv"
    assert answers["SP-02"] == answers["X-01"] == "lampirkan secara manual"
    register = xlsx_dicts(archive.read("register_permohonan_2025_publik.xlsx"))
    assert len(register) == 10 and register[0]["4. Nama (inisial)"] == "S. A."
    objections = xlsx_dicts(archive.read("register_keberatan_2025.xlsx"))
    assert len(objections) == 3 and "Nama pemohon" not in objections[0]
    dik = archive.read("daftar_informasi_dikecualikan.csv").decode("utf-8-sig")
    assert "Pasal 17 huruf h angka 3 UU 14/2008" in dik
    figures = json.loads(archive.read("statistik_layanan_2025.json"))
    assert figures["metadata"]["status"] == "sementara"
    assert archive.read("formulir_keberatan.pdf").startswith(b"%PDF")
    for name in names:
        if name.endswith((".csv", ".json", ".txt")):
            text = archive.read(name).decode("utf-8-sig")
            assert not any(secret in text for secret in SEEDED_PERSONAL), name


def test_monev_pack_download_is_for_the_body_only(client, body, utama_officer):
    client.force_login(utama_officer)
    response = client.get("/laporan/monev/banten/paket-monev-2025.zip")
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()

    outsider = UserFactory(username="luar")
    MembershipFactory(user=outsider, body=PublicBodyFactory())
    client.force_login(outsider)
    assert client.get("/laporan/monev/banten/paket-monev-2025.zip").status_code == 404


def test_open_data_json_has_the_metadata_block_and_csv_the_dictionary_columns(
    client, body, submit, utama_officer
):
    submit(now=at(date(2025, 3, 3)), channel="email")

    document = client.get("/data/statistik/banten/2025.json").json()
    response = client.get("/data/statistik/banten/2025.csv")

    meta = document["metadata"]
    assert (
        meta["judul"] == "Statistik Layanan Informasi Publik Pemerintah Provinsi Banten Tahun 2025"
    )
    assert meta["produsen_data"]["nama"] == "PPID Pemerintah Provinsi Banten"
    assert meta["periode"] == {"tahun": 2025, "mulai": "2025-01-01", "selesai": "2025-12-31"}
    assert meta["lisensi"]["nama"].startswith("Creative Commons Attribution 4.0")
    assert [c["kolom"] for c in meta["kamus_data"]] == list(open_data.COLUMN_NAMES)
    assert meta["status"] == "sementara" and meta["dibuat_pada"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="describedby"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == open_data.COLUMN_NAMES
    received = next(
        r for r in rows if (r["kelompok"], r["indikator"]) == ("permohonan", "received")
    )
    assert (received["nilai"], received["tahun"], received["kode_badan_publik"]) == (
        "1",
        "2025",
        "36",
    )
    email = next(
        r for r in document["data"] if (r["kelompok"], r["indikator"]) == ("kanal", "email")
    )
    assert email["nilai"] == 1
    text = json.dumps(document) + response.content.decode()
    assert not any(secret in text for secret in (*SEEDED_PERSONAL, "Siti Aminah"))

    year_close(body=body, year=2025, actor=utama_officer, now=AFTER_YEAR)
    assert client.get("/data/statistik/banten/2025.json").json()["metadata"]["status"] == "final"
    assert client.get("/data/statistik/tidak-ada/2025.json").status_code == 404
    assert client.get("/data/statistik/banten/1999.json").status_code == 404
    assert client.get("/data/statistik/banten/2025.xml").status_code == 404
