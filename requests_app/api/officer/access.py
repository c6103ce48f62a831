"""Who may use the officer API, how one request is loaded for it, and which actions it offers now.

Permission decisions themselves stay in `requests_app.permissions`; this module only combines them
with the request's state so a client can show the buttons that would succeed.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from rest_framework.permissions import BasePermission

from requests_app.lifecycle import can_transition
from requests_app.models import PRE_NOTICE_STATUSES, InformationRequest, RequestEvent, Status
from requests_app.permissions import (
    Action,
    memberships_of,
    permitted_actions,
    request_for_user,
    requests_visible_to,
)
from requests_app.services.notices import DRAFTABLE_FROM
from requests_app.services.workflow import GRANTED_OUTCOMES, REFUSAL_OUTCOMES, local_today

S = Status

# Action -> (status it moves to, states its service accepts; None: the lifecycle table alone).
# Mirrors the `allowed_from` arguments in services/workflow.py and services/notices.py.
ACTION_TRANSITIONS: dict[Action, tuple[str, frozenset[str] | None]] = {
    Action.VERIFY: (S.IN_PROCESS, frozenset({S.REGISTERED})),
    Action.FLAG_INCOMPLETE: (S.AWAITING_COMPLETION, None),
    Action.COMPLETE: (S.REGISTERED, None),
    Action.CLOSE_INCOMPLETE: (S.CLOSED_INCOMPLETE, None),
    Action.ROUTE: (S.ROUTED, frozenset({S.IN_PROCESS})),
    Action.REROUTE: (S.ROUTED, frozenset({S.ROUTED})),
    Action.RETURN: (S.IN_PROCESS, frozenset({S.ROUTED})),
    Action.EXTEND: (S.EXTENDED, None),
    Action.DRAFT_NOTICE: (S.AWAITING_APPROVAL, frozenset(DRAFTABLE_FROM)),
    Action.FORWARD: (S.AWAITING_APPROVAL, frozenset(DRAFTABLE_FROM)),
    Action.REQUEST_REVISION: (S.IN_PROCESS, frozenset({S.AWAITING_APPROVAL})),
    Action.APPROVE: (S.NOTIFIED, frozenset({S.AWAITING_APPROVAL})),
    Action.DELIVER: (S.DELIVERED, None),
    Action.CLOSE: (S.CLOSED, frozenset({S.NOTIFIED, S.DELIVERED})),
    Action.WITHDRAW: (S.WITHDRAWN, frozenset({S.DRAFT, *PRE_NOTICE_STATUSES})),
}


class IsStaffMember(BasePermission):
    """Officers, signers, atasan and supervisors: anyone with a membership. Citizens use the
    tracking API; their own requests are not served here (officer notes are internal)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or memberships_of(user)))


def officer_request_get(*, user, pk: int) -> InformationRequest:
    """One visible request with everything its full record shows, in a fixed number of queries;
    ObjectNotFound (404) when `user` may not see it."""
    queryset = (
        requests_visible_to(user)
        .select_related(
            "forwarded_from",
            "forwarded_to__body",
            "notice__consequence_test",
            "notice__dip_item",
            "notice__holding_body",
        )
        .prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.order_by("created_at", "id")),
            "documents",
            "notice__fee_lines",
        )
    )
    return request_for_user(user, pk, queryset=queryset)


def _guard_allows(action: Action, request: InformationRequest, now: datetime) -> bool:
    """The services' cheap guards beyond the state (no query): what would surely be refused."""
    if action == Action.EXTEND:
        # Pasal 22(8): once, and before the due date.
        return request.extended_due_on is None and local_today(request, now) <= request.due_on
    if action == Action.CLOSE_INCOMPLETE:
        due = request.completion_due_on
        return due is not None and local_today(request, now) > due
    if action == Action.DELIVER:
        paid = request.status != S.AWAITING_PAYMENT or request.paid_at is not None
        return request.outcome in GRANTED_OUTCOMES and paid
    if action == Action.CLOSE:
        return request.status != S.NOTIFIED or request.outcome in REFUSAL_OUTCOMES
    return True


def _state_allows(action: Action, request: InformationRequest, now: datetime) -> bool:
    if action == Action.VIEW_IDENTITY:
        return True
    if action == Action.RECORD_PAYMENT:
        return request.status == S.AWAITING_PAYMENT and request.paid_at is None
    target, allowed_from = ACTION_TRANSITIONS[action]
    if allowed_from is not None and request.status not in allowed_from:
        return False
    return can_transition(request.status, target) and _guard_allows(action, request, now)


def allowed_actions(user, request: InformationRequest, *, now: datetime) -> list[str]:
    """What `user` may do to `request` right now: their roles intersected with the state machine
    (and the services' guards that need no query). `view_identity` depends on the role only."""
    permitted = permitted_actions(user, request)
    return sorted(str(a) for a in permitted if _state_allows(a, request, now))
