"""Human labels for the objection and dispute events on the officer's objection page."""

from __future__ import annotations

from requests_app.events_public import event_label
from requests_app.models import ObjectionStatus, Status

# These events move the request, not the objection: their statuses are the request's.
REQUEST_STATUS_CODES = frozenset(
    {"objection.filed", "request.reopened_by_objection", "request.closed_after_objection"}
)


def _status_label(code: str, value: str) -> str:
    if not value:
        return ""
    choices = Status if code in REQUEST_STATUS_CODES else ObjectionStatus
    return str(choices(value).label) if value in choices.values else value


def objection_timeline(events) -> list[dict]:
    """Rows {"at", "label", "actor", "from_status", "to_status", "note"} in the given order."""
    return [
        {
            "at": event.created_at,
            "label": event_label(event.code),
            "actor": event.actor_label,
            "from_status": _status_label(event.code, event.from_status),
            "to_status": _status_label(event.code, event.to_status),
            "note": event.note,
        }
        for event in events
    ]
