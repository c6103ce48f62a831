"""The officer queue: what the user may see, filtered, soonest due first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from requests_app.filters import RequestFilter
from requests_app.keyset import Key, Ordering
from requests_app.models import PRE_NOTICE_STATUSES, InformationRequest
from requests_app.models.requests import QUEUE_CLOSED_STATUSES
from requests_app.permissions import requests_visible_to
from requests_app.workdays import calendar_for

# Open requests first, soonest due first (no due date last), then the newest, then by id so
# every row has one place. Stored columns, served by the `request_*queue_order` indexes.
QUEUE_ORDER = Ordering(
    keys=(
        Key("queue_closed", bool),
        Key("queue_due_on", date),
        # PostgreSQL's own place for NULLs in a descending index (drafts have no receipt time).
        Key("received_at", datetime, descending=True, nullable=True, nulls_first=True),
        Key("id", int),
    ),
    prefix=2,
)


def request_queue(*, user, params=None) -> tuple[RequestFilter, QuerySet[InformationRequest]]:
    """Visible requests after the queue filters, in `QUEUE_ORDER`."""
    base = requests_visible_to(user).select_related("body", "assigned_unit")
    request_filter = RequestFilter(params or {}, queryset=base)
    if not request_filter.is_valid():
        return request_filter, base.none()
    queryset = request_filter.qs
    statuses = request_filter.form.cleaned_data.get("status")
    closed = {status in QUEUE_CLOSED_STATUSES for status in statuses or ()}
    if closed == {True}:
        # Implied by the statuses, but the planner cannot know: without it, `status=selesai`
        # walks the whole open part of the queue index before its first closed row.
        queryset = queryset.filter(queue_closed__gt=False)
    elif closed == {False}:
        # And the last page of `status=diproses` would walk all the closed rows after it.
        queryset = queryset.filter(queue_closed__lt=True)
    return request_filter, queryset.order_by(*QUEUE_ORDER.order_by())


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
