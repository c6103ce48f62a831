"""Celery tasks: thin wrappers that take IDs, call one service and return."""

from celery import shared_task

from requests_app.notifications.outbox import notification_deliver, pending_notification_ids


@shared_task(acks_late=True)
def send_notification(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def send_pending_notifications() -> int:
    """The sweeper: whatever the broker or a worker lost goes out here."""
    return sum(notification_deliver(notification_id=pk) for pk in pending_notification_ids())


@shared_task(acks_late=True)
def close_lapsed_incomplete_requests() -> int:
    """Daily: close requests whose completion window (A14) lapsed."""
    from requests_app.services.workflow import requests_close_lapsed_incomplete

    return requests_close_lapsed_incomplete()
