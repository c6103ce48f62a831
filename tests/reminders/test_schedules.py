"""Beat's periodic tasks are database rows created once after `migrate` and editable in the admin:
neither a new `migrate` nor a beat start undoes an administrator's edit."""

import pytest
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from ppid.celery import app
from requests_app.schedules import periodic_tasks_install

EXPECTED = {
    "send-pending-notifications": "requests_app.tasks.send_pending_notifications",
    "scan-deadlines": "requests_app.tasks.scan_deadlines",
    "send-daily-digests": "requests_app.tasks.send_daily_digests",
    "close-lapsed-incomplete-requests": "requests_app.tasks.close_lapsed_incomplete_requests",
    "sweep-export-jobs": "requests_app.tasks.sweep_export_jobs",
    "purge-expired-personal-data": "requests_app.tasks.purge_expired_personal_data",
    "refresh-stale-figures": "requests_app.tasks.refresh_stale_figures",
}


def _crontab(task: PeriodicTask) -> tuple[str, str, str, str]:
    c = task.crontab
    return (c.minute, c.hour, c.day_of_week, str(c.timezone))


def test_every_periodic_task_exists_with_its_timing(db):
    periodic_tasks_install()  # also connected to post_migrate; the test database has them already
    tasks = {t.name: t for t in PeriodicTask.objects.filter(name__in=EXPECTED)}
    assert {name: t.task for name, t in tasks.items()} == EXPECTED
    sweeper = tasks["send-pending-notifications"].interval
    assert (sweeper.every, sweeper.period) == (60, IntervalSchedule.SECONDS)
    assert _crontab(tasks["scan-deadlines"]) == ("5", "*", "*", "Asia/Jakarta")
    assert _crontab(tasks["send-daily-digests"]) == ("0", "7", "mon-fri", "Asia/Jakarta")
    assert _crontab(tasks["close-lapsed-incomplete-requests"]) == ("30", "0", "*", "Asia/Jakarta")
    export_sweeper = tasks["sweep-export-jobs"].interval
    assert (export_sweeper.every, export_sweeper.period) == (300, IntervalSchedule.SECONDS)
    assert _crontab(tasks["purge-expired-personal-data"]) == ("30", "1", "*", "Asia/Jakarta")
    figures = tasks["refresh-stale-figures"].interval
    assert (figures.every, figures.period) == (60, IntervalSchedule.SECONDS)
    assert all(t.enabled and not t.queue for t in tasks.values())  # CELERY_TASK_ROUTES route them
    assert periodic_tasks_install() == []  # a second run creates nothing


# Transactional: beat closes connections that are inside a transaction (close_old_connections).
@pytest.mark.django_db(transaction=True)
def test_admin_edits_survive_migrate_and_beat_start():
    periodic_tasks_install()
    digest = PeriodicTask.objects.get(name="send-daily-digests")
    digest.crontab = CrontabSchedule.objects.create(
        minute="30", hour="6", day_of_week="mon-fri", timezone="Asia/Jakarta"
    )
    digest.save()
    PeriodicTask.objects.filter(name="scan-deadlines").update(enabled=False)

    # What `migrate` ends with: post_migrate, which runs the installer again.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    DatabaseScheduler(app=app)  # beat start: setup_schedule() writes CELERY_BEAT_SCHEDULE, if any

    digest.refresh_from_db()
    assert (digest.crontab.minute, digest.crontab.hour) == ("30", "6")
    assert PeriodicTask.objects.get(name="scan-deadlines").enabled is False
    assert PeriodicTask.objects.filter(name__in=EXPECTED).count() == len(EXPECTED)


def test_every_scheduled_task_is_registered_and_routed():
    routes = settings.CELERY_TASK_ROUTES
    app.loader.import_default_modules()  # what a worker does at start: autodiscovers tasks.py
    assert set(EXPECTED.values()) <= set(app.tasks)
    assert all(task in routes for task in EXPECTED.values())
    assert routes["requests_app.tasks.purge_expired_personal_data"] == {"queue": "reminders"}


def test_no_beat_schedule_in_settings_to_overwrite_the_rows():
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")
    assert app.conf.beat_schedule == {}
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
