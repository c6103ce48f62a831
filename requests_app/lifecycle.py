"""The request state machine (domain.md B.1): one transition table and one function that moves it.

Every status change in the application goes through `request_transition`, which locks the row,
re-checks the state, saves, and appends a `RequestEvent` in the same transaction. Services add the
guards that need more than the state (a reason, a due date, an outcome).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import InvalidTransition
from requests_app.models import InformationRequest, RequestEvent, Status

S = Status

# Source state -> states it may move to. "Any pre-notice state -> DICABUT", the late-notice
# branch from TIDAK_DITANGGAPI and "an objection on ground c from any state still owing a notice"
# (overdue is derived, so no row ever sits in TIDAK_DITANGGAPI) are spelled out so the table is the
# whole truth; the objection service checks that the deadline really passed.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.REGISTERED, S.WITHDRAWN}),
    S.REGISTERED: frozenset({S.AWAITING_COMPLETION, S.IN_PROCESS, S.WITHDRAWN, S.IN_OBJECTION}),
    S.AWAITING_COMPLETION: frozenset(
        {S.REGISTERED, S.CLOSED_INCOMPLETE, S.WITHDRAWN, S.IN_OBJECTION}
    ),
    S.IN_PROCESS: frozenset(
        {S.ROUTED, S.EXTENDED, S.AWAITING_APPROVAL, S.NOT_RESPONDED, S.WITHDRAWN, S.IN_OBJECTION}
    ),
    S.ROUTED: frozenset(
        {
            S.IN_PROCESS,
            S.ROUTED,
            S.EXTENDED,
            S.AWAITING_APPROVAL,
            S.NOT_RESPONDED,
            S.WITHDRAWN,
            S.IN_OBJECTION,
        }
    ),
    S.EXTENDED: frozenset({S.AWAITING_APPROVAL, S.NOT_RESPONDED, S.WITHDRAWN, S.IN_OBJECTION}),
    S.AWAITING_APPROVAL: frozenset(
        {S.IN_PROCESS, S.NOTIFIED, S.NOT_RESPONDED, S.WITHDRAWN, S.IN_OBJECTION}
    ),
    S.NOT_RESPONDED: frozenset({S.AWAITING_APPROVAL, S.NOTIFIED, S.IN_OBJECTION, S.WITHDRAWN}),
    S.NOTIFIED: frozenset({S.AWAITING_PAYMENT, S.DELIVERED, S.CLOSED, S.IN_OBJECTION}),
    S.AWAITING_PAYMENT: frozenset({S.DELIVERED, S.IN_OBJECTION}),
    S.DELIVERED: frozenset({S.CLOSED, S.IN_OBJECTION}),
    S.CLOSED: frozenset({S.IN_OBJECTION}),
    S.IN_OBJECTION: frozenset({S.IN_PROCESS, S.CLOSED}),
    S.CLOSED_INCOMPLETE: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def record_event(
    *,
    request: InformationRequest,
    code: str,
    actor=None,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict | None = None,
    now: datetime | None = None,
) -> RequestEvent:
    """Append one audit event. Call inside the transaction that makes the change."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor_label or actor.get_full_name() or actor.get_username()
    else:
        actor = None
    return RequestEvent.objects.create(
        request=request,
        code=code,
        actor=actor,
        actor_label=actor_label,
        created_at=now or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def lock_request(request: InformationRequest) -> InformationRequest:
    """Re-read the row under a lock: the second of two concurrent actions sees the first's result."""
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_transition(
    *,
    request: InformationRequest,
    to: str,
    code: str,
    actor=None,
    actor_label: str = "",
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
    allowed_from: Iterable[str] | None = None,
    now: datetime | None = None,
) -> InformationRequest:
    """Move `request` to `to`, applying `changes` to other fields, and log `code`.

    `allowed_from` narrows the table for actions that only make sense from some states
    (re-routing only from DIDISPOSISIKAN, for instance). Raises InvalidTransition naming the
    current state. Returns the locked, updated instance.
    """
    locked = lock_request(request)
    current = locked.status
    allowed = can_transition(current, to) and (allowed_from is None or current in set(allowed_from))
    if not allowed:
        raise InvalidTransition(
            _("Tindakan ini tidak dapat dilakukan: status permohonan saat ini adalah “%(status)s”.")
            % {"status": Status(current).label}
        )
    changes = dict(changes or {})
    for field_name, value in changes.items():
        setattr(locked, field_name, value)
    locked.status = to
    locked.save(update_fields=[*changes, "status", "updated_at"])
    record_event(
        request=locked,
        code=code,
        actor=actor,
        actor_label=actor_label,
        from_status=current,
        to_status=to,
        note=note,
        data=data,
        now=now,
    )
    return locked
