"""The request state machine (domain.md B.1): one transition table and one function that moves it.

Every status change in the application goes through `request_transition`, which locks the row,
re-checks the state, saves, and appends a `RequestEvent` in the same transaction. `ACTION_RULES`
says, once, where each officer action leads and which states it may start from; services, the
officer API and the request page all read it. Services add the guards that need more than the
state (a reason, a due date, an outcome).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import InvalidTransition
from requests_app.models import (
    PRE_NOTICE_STATUSES,
    InformationRequest,
    Outcome,
    RequestEvent,
    Status,
)
from requests_app.permissions import Action
from requests_app.services.figures import figure_month_mark_stale

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


@dataclass(frozen=True)
class ActionRule:
    """Where an officer action leads (`to`; None: it changes no status) and the states it may
    start from (`allowed_from`; None: whatever `TRANSITIONS` allows into `to`)."""

    to: str | None
    allowed_from: frozenset[str] | None = None


# A notice can be drafted (or the request forwarded, which drafts a "not held" notice) while the
# request is being answered, and after the deadline passed without one (ground g, late notice).
DRAFTABLE_FROM = frozenset({S.IN_PROCESS, S.ROUTED, S.EXTENDED, S.NOT_RESPONDED})

# Outcomes that lead to delivery, and those that end the request with the notice (close at once).
GRANTED_OUTCOMES = (Outcome.GRANTED_FULLY, Outcome.GRANTED_PARTLY, Outcome.ALREADY_AVAILABLE)
REFUSAL_OUTCOMES = (Outcome.REFUSED_EXEMPT, Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED)

# The one statement of each officer action's state rule: services enforce it, the officer API and
# the request page read it to offer only what would succeed. Guards that need more than the state
# (one extension, a lapsed completion window, an outcome) are enforced by the services; the ones
# that need no query are restated once in `action_guard_allows` for the API and the page.
ACTION_RULES: dict[Action, ActionRule] = {
    Action.VERIFY: ActionRule(S.IN_PROCESS, frozenset({S.REGISTERED})),
    Action.FLAG_INCOMPLETE: ActionRule(S.AWAITING_COMPLETION, frozenset({S.REGISTERED})),
    Action.COMPLETE: ActionRule(S.REGISTERED, frozenset({S.AWAITING_COMPLETION})),
    Action.CLOSE_INCOMPLETE: ActionRule(S.CLOSED_INCOMPLETE, frozenset({S.AWAITING_COMPLETION})),
    Action.ROUTE: ActionRule(S.ROUTED, frozenset({S.IN_PROCESS})),
    Action.REROUTE: ActionRule(S.ROUTED, frozenset({S.ROUTED})),
    Action.RETURN: ActionRule(S.IN_PROCESS, frozenset({S.ROUTED})),
    Action.EXTEND: ActionRule(S.EXTENDED),
    Action.DRAFT_NOTICE: ActionRule(S.AWAITING_APPROVAL, DRAFTABLE_FROM),
    Action.FORWARD: ActionRule(S.AWAITING_APPROVAL, DRAFTABLE_FROM),
    Action.REQUEST_REVISION: ActionRule(S.IN_PROCESS, frozenset({S.AWAITING_APPROVAL})),
    Action.APPROVE: ActionRule(S.NOTIFIED, frozenset({S.AWAITING_APPROVAL})),
    # Payment is recorded on the row without a status change; delivery then moves it on.
    Action.RECORD_PAYMENT: ActionRule(None, frozenset({S.AWAITING_PAYMENT})),
    Action.DELIVER: ActionRule(S.DELIVERED),
    Action.CLOSE: ActionRule(S.CLOSED, frozenset({S.NOTIFIED, S.DELIVERED})),
    # Only before the written notice (domain.md B.1); a draft may be dropped too.
    Action.WITHDRAW: ActionRule(S.WITHDRAWN, frozenset({S.DRAFT, *PRE_NOTICE_STATUSES})),
    Action.VIEW_IDENTITY: ActionRule(None),
}


def action_allowed_from(action: Action, status: str) -> bool:
    """Whether `action` may start from `status`: its own allowed states, then the table."""
    rule = ACTION_RULES[action]
    if rule.allowed_from is not None and status not in rule.allowed_from:
        return False
    return rule.to is None or can_transition(status, rule.to)


def action_guard_allows(action: Action, request: InformationRequest, today: date) -> bool:
    """The services' guards beyond the state rule that need no query, so the officer API and the
    request page offer nothing the service would surely refuse. `today` is the request body's local
    date. Actions without such a guard: True. The services stay the authority on a POST."""
    if action == Action.EXTEND:
        # Pasal 22(8): once, and before the due date passes.
        return (
            request.extended_due_on is None
            and request.due_on is not None
            and today <= request.due_on
        )
    if action == Action.CLOSE_INCOMPLETE:
        return request.completion_due_on is not None and today > request.completion_due_on
    if action == Action.DELIVER:
        paid_or_free = request.status != S.AWAITING_PAYMENT or request.paid_at is not None
        return request.outcome in GRANTED_OUTCOMES and paid_or_free
    if action == Action.CLOSE:
        # A granted request is closed after delivery; a refusal or "not held" right after the notice.
        return request.status == S.DELIVERED or request.outcome in REFUSAL_OUTCOMES
    if action == Action.RECORD_PAYMENT:
        return request.paid_at is None
    return True


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
    # Any event may come with a change to the figures of the request's month.
    figure_month_mark_stale(request)
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
