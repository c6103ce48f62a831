"""The officer queue: what the user may see, filtered, soonest due first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, QuerySet, Value, When

from requests_app.filters import RequestFilter
from requests_app.models import FINAL_STATUSES, PRE_NOTICE_STATUSES, InformationRequest, Status
from requests_app.permissions import requests_visible_to
from requests_app.workdays import calendar_for

CLOSED_STATUSES = (*FINAL_STATUSES, Status.DRAFT, Status.DELIVERED, Status.NOTIFIED)


def request_queue(*, user, params=None) -> tuple[RequestFilter, QuerySet[InformationRequest]]:
    """Visible requests after the queue filters: open ones first, by due date, then the newest."""
    base = requests_visible_to(user).select_related("body", "assigned_unit")
    request_filter = RequestFilter(params or {}, queryset=base)
    queryset = request_filter.qs if request_filter.is_valid() else base.none()
    queryset = queryset.annotate(
        is_closed=Case(
            When(status__in=CLOSED_STATUSES, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("is_closed", "due_on", "-received_at", "pk")
    return request_filter, queryset


@dataclass(frozen=True)
class DeadlineInfo:
    working_days_left: int | None
    overdue: bool


def deadline_info(request: InformationRequest, today: date) -> DeadlineInfo:
    """Working days left to the due date (negative when overdue), computed without a query."""
    if request.status not in PRE_NOTICE_STATUSES or request.due_on is None:
        return DeadlineInfo(None, False)
    left = calendar_for(request.body).working_days_between(today, request.due_on)
    return DeadlineInfo(left, request.due_on < today)
