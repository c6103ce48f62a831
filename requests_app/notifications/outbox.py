"""Transactional outbox: write the message with the change, hand it to Celery after commit,
and let a sweeper retry whatever did not go out (broker down, worker died, mail server refused)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from requests_app.models import DeliveryState, Notification, NotificationChannel
from requests_app.notifications.channels import CHANNELS
from requests_app.notifications.registry import render_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
# A claimed message whose worker died is offered again after this lease.
SENDING_LEASE = timedelta(minutes=10)


def notification_build(
    *,
    kind: str,
    context: dict,
    channel: str = NotificationChannel.EMAIL,
    request=None,
    recipient_user=None,
    recipient_address: str = "",
    dedup_key: str | None = None,
    now: datetime | None = None,
) -> Notification | None:
    """Render one message into an unsaved row (None when an email has no address)."""
    if channel == NotificationChannel.EMAIL and not recipient_address:
        return None
    now = now or timezone.now()
    rendered = render_message(kind, context)
    return Notification(
        kind=kind,
        channel=channel,
        request=request,
        recipient_user=recipient_user,
        recipient_address=recipient_address,
        subject=rendered.subject[:255],
        body_text=rendered.text,
        body_html=rendered.html,
        dedup_key=dedup_key,
        next_attempt_at=now,
        created_at=now,
    )


def notification_create(**kwargs) -> Notification | None:
    """Store one message in the caller's transaction; Celery is told after the commit.

    Takes `notification_build`'s arguments. With a `dedup_key` the same message is never stored
    twice (returns None the second time, also when a concurrent transaction stored it first).
    """
    notification = notification_build(**kwargs)
    if notification is None:
        return None
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None  # the dedup key exists: this message was already written
    transaction.on_commit(lambda: _enqueue([notification.pk]))
    return notification


def notifications_store(notifications: list[Notification]) -> list[Notification]:
    """Store many messages with one insert (the reminder scan); Celery is told after commit."""
    rows = Notification.objects.bulk_create([n for n in notifications if n is not None])
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _enqueue(notification_ids: list[int]) -> None:
    from requests_app.tasks import send_notifications

    try:
        send_notifications.delay(notification_ids)
    except Exception:  # noqa: BLE001 - broker down: the sweeper sends it later, the user's action stands
        logger.warning(
            "Broker unavailable; notifications %s left for the sweeper", notification_ids
        )


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one message if it is still due. Safe to call twice: the claim is a conditional update."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id)
        .filter(_claimable(now))
        .update(state=DeliveryState.SENDING, next_attempt_at=now + SENDING_LEASE)
    )
    if claimed != 1:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        CHANNELS[notification.channel].send(notification)
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried
        _record_failure(notification, error, now)
        return False
    Notification.objects.filter(pk=notification_id).update(
        state=DeliveryState.SENT, sent_at=now, attempts=notification.attempts + 1, last_error=""
    )
    return True


def _claimable(now: datetime) -> Q:
    return Q(state=DeliveryState.PENDING, next_attempt_at__lte=now) | Q(
        state=DeliveryState.SENDING, next_attempt_at__lte=now
    )


def _record_failure(notification: Notification, error: Exception, now: datetime) -> None:
    attempts = notification.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        state=DeliveryState.FAILED if gave_up else DeliveryState.PENDING,
        next_attempt_at=now + timedelta(seconds=BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)),
    )
    logger.warning("Notification %s failed (attempt %s): %s", notification.pk, attempts, error)


def pending_notification_ids(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(_claimable(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
