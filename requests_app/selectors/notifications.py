"""Reads of the outbox: a user's in-app messages, the bell count, and every message about a request.

Who sees what: a user sees only the in-app rows addressed to them; officers see every message about
a request they may see (the caller checks that); the applicant sees only the messages sent to the
applicant (`APPLICANT_KINDS`, no user recipient), never officers' alerts, which name colleagues
and internal deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from requests_app.models import (
    DeliveryState,
    InformationRequest,
    Notification,
    NotificationChannel,
)
from requests_app.notifications import channels, registry

# The kinds written for the applicant (receipt, status updates, deadline and window reminders).
APPLICANT_KINDS = frozenset({registry.REQUEST_RECEIPT.code, registry.REQUEST_UPDATE.code})

# Officer pages named in an alert's items (`services.reminders.officer_request_path`, objections).
OFFICER_PATH = re.compile(r"/petugas/(?:permohonan|keberatan)/\d+/")

_STATE_LABELS = dict(DeliveryState.choices)


def _is_authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _in_app_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_user=user, channel=NotificationChannel.IN_APP)


def unread_notification_count(*, user) -> int:
    """The bell: one COUNT query for a logged-in user, none for anyone else."""
    if not _is_authenticated(user):
        return 0
    return _in_app_for(user).filter(read_at__isnull=True).count()


def notification_list(*, user) -> QuerySet[Notification]:
    """`user`'s in-app messages, newest first (empty for anonymous users). Lazy: paginate it."""
    if not _is_authenticated(user):
        return Notification.objects.none()
    return _in_app_for(user).order_by("-created_at", "-pk")


def officer_paths(notification: Notification) -> list[str]:
    """The officer pages an alert's body links to, in order, each once; the request's page when
    the body names none. Only site-relative paths matching `OFFICER_PATH` ever come out."""
    paths = list(dict.fromkeys(OFFICER_PATH.findall(notification.body_text or "")))
    if not paths and notification.request_id:
        paths = [f"/petugas/permohonan/{notification.request_id}/"]
    return paths


def message_kind_label(code: str) -> str:
    kind = registry.KINDS.get(code)
    return kind.description if kind is not None else code


@dataclass(frozen=True)
class RequestMessage:
    """One outbox row about a request, as officers read it (delivery attempts included)."""

    id: int
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    recipient: str
    recipient_address: str
    to_applicant: bool
    subject: str
    state: str
    state_label: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    read_at: datetime | None


def _is_to_applicant(notification: Notification) -> bool:
    return notification.recipient_user_id is None and notification.kind in APPLICANT_KINDS


def _recipient_label(notification: Notification) -> str:
    user = notification.recipient_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    return _("Pemohon") if _is_to_applicant(notification) else notification.recipient_address


def _message(notification: Notification) -> RequestMessage:
    return RequestMessage(
        id=notification.pk,
        kind=notification.kind,
        kind_label=message_kind_label(notification.kind),
        channel=notification.channel,
        channel_label=channels.channel_label(notification.channel),
        recipient=_recipient_label(notification),
        recipient_address=notification.recipient_address,
        to_applicant=_is_to_applicant(notification),
        subject=notification.subject,
        state=notification.state,
        state_label=str(_STATE_LABELS.get(notification.state, notification.state)),
        attempts=notification.attempts,
        last_error=notification.last_error,
        created_at=notification.created_at,
        next_attempt_at=notification.next_attempt_at,
        sent_at=notification.sent_at,
        read_at=notification.read_at,
    )


def request_notifications(request: InformationRequest) -> list[RequestMessage]:
    """Every message about `request`, oldest first, with its delivery attempts (one query).

    For officers only: it includes alerts to colleagues and the applicant's address."""
    rows = (
        Notification.objects.filter(request=request)
        .select_related("recipient_user")
        .order_by("created_at", "pk")
    )
    return [_message(row) for row in rows]


@dataclass(frozen=True)
class ApplicantMessage:
    subject: str
    created_at: datetime
    sent_at: datetime | None
    state: str
    state_label: str


def applicant_notifications(request: InformationRequest) -> list[ApplicantMessage]:
    """The messages sent to the applicant about `request`, oldest first (one query); officers'
    alerts are never included, whatever their channel."""
    rows = Notification.objects.filter(
        request=request, recipient_user__isnull=True, kind__in=APPLICANT_KINDS
    ).order_by("created_at", "pk")
    return [
        ApplicantMessage(
            subject=row.subject,
            created_at=row.created_at,
            sent_at=row.sent_at,
            state=row.state,
            state_label=str(_STATE_LABELS.get(row.state, row.state)),
        )
        for row in rows.only("subject", "created_at", "sent_at", "state")
    ]
