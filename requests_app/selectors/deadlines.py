"""Why a due date is what it is: the start event, every working day counted, every day skipped."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from zoneinfo import ZoneInfo

from requests_app.models import InformationRequest, PublicBody
from requests_app.services.requests import NOTICE_WORKING_DAYS
from requests_app.services.workflow import EXTENSION_WORKING_DAYS
from requests_app.workdays import calendar_for


def _explained(body, start: date, days: int) -> dict:
    explanation = calendar_for(body).explain(start, days)
    return {
        "start": explanation.start,
        "working_days": explanation.working_days,
        "due": explanation.due,
        "counted": explanation.counted,
        "skipped": [asdict(day) for day in explanation.skipped],
    }


def due_date_explanation(request: InformationRequest) -> dict:
    """The request's clocks as stored, each explained by the calendar."""
    result = {
        "received_at": request.received_at,
        "effective_received_on": request.effective_received_on,
        "closing_time": request.body.office_closes_at,
        "notice": None,
        "extension": None,
    }
    if request.effective_received_on and request.original_due_on:
        result["notice"] = _explained(
            request.body, request.effective_received_on, NOTICE_WORKING_DAYS
        )
        result["notice"]["stored_due"] = request.original_due_on
    if request.extended_due_on and request.original_due_on:
        result["extension"] = _explained(
            request.body, request.original_due_on, EXTENSION_WORKING_DAYS
        )
        result["extension"]["stored_due"] = request.extended_due_on
    return result


def due_date_calculation(*, body: PublicBody, received_at) -> dict:
    """The public calculator: received at X, when is the answer due (and with the extension)?"""
    calendar = calendar_for(body)
    effective = calendar.effective_receipt_date(
        received_at, time_zone=body.time_zone, closes_at=body.office_closes_at
    )
    notice = _explained(body, effective, NOTICE_WORKING_DAYS)
    return {
        "body": body,
        "received_at": received_at,
        "effective_received_on": effective,
        "receipt_moved": effective != received_at.astimezone(ZoneInfo(body.time_zone)).date(),
        "notice": notice,
        "extension": _explained(body, notice["due"], EXTENSION_WORKING_DAYS),
    }
