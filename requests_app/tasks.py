"""Celery tasks: thin wrappers that take IDs, call one service and return."""

from celery import shared_task

from requests_app.notifications.outbox import notification_deliver, pending_notification_ids


@shared_task(acks_late=True)
def send_notifications(notification_ids: list[int]) -> int:
    """Deliver the given messages; each claim is conditional, so a re-delivered task sends nothing twice."""
    return sum(notification_deliver(notification_id=pk) for pk in notification_ids)


@shared_task(acks_late=True)
def send_notifications_fanout(notification_ids: list[int]) -> int:
    """A large batch's slice: publish it as `send_notifications` chunks (outbox._enqueue)."""
    from requests_app.notifications.outbox import ENQUEUE_CHUNK_SIZE, notifications_publish

    notifications_publish(send_notifications, notification_ids, ENQUEUE_CHUNK_SIZE)
    return len(notification_ids)


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


@shared_task(acks_late=True)
def sweep_export_jobs() -> dict:
    """Beat (every 5 minutes): re-enqueue export jobs the broker missed, fail those whose worker
    died (services.reporting.export_jobs_sweep)."""
    from requests_app.services.reporting import export_jobs_sweep

    sweep = export_jobs_sweep()
    return {"requeued": sweep.requeued, "abandoned": sweep.abandoned}


@shared_task(acks_late=True)
def purge_expired_personal_data() -> dict:
    """Daily: purge identity data past PERSONAL_DATA_RETENTION_DAYS (Keputusan 8). Each request is
    its own transaction and carries a purge event, so a re-delivered task purges nothing twice."""
    from requests_app.services.retention import personal_data_purge

    result = personal_data_purge()
    return {
        "requests": result.requests,
        "files": result.files,
        "letters_reissued": result.letters_reissued,
        "letters_removed": result.letters_removed,
        "exports": result.exports,
    }


@shared_task(acks_late=True)
def refresh_stale_figures() -> int:
    """Beat (every minute): recompute the statistics' cells of the months that changed, so a
    statistics page rarely has to do it first (it still does when a month is stale)."""
    from requests_app.services.figures import figure_cells_refresh_stale

    return figure_cells_refresh_stale()
