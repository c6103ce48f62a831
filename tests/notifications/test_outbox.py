"""The outbox under pressure: a task out of time is not a failed delivery, and large batches reach
Celery in small tasks."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from kombu.exceptions import OperationalError

from requests_app.models import DeliveryState, Notification
from requests_app.notifications import channels
from requests_app.notifications.outbox import (
    ENQUEUE_CHUNK_SIZE,
    SENDING_LEASE,
    notification_build,
    notification_deliver,
    notifications_store,
)
from requests_app.tasks import send_notifications, send_pending_notifications

JKT = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 4, 14, 9, 0, tzinfo=JKT)


def _messages(count: int) -> list[Notification]:
    return [
        notification_build(
            kind="officer_alert",
            context={"headline": f"Pesan {n}", "message": "Isi", "items": []},
            recipient_address=f"petugas{n}@example.org",
            now=NOW,
        )
        for n in range(count)
    ]


@pytest.fixture
def out_of_time(monkeypatch):
    def slow_smtp(notification):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(channels.CHANNELS["email"], "send", slow_smtp)


def test_soft_time_limit_is_raised_not_recorded_as_a_failed_attempt(db, out_of_time, monkeypatch):
    [row] = notifications_store(_messages(1))

    with pytest.raises(SoftTimeLimitExceeded):
        notification_deliver(notification_id=row.pk, now=NOW)

    row.refresh_from_db()
    assert row.attempts == 0 and row.last_error == ""
    # Still claimed: nobody sends it until the lease lapses, then the sweeper does.
    assert row.state == DeliveryState.SENDING
    assert notification_deliver(notification_id=row.pk, now=NOW + timedelta(minutes=1)) is False
    monkeypatch.undo()
    later = NOW + SENDING_LEASE
    assert notification_deliver(notification_id=row.pk, now=later) is True
    assert len(mail.outbox) == 1


def test_a_task_out_of_time_leaves_the_rest_of_its_chunk_to_the_sweeper(
    db, out_of_time, monkeypatch
):
    rows = notifications_store(_messages(3))

    with pytest.raises(SoftTimeLimitExceeded):
        send_notifications([row.pk for row in rows])

    states = list(
        Notification.objects.order_by("pk").values_list("state", "attempts", "last_error")
    )
    assert states == [
        (DeliveryState.SENDING, 0, ""),
        (DeliveryState.PENDING, 0, ""),
        (DeliveryState.PENDING, 0, ""),
    ]
    monkeypatch.undo()
    assert send_pending_notifications() == 2  # the first waits for its lease


def test_ids_reach_celery_in_chunks_through_one_producer(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    tasks, producers = [], set()

    def publish(args, producer=None):
        tasks.append(*args)
        producers.add(id(producer))

    monkeypatch.setattr(send_notifications, "apply_async", publish)

    with django_capture_on_commit_callbacks(execute=True):
        rows = notifications_store(_messages(2 * ENQUEUE_CHUNK_SIZE + 7))

    assert ENQUEUE_CHUNK_SIZE == 50
    assert [len(ids) for ids in tasks] == [50, 50, 7]
    assert [pk for ids in tasks for pk in ids] == [row.pk for row in rows]
    assert len(producers) == 1 and id(None) not in producers


def test_a_dead_broker_is_tried_once_per_batch_not_per_chunk(
    db, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    calls = []

    def broker_down(args, **options):
        calls.append(args[0])
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_notifications, "apply_async", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        notifications_store(_messages(120))

    assert len(calls) == 1
    assert "left for the sweeper" in caplog.text
    assert Notification.objects.filter(state=DeliveryState.PENDING).count() == 120


def test_a_large_batch_is_handed_over_in_slices_that_a_worker_cuts_into_chunks(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from requests_app.notifications import outbox
    from requests_app.tasks import send_notifications_fanout

    monkeypatch.setattr(outbox, "FANOUT_THRESHOLD", 20)
    monkeypatch.setattr(outbox, "FANOUT_SLICE_SIZE", 60)
    slices, chunks = [], []
    monkeypatch.setattr(
        send_notifications_fanout, "apply_async", lambda args, **options: slices.append(*args)
    )
    monkeypatch.setattr(
        send_notifications, "apply_async", lambda args, **options: chunks.append(*args)
    )

    with django_capture_on_commit_callbacks(execute=True):
        rows = notifications_store(_messages(130))

    assert [len(ids) for ids in slices] == [60, 60, 10] and chunks == []
    for ids in slices:  # what the worker does with each slice
        assert send_notifications_fanout(ids) == len(ids)
    assert [len(ids) for ids in chunks] == [50, 10, 50, 10, 10]
    assert [pk for ids in chunks for pk in ids] == [row.pk for row in rows]
