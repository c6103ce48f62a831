"""The conditions behind each request figure, shared by the statistics and the queue filters
(`requests_app.filters.RequestFilter`) so a number and the list behind it can never disagree."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from requests_app.models import PRE_NOTICE_STATUSES, Status

ANSWERED = Q(notice_sent_at__isnull=False)
DELIVERED = Q(delivered_at__isnull=False)
PENDING = Q(status__in=PRE_NOTICE_STATUSES)
EXTENDED = Q(extended_due_on__isnull=False)
LATE = Q(notice_late=True)
PAUSED = Q(paused_working_days__gt=0)
# Pasal 22(7)/(8): the notice came within 10 HK (no extension) or within the extended 17 HK.
ON_TIME = ANSWERED & Q(notice_late=False)
ON_TIME_10 = ON_TIME & Q(extended_due_on__isnull=True)
ON_TIME_17 = ON_TIME & EXTENDED
# A withdrawn request or one closed for missing documents was never owed an answer.
NOT_OWED = (Status.WITHDRAWN, Status.CLOSED_INCOMPLETE)


def never_answered_condition(today: date) -> Q:
    """No written notice and the due date has passed. A paused clock (waiting for the applicant's
    documents, Keputusan 3) is not running, so its stale due date does not count."""
    return Q(
        notice_sent_at__isnull=True, due_on__lt=today, paused_working_days_left__isnull=True
    ) & ~Q(status__in=NOT_OWED)


# Boolean queue filters by name: `RequestFilter` keeps matches for `true`, excludes them for `false`.
FLAG_CONDITIONS = {
    "answered": lambda today: ANSWERED,
    "delivered": lambda today: DELIVERED,
    "extended": lambda today: EXTENDED,
    "late": lambda today: LATE,
    "paused": lambda today: PAUSED,
    "never_answered": never_answered_condition,
}
