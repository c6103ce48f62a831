"""Writes on a user's in-app messages: marking them read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from requests_app.models import Notification, NotificationChannel


def notifications_mark_read(
    *, user, ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Mark `user`'s unread in-app messages read: those in `ids`, or all of them when None.

    Returns how many changed. Ids of other users' messages, of emails or of messages already
    read are ignored (a conditional update), so a repeated or forged POST changes nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    rows = Notification.objects.filter(
        recipient_user=user, channel=NotificationChannel.IN_APP, read_at__isnull=True
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=now or timezone.now())
