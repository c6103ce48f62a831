"""Default monev (SAQ) indicators for 2025 and 2026 (domain.md D.2; Keputusan 7: indicators are
data). Idempotent: an indicator already present for its year and code is left as the admin edited
it; only missing ones are added. Each names the evidence key the monev pack answers it with
(`requests_app.exports.monev.file_names`); a blank key means the evidence is attached by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from requests_app.models import MonevIndicator

YEARS = (2025, 2026)
SERVICE = "Pelayanan informasi"
FACILITIES = "Sarana dan prasarana"
KINDS = "Jenis informasi"
COMMITMENT = "Komitmen organisasi"
DIGITAL = "Digitalisasi dan inovasi"
QUALITY = "Kualitas informasi"

DEFAULT_INDICATORS = (
    (SERVICE, "PI-01", "Tersedia formulir permohonan informasi publik", "formulir_permohonan"),
    (SERVICE, "PI-02", "Tersedia formulir pernyataan keberatan", "formulir_keberatan"),
    (SERVICE, "PI-03", "Daftar register permohonan informasi publik", "register_permohonan"),
    (SERVICE, "PI-04", "Register keberatan atas permohonan informasi", "register_keberatan"),
    (
        SERVICE,
        "PI-05",
        "Tindak lanjut permohonan informasi publik (pemberitahuan tertulis, penyerahan)",
        "register_permohonan",
    ),
    (FACILITIES, "SP-01", "Layanan permohonan elektronik dan non-elektronik", "formulir"),
    (FACILITIES, "SP-02", "Jam layanan dan fasilitas ramah disabilitas", ""),
    (KINDS, "JI-01", "Daftar Informasi Publik (DIP) format Perki 1/2021 yang mutakhir", "dip"),
    (KINDS, "JI-02", "Daftar Informasi yang Dikecualikan dengan SK uji konsekuensi", "dik"),
    (
        KINDS,
        "JI-03",
        "Laporan layanan informasi publik tahunan (UU 14/2008 Pasal 11 ayat 1 huruf h)",
        "laporan_layanan",
    ),
    (KINDS, "JI-04", "Statistik permohonan informasi publik tahunan", "statistik"),
    (
        COMMITMENT,
        "KO-01",
        "Keterlibatan PPID Pelaksana dalam layanan (register per OPD)",
        "register_permohonan",
    ),
    (COMMITMENT, "KO-02", "Kepatuhan jangka waktu layanan per OPD", "statistik"),
    (DIGITAL, "DI-01", "Data terbuka statistik layanan informasi publik", "statistik"),
    (DIGITAL, "DI-02", "Pelacakan permohonan daring dengan nomor pendaftaran", ""),
    (
        QUALITY,
        "KI-01",
        "Persentase permohonan dijawab dalam 10 dan 17 hari kerja serta rata-rata hari kerja",
        "statistik",
    ),
    (QUALITY, "KI-02", "Survei kepuasan masyarakat (SKM) atas layanan informasi", ""),
)


@transaction.atomic
def seed_monev_indicators(years=YEARS) -> int:
    """Add the missing default indicators; returns how many were created."""
    created = 0
    for year in years:
        for position, (area, code, text, evidence) in enumerate(DEFAULT_INDICATORS, start=1):
            _indicator, made = MonevIndicator.objects.get_or_create(
                year=year,
                code=code,
                defaults={"area": area, "text": text, "evidence": evidence, "position": position},
            )
            created += made
    return created


class Command(BaseCommand):
    help = "Tambahkan indikator monev bawaan untuk 2025 dan 2026 (yang sudah ada tidak diubah)."

    def handle(self, *args, **options) -> None:
        created = seed_monev_indicators()
        self.stdout.write(f"Indikator monev siap ({created} indikator baru).")
