"""Purge identity data past its retention period (domain.md E3). Run daily from cron or beat."""

from django.core.management.base import BaseCommand

from requests_app.services.retention import personal_data_purge


class Command(BaseCommand):
    help = (
        "Hapus NIK, berkas identitas, surat kuasa, alamat, telepon dan email permohonan yang "
        "sudah selesai (beserta keberatan dan sengketanya) lebih lama dari "
        "PERSONAL_DATA_RETENTION_DAYS; register tetap menyimpan inisial dan kabupaten/kota."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Masa simpan (hari); bawaan: pengaturan."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya hitung, tanpa menghapus apa pun."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        result = personal_data_purge(retention_days=days, dry_run=dry_run)
        verb = "akan dihapus" if dry_run else "dihapus"
        self.stdout.write(
            f"{result.requests} permohonan {verb} data pribadinya; {result.files} berkas dihapus."
        )
