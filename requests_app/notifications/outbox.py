"""Transactional outbox: write the message with the change, hand it to Celery after commit,
and let a sweeper retry whatever did not go out (broker down, worker died, mail server refused)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from requests_app.bulk_copy import copy_rows
from requests_app.models import DeliveryState, Notification, NotificationChannel
from requests_app.notifications.channels import (
    applicant_channels,
    channel_for,
    officer_channels,
)
from requests_app.notifications.registry import RenderedMessage, render_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
# A claimed message whose worker died is offered again after this lease.
SENDING_LEASE = timedelta(minutes=10)
# Ids per `send_notifications` task: a chunk must go out well within the task's soft time limit
# (CELERY_TASK_SOFT_TIME_LIMIT) even when the mail server is slow; what is left goes to the sweeper.
ENQUEUE_CHUNK_SIZE = 50
# A batch larger than this (a reminder scan stores tens of thousands) is handed over in slices of
# `FANOUT_SLICE_SIZE` ids, which a worker cuts into chunks: a publish costs about 2 ms, so a
# thousand of them would hold the scan for seconds.
FANOUT_THRESHOLD = 10 * ENQUEUE_CHUNK_SIZE
FANOUT_SLICE_SIZE = 5_000
# COPY pays a round trip for the ids first: for a few rows (a submission's receipt) one INSERT is
# cheaper.
COPY_MIN_ROWS = 20


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
    """Render one message into an unsaved row (None when a channel other than in-app has no
    address), in the correspondence language of the request's body."""
    if channel != NotificationChannel.IN_APP and not recipient_address:
        return None
    rendered = render_message(kind, context, language=message_language(request))
    return notification_from_rendered(
        kind=kind,
        rendered=rendered,
        channel=channel,
        request=request,
        recipient_user=recipient_user,
        recipient_address=recipient_address,
        dedup_key=dedup_key,
        now=now,
    )


def message_language(request) -> str | None:
    """Messages about a request are written in its body's correspondence language."""
    return request.body.correspondence_language if request is not None else None


def notification_from_rendered(
    *,
    kind: str,
    rendered: RenderedMessage,
    channel: str,
    request=None,
    recipient_user=None,
    recipient_address: str = "",
    dedup_key: str | None = None,
    now: datetime | None = None,
) -> Notification:
    """An unsaved row for a message already rendered (`notification_build`, or a stencil)."""
    now = now or timezone.now()
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


class OutboxRow(NamedTuple):
    """One message to store, as the values of its columns (the others take their defaults).

    The reminder scans write tens of thousands of messages: a model instance per message cost
    more than filling its text into a stencil (issue 7)."""

    kind: str
    channel: str
    request_id: int | None
    recipient_user_id: int | None
    recipient_address: str
    subject: str
    body_text: str
    body_html: str
    dedup_key: str | None
    next_attempt_at: datetime
    created_at: datetime


