from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

pytestmark = pytest.mark.django_db


def _task(last_run_at):
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    return PeriodicTask.objects.create(
        name="beat-health-probe",
        task="requests_app.tasks.send_pending_notifications",
        interval=every_minute,
        last_run_at=last_run_at,
    )


def test_beat_is_healthy_after_a_recent_dispatch():
    PeriodicTask.objects.update(last_run_at=None)
    _task(timezone.now() - timedelta(seconds=30))

    call_command("beat_health", "--max-age", "300")


def test_beat_is_unhealthy_when_nothing_was_dispatched_lately():
    PeriodicTask.objects.update(last_run_at=None)
    _task(timezone.now() - timedelta(minutes=10))

    with pytest.raises(CommandError, match="dispatched nothing"):
        call_command("beat_health", "--max-age", "300")


def test_compose_checks_beat_with_the_command():
    from pathlib import Path

    compose = (Path(__file__).resolve().parents[2] / "docker" / "compose.yml").read_text()
    assert '"beat_health"' in compose
