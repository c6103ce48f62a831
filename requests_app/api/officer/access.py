"""Who may use the officer API, how one request is loaded for it, and which actions it offers now.

Permission decisions themselves stay in `requests_app.permissions`; this module only combines them
with the request's state so a client can show the buttons that would succeed.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch
from rest_framework.permissions import BasePermission

from requests_app.lifecycle import action_allowed_from, action_guard_allows
from requests_app.models import InformationRequest, RequestEvent
from requests_app.permissions import (
    Action,
    memberships_of,
    permitted_actions,
    request_for_user,
    requests_visible_to,
)
from requests_app.services.workflow import local_today


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


def _state_allows(action: Action, request: InformationRequest, today: date) -> bool:
    """The state rule of `lifecycle.ACTION_RULES`, then the services' cheap guards."""
    return action_allowed_from(action, request.status) and action_guard_allows(
        action, request, today
    )


def allowed_actions(user, request: InformationRequest, *, now: datetime) -> list[str]:
    """What `user` may do to `request` right now: their roles intersected with the state machine
    (and the services' guards that need no query). `view_identity` depends on the role only."""
    permitted = permitted_actions(user, request)
    today = local_today(request, now)
    return sorted(str(a) for a in permitted if _state_allows(a, request, today))
