"""Celery tasks: thin wrappers that take IDs, call one service and return."""

from celery import shared_task

from requests_app.notifications.outbox import notification_deliver, pending_notification_ids


@shared_task(acks_late=True)
def send_notifications(notification_ids: list[int]) -> int:
    """Deliver the given messages; each claim is conditional, so a re-delivered task sends nothing twice."""
    return sum(notification_deliver(notification_id=pk) for pk in notification_ids)


@shared_task(acks_late=True)
def send_pending_notifications() -> int:
    """The sweeper: whatever the broker or a worker lost goes out here."""
    return sum(notification_deliver(notification_id=pk) for pk in pending_notification_ids())


@shared_task(acks_late=True)
def close_lapsed_incomplete_requests() -> int:
    """Daily: close requests whose completion window (A14) lapsed."""
    from requests_app.services.workflow import requests_close_lapsed_incomplete

    return requests_close_lapsed_incomplete()


@shared_task(acks_late=True)
def scan_deadlines() -> dict:
    """Beat (hourly): reminders before due dates, escalation when overdue, applicant notices."""
    from requests_app.services.reminders import scan_all

    return {name: result.reminders for name, result in scan_all().items()}


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    from requests_app.services.reminders import send_daily_digests as digests

    return digests().reminders


@shared_task(acks_late=True)
def run_export_job(job_id: int) -> str | None:
    """Write a large export's file with progress; claimed by a conditional update, so a
    re-delivered task does nothing."""
    from requests_app.services.reporting import export_job_run

    job = export_job_run(job_id=job_id)
    return job.state if job is not None else None
