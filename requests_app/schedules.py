"""The periodic tasks Celery beat runs: readable here, created once, then edited in the admin.

The schedule is deliberately not `CELERY_BEAT_SCHEDULE`: django-celery-beat's DatabaseScheduler
copies that setting over its table every time beat starts, silently undoing an administrator's edit
(a later digest hour, a paused scan). Instead `periodic_tasks_install` runs after every `migrate`
and creates only the rows that do not exist yet; an existing row is never touched. To stop a task,
untick "enabled" in the admin: a deleted row comes back at the next `migrate`.

Queues are not stored on the rows: `CELERY_TASK_ROUTES` in settings sends each task to its queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


@dataclass(frozen=True)
class PeriodicSchedule:
    name: str
    task: str
    description: str
    every_seconds: int | None = None
    # CrontabSchedule fields (minute, hour, day_of_week, ...), in CELERY_TIMEZONE.
    crontab: dict[str, str] = field(default_factory=dict)


DEFAULT_SCHEDULES: tuple[PeriodicSchedule, ...] = (
    PeriodicSchedule(
        "send-pending-notifications",
        "requests_app.tasks.send_pending_notifications",
        "Sweeper: kirim ulang pesan yang belum terkirim (broker mati, worker berhenti).",
        every_seconds=60,
    ),
    PeriodicSchedule(
        "scan-deadlines",
        "requests_app.tasks.scan_deadlines",
        "Pengingat batas waktu, eskalasi keterlambatan dan pemberitahuan kepada pemohon.",
        crontab={"minute": "5"},
    ),
    PeriodicSchedule(
        "send-daily-digests",
        "requests_app.tasks.send_daily_digests",
        "Ringkasan harian untuk petugas (hari libur dilewati oleh layanan).",
        crontab={"minute": "0", "hour": "7", "day_of_week": "mon-fri"},
    ),
    PeriodicSchedule(
        "close-lapsed-incomplete-requests",
        "requests_app.tasks.close_lapsed_incomplete_requests",
        "Tutup permohonan yang tidak dilengkapi sampai batas waktunya.",
        crontab={"minute": "30", "hour": "0"},
    ),
    PeriodicSchedule(
        "sweep-export-jobs",
        "requests_app.tasks.sweep_export_jobs",
        "Sweeper: serahkan ulang ekspor yang tertunda (broker mati) dan tandai gagal ekspor yang "
        "workernya berhenti.",
        every_seconds=300,
    ),
    PeriodicSchedule(
        "purge-expired-personal-data",
        "requests_app.tasks.purge_expired_personal_data",
        "Hapus data pribadi pemohon yang masa simpannya berakhir (register tetap berinisial).",
        crontab={"minute": "30", "hour": "1"},
    ),
    PeriodicSchedule(
        "refresh-stale-figures",
        "requests_app.tasks.refresh_stale_figures",
        "Hitung ulang angka statistik bulan yang berubah, agar halaman statistik tidak menunggu.",
        every_seconds=60,
    ),
)


def _schedule_row(spec: PeriodicSchedule, using: str) -> dict:
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if spec.every_seconds is not None:
        interval, _created = IntervalSchedule.objects.using(using).get_or_create(
            every=spec.every_seconds, period=IntervalSchedule.SECONDS
        )
        return {"interval": interval}
    fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*"}
    fields |= {"month_of_year": "*", **spec.crontab}
    crontab, _created = CrontabSchedule.objects.using(using).get_or_create(
        **fields, timezone=settings.CELERY_TIMEZONE
    )
    return {"crontab": crontab}


def periodic_tasks_install(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Create the periodic tasks that do not exist yet; never change an existing one.

    Connected to `post_migrate` (hence `**kwargs`). Returns the names created."""
    from django_celery_beat.models import PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return []  # django_celery_beat is not migrated yet (e.g. `migrate requests_app` alone)
    existing = set(
        PeriodicTask.objects.using(using)
        .filter(name__in=[s.name for s in DEFAULT_SCHEDULES])
        .values_list("name", flat=True)
    )
    created = []
    for spec in DEFAULT_SCHEDULES:
        if spec.name in existing:
            continue
        PeriodicTask.objects.using(using).create(
            name=spec.name,
            task=spec.task,
            description=spec.description,
            **_schedule_row(spec, using),
        )
        created.append(spec.name)
    return created
