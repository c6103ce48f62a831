"""Objection (keberatan, Pasal 35-36) and dispute (sengketa, Pasal 37-38) figures: one aggregate
query per table."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, Q

from requests_app.models import (
    GROUND_LETTERS,
    Dispute,
    DisputeOutcome,
    DisputeStage,
    Objection,
    ObjectionStatus,
)
from requests_app.selectors.statistics.measures import mean, rate
from requests_app.selectors.statistics.periods import Period, Scope

DECIDED = Q(decided_at__isnull=False)
# The decision survives later status changes (applicant accepts, dispute, closed) on the row:
# an upheld objection reopened the request with a new due date, a settlement has minutes.
UPHELD = DECIDED & Q(reopened_request_due_on__isnull=False)
SETTLED = DECIDED & ~Q(settlement_minutes="")
REJECTED = DECIDED & Q(reopened_request_due_on__isnull=True, settlement_minutes="")
# Pasal 36(2): KI orders that must be carried out (release), with their compliance clock.
RELEASE_ORDERED = Q(release_due_on__isnull=False)


def unanswered_condition(today: date) -> Q:
    """The atasan's 30 HK passed without a written response (B.2 TIDAK_DITANGGAPI, derived). An
    objection the applicant withdrew is not counted."""
    return Q(decided_at__isnull=True, atasan_due_on__lt=today) & ~Q(
        status=ObjectionStatus.WITHDRAWN
    )


def objection_figures(*, period: Period, scope: Scope, today: date) -> dict:
    """Objections received (`received_on`) in the period. `atasan_on_time_rate` = responses within
    the 30 HK / (responses + objections left unanswered past `atasan_due_on`). `by_status` counts
    the stored status, where `tidak_ditanggapi` is derived and never stored: read
    `unanswered_past_due` for it. `decisions` survive later status changes (see UPHELD/SETTLED)."""
    row = (
        Objection.objects.filter(scope.objection_q(), period.q("received_on"))
        .order_by()
        .aggregate(
            total=Count("pk"),
            late_filings=Count("pk", filter=Q(is_late=True)),
            decided=Count("pk", filter=DECIDED),
            decided_on_time=Count("pk", filter=DECIDED & Q(decided_late=False)),
            decided_late=Count("pk", filter=DECIDED & Q(decided_late=True)),
            unanswered_past_due=Count("pk", filter=unanswered_condition(today)),
            upheld=Count("pk", filter=UPHELD),
            rejected=Count("pk", filter=REJECTED),
            settled=Count("pk", filter=SETTLED),
            days_to_decision_mean=Avg("working_days_to_decision"),
            **{
                f"ground_{x}": Count("pk", filter=Q(**{f"ground_{x}": True}))
                for x in GROUND_LETTERS
            },
            **{
                f"status_{value}": Count("pk", filter=Q(status=value))
                for value in ObjectionStatus.values
            },
        )
    )
    return {
        "total": row["total"],
        "by_ground": {letter: row[f"ground_{letter}"] for letter in GROUND_LETTERS},
        "by_status": {value: row[f"status_{value}"] for value in ObjectionStatus.values},
        "decisions": {key: row[key] for key in ("upheld", "rejected", "settled")},
        "late_filings": row["late_filings"],
        "decided": row["decided"],
        "decided_on_time": row["decided_on_time"],
        "decided_late": row["decided_late"],
        "unanswered_past_due": row["unanswered_past_due"],
        "atasan_on_time_rate": rate(
            row["decided_on_time"], row["decided"] + row["unanswered_past_due"]
        ),
        "working_days_to_decision_mean": mean(row["days_to_decision_mean"]),
    }


def dispute_figures(*, period: Period, scope: Scope, today: date) -> dict:
    """Disputes filed (`filed_on`) in the period; a KI order to release information is complied
    with (`complied_on` set), pending (due date not yet passed) or overdue."""
    open_order = RELEASE_ORDERED & Q(complied_on__isnull=True)
    row = (
        Dispute.objects.filter(scope.objection_q("objection__"), period.q("filed_on"))
        .order_by()
        .aggregate(
            total=Count("pk"),
            filed_late=Count("pk", filter=Q(filed_late=True)),
            release_ordered=Count("pk", filter=RELEASE_ORDERED),
            release_complied=Count("pk", filter=RELEASE_ORDERED & Q(complied_on__isnull=False)),
            release_pending=Count("pk", filter=open_order & Q(release_due_on__gte=today)),
            release_overdue=Count("pk", filter=open_order & Q(release_due_on__lt=today)),
            no_outcome=Count("pk", filter=Q(outcome="")),
            **{f"stage_{v}": Count("pk", filter=Q(stage=v)) for v in DisputeStage.values},
            **{f"outcome_{v}": Count("pk", filter=Q(outcome=v)) for v in DisputeOutcome.values},
        )
    )
    return {
        "total": row["total"],
        "filed_late": row["filed_late"],
        "by_stage": {value: row[f"stage_{value}"] for value in DisputeStage.values},
        "by_outcome": {
            **{value: row[f"outcome_{value}"] for value in DisputeOutcome.values},
            "none": row["no_outcome"],
        },
        "release_orders": {
            "total": row["release_ordered"],
            "complied": row["release_complied"],
            "pending": row["release_pending"],
            "overdue": row["release_overdue"],
        },
    }
