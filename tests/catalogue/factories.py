"""Factories for the catalogue: DIP items and consequence tests."""

from __future__ import annotations

from datetime import date

import factory

from requests_app.models import ConsequenceTest, DipItem, InformationClass
from tests.factories import PublicBodyFactory


class DipItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DipItem

    body = factory.SubFactory(PublicBodyFactory)
    title = factory.Sequence(lambda n: f"Laporan kegiatan nomor {n}")
    summary = "Ringkasan isi laporan."
    information_class = InformationClass.PERIODIC
    retention = "5 tahun"
    year = 2025
    is_published = True


class ConsequenceTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsequenceTest

    body = factory.SubFactory(PublicBodyFactory)
    document = factory.Sequence(lambda n: f"Berkas kepegawaian {n}")
    exempted_part = "Nomor rekening dan riwayat kesehatan pegawai"
    exemption_letter = "h"
    exemption_subitem = 3
    harm_if_disclosed = "Mengungkap rahasia pribadi pegawai."
    public_interest_balance = "Tidak ada kepentingan publik yang lebih besar."
    exemption_period = "Selama pegawai aktif"
    decided_on = date(2025, 2, 3)
    decision_reference = factory.Sequence(lambda n: f"SK-PPID/{n:03d}/2025")
    signed_by = "PPID Utama"
    is_published = True
