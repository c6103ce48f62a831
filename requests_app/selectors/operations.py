"""What administrators watch in production: Celery queue depth, the outbox and export backlog.

Read-only. The broker is asked through kombu's channel API, which counts what each transport
holds: `LLEN` of the queue's lists on Redis (one per priority step), the message files on the
filesystem broker of a single-machine installation.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from requests_app.models import DeliveryState, ExportJob, ExportState, Notification

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2
RECENT_FAILURES = 10


@dataclass(frozen=True)
class QueueDepth:
    name: str
    messages: int


@dataclass(frozen=True)
class BrokerStatus:
    queues: list[QueueDepth]
    reachable: bool
    transport: str


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int
    due: int
    sending: int
    failed: int
    oldest_pending_at: datetime | None
    oldest_pending_age: timedelta | None


def queue_names() -> list[str]:
    return [queue.name for queue in settings.CELERY_TASK_QUEUES]


def celery_queue_depths() -> BrokerStatus:
    """Messages waiting in each configured queue. An unreachable broker gives `reachable=False`
    (and a log line with the error type), never an exception: the page must still show the
    outbox, which is in the database."""
    from ppid.celery import app

    try:
        with app.connection_for_read(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            transport = conn.transport_cls
            channel = conn.default_channel
            # queue_declare is how AMQP asks for a count; kombu's virtual transports answer it
            # from the store (Redis lists, files) without changing anything.
            depths = [
                QueueDepth(name, channel.queue_declare(queue=name).message_count)
                for name in queue_names()
            ]
    except Exception as error:  # noqa: BLE001 - any broker failure means "unknown depth"
        logger.error("Operations page: broker unavailable: %s", type(error).__name__)
        return BrokerStatus(queues=[], reachable=False, transport="")
    return BrokerStatus(queues=depths, reachable=True, transport=str(transport))


def outbox_backlog(*, now: datetime | None = None) -> OutboxBacklog:
    """Counts by delivery state in one query; `due` are pending rows the sweeper should already
    have sent (their next attempt is in the past)."""
    now = now or timezone.now()
    figures = Notification.objects.aggregate(
        pending=Count("pk", filter=Q(state=DeliveryState.PENDING)),
        due=Count("pk", filter=Q(state=DeliveryState.PENDING, next_attempt_at__lte=now)),
        sending=Count("pk", filter=Q(state=DeliveryState.SENDING)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        oldest_pending_at=Min("created_at", filter=Q(state=DeliveryState.PENDING)),
    )
    oldest = figures["oldest_pending_at"]
    return OutboxBacklog(**figures, oldest_pending_age=now - oldest if oldest else None)


# Mail servers quote the refused recipient in their error ("550 <siti@example.org>: ...").
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def outbox_recent_failures(limit: int = RECENT_FAILURES) -> list[dict]:
    """The latest failed messages: kind, attempts, error. No recipient address (personal data),
    not even inside the mail server's error text."""
    rows = Notification.objects.filter(state=DeliveryState.FAILED).order_by("-created_at")
    failures = list(
        rows.values("pk", "kind", "channel", "attempts", "created_at", "last_error")[:limit]
    )
    for failure in failures:
        failure["last_error"] = EMAIL_ADDRESS.sub("[email]", failure["last_error"] or "")
    return failures


def export_backlog() -> dict[str, int]:
    counts = ExportJob.objects.aggregate(
        pending=Count("pk", filter=Q(state=ExportState.PENDING)),
        running=Count("pk", filter=Q(state=ExportState.RUNNING)),
        failed=Count("pk", filter=Q(state=ExportState.FAILED)),
    )
    return counts
