"""`manage.py beat_health`: exit 1 unless Celery beat dispatched a periodic task recently.

The container health check of `beat`: a running process proves little, a scheduler that stopped
sending (lost its database, stuck on a lock) shows in django-celery-beat's `last_run_at`. The
outbox sweeper runs every minute, so five minutes without any dispatch means beat is not working.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone
from django_celery_beat.models import PeriodicTask


class Command(BaseCommand):
    help = "Memeriksa bahwa Celery beat masih mengirim tugas berkala."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--max-age", type=int, default=300, help="Seconds since the last run.")

    def handle(self, *args, max_age: int, **options) -> None:
        last_run = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))[
            "last"
        ]
        if last_run is None or timezone.now() - last_run > timedelta(seconds=max_age):
            raise CommandError(f"Celery beat has dispatched nothing since {last_run}.")
        self.stdout.write(f"beat ok: last dispatch {last_run.isoformat()}")