def outbox_row(
    *,
    kind: str,
    rendered: RenderedMessage,
    channel: str,
    request_id: int | None,
    recipient_user_id: int | None = None,
    recipient_address: str = "",
    now: datetime,
) -> OutboxRow:
    """The row `notification_from_rendered` would build, without a dedup key, due at once."""
    return OutboxRow(
        kind,
        channel,
        request_id,
        recipient_user_id,
        recipient_address,
        rendered.subject[:255],
        rendered.text,
        rendered.html,
        None,
        now,
        now,
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


def _channel_key(dedup_key: str | None, channel: str) -> str | None:
    # Email keeps the bare key (rows written before channels were pluggable use it).
    if dedup_key is None or channel == NotificationChannel.EMAIL:
        return dedup_key
    return f"{dedup_key}:{channel}"


def applicant_message_create(
    *,
    kind: str,
    context: dict,
    request,
    dedup_key: str | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """Store one message to the applicant of `request` on every enabled channel that reaches them
    (`channels.applicant_channels`), in the caller's transaction. Returns the rows stored."""
    return _create_on_channels(
        applicant_channels(request),
        kind=kind,
        context=context,
        request=request,
        dedup_key=dedup_key,
        now=now,
    )


def officer_message_create(
    *, kind: str, context: dict, user, request=None, now: datetime | None = None
) -> list[Notification]:
    """Store one alert to officer `user` on every enabled channel that reaches them (in-app,
    email, ...), in the caller's transaction. Returns the rows stored."""
    return _create_on_channels(
        officer_channels(user),
        kind=kind,
        context=context,
        request=request,
        recipient_user=user,
        now=now,
    )


def _create_on_channels(channels, *, dedup_key: str | None = None, **message) -> list[Notification]:
    """One stored row per (channel, address); a row the dedup key already holds is skipped."""
    rows = (
        notification_create(
            channel=channel,
            recipient_address=address,
            dedup_key=_channel_key(dedup_key, channel),
            **message,
        )
        for channel, address in channels
    )
    return [row for row in rows if row is not None]


def applicant_messages_build(
    *,
    kind: str,
    context: dict,
    request,
    dedup_key: str | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """Unsaved rows of one message to the applicant, one per channel that reaches them (for scans
    that store many messages with `notifications_store`, and for a request stored in the same
    transaction, whose dedup key cannot be taken yet)."""
    rows = (
        notification_build(
            kind=kind,
            context=context,
            channel=channel,
            request=request,
            recipient_address=address,
            dedup_key=_channel_key(dedup_key, channel),
            now=now,
        )
        for channel, address in applicant_channels(request)
    )
    return [row for row in rows if row is not None]


def notifications_store(notifications: list[Notification]) -> list[Notification]:
    """Store many messages with one insert; Celery is told after commit."""
    rows = [n for n in notifications if n is not None]
    if connection.vendor == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        fields = _stored_fields()
        ids = _copy_insert(fields, [tuple(getattr(n, f.attname) for f in fields) for n in rows])
        for pk, row in zip(ids, rows, strict=True):
            row.pk = pk
            row._state.adding = False
            row._state.db = "default"
    else:
        rows = Notification.objects.bulk_create(rows)
    _enqueue_on_commit([row.pk for row in rows])
    return rows


def outbox_rows_store(rows: list[OutboxRow]) -> list[int]:
    """Store many messages given as column values (the reminder scans) with one insert; Celery
    is told after commit. Returns their ids."""
    if connection.vendor == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        given = set(OutboxRow._fields)
        defaulted = [f for f in _stored_fields() if f.attname not in given]
        fields = [Notification._meta.get_field(name) for name in OutboxRow._fields] + defaulted
        defaults = tuple(f.get_default() for f in defaulted)
        ids = _copy_insert(fields, [(*row, *defaults) for row in rows])
    else:
        stored = Notification.objects.bulk_create([Notification(**row._asdict()) for row in rows])
        ids = [row.pk for row in stored]
    _enqueue_on_commit(ids)
    return ids


def _enqueue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))


def _stored_fields() -> list:
    return [f for f in Notification._meta.concrete_fields if not f.primary_key]


def _copy_insert(fields: list, rows: list[tuple]) -> list[int]:
    """Insert `rows` (the values of `fields`, in order) with one `COPY`, ids drawn from the table's
    sequence first (PostgreSQL). Returns the ids, in the order of `rows`."""
    with connection.cursor() as cursor:
        # The sequence looked up once (OFFSET 0 keeps the subquery from being folded into the
        # outer one), not per id: per id the lookup cost more than the ids themselves.
        cursor.execute(
            "SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq"
            " OFFSET 0) AS s, generate_series(1, %s)",
            [Notification._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    copy_rows(
        Notification,
        [Notification._meta.pk, *fields],
        ((pk, *row) for pk, row in zip(ids, rows, strict=True)),
    )
    return ids


def task_enqueue(task, *args, producer=None) -> bool:
    """`task.apply_async(args)`; False instead of an error when the broker cannot be reached.

    For work whose row is already committed and which a sweeper picks up later (this outbox, export
    jobs): the user's action stands and nobody sees a 500 because Redis is down."""
    try:
        task.apply_async(args, producer=producer)
    except Exception:  # noqa: BLE001 - broker down: the sweeper sends it later, the user's action stands
        return False
    return True


def _enqueue(notification_ids: list[int]) -> None:
    from requests_app.tasks import send_notifications, send_notifications_fanout

    if len(notification_ids) > FANOUT_THRESHOLD:
        notifications_publish(send_notifications_fanout, notification_ids, FANOUT_SLICE_SIZE)
    else:
        notifications_publish(send_notifications, notification_ids, ENQUEUE_CHUNK_SIZE)


def notifications_publish(task, notification_ids: list[int], size: int) -> None:
    """Hand the ids to `task` in slices of `size`, one message each, all published through one
    producer (a connection per message would cost more than the publish)."""
    from ppid.celery import app

    try:
        with app.producer_or_acquire() as producer:
            for start in range(0, len(notification_ids), size):
                chunk = notification_ids[start : start + size]
                if not task_enqueue(task, chunk, producer=producer):
                    _left_for_sweeper(notification_ids[start:])
                    return  # the broker is down for the rest too; do not wait for each
    except Exception:  # noqa: BLE001 - no producer (broker down): the sweeper sends them later
        _left_for_sweeper(notification_ids)


def _left_for_sweeper(notification_ids: list[int]) -> None:
    logger.warning("Broker unavailable; notifications %s left for the sweeper", notification_ids)


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
        channel_for(notification.channel).send(notification)
    except SoftTimeLimitExceeded:
        # The task ran out of time, not this message: counting it as a failed attempt would bring
        # a healthy message closer to giving up. The claim lapses after SENDING_LEASE and the
        # sweeper offers it again; Celery ends the task (the ids not reached stay pending too).
        raise
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
