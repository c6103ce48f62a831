"""The number of queries does not grow with the number of requests or OPDs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import (
    Dispute,
    InformationRequest,
    Objection,
    Outcome,
    Status,
    WrittenNotice,
)
from requests_app.selectors.statistics import Period, Scope, compliance_figures, figures_for_bodies
from requests_app.services.figures import figure_cells_rebuild
from tests.factories import PublicBodyFactory, UnitFactory

COMPLIANCE_QUERIES = 8
STATUSES = (Status.ROUTED, Status.NOTIFIED, Status.DELIVERED, Status.CLOSED, Status.WITHDRAWN)


def populate(body, *, requests: int, units: int) -> None:
    """Rows straight into the tables (the services are exercised by the hand-counted story)."""
    opds = [UnitFactory(body=body) for _ in range(units)]
    start = date(2025, 1, 6)
    for i in range(requests):
        received = start + timedelta(days=7 * (i % 40))
        answered = i % 3 != 0
        request = InformationRequest.objects.create(
            body=body,
            assigned_unit=opds[i % units],
            registration_number=f"{i:04d}/PPID/X/2025",
            channel=("web", "email", "langsung")[i % 3],
            applicant_type="perorangan",
            full_name=f"Pemohon {i}",
            address="Serang",
            occupation="Guru",
            information_requested="Data",
            purpose="Riset",
            access_method="melihat",
            status=STATUSES[i % len(STATUSES)],
            outcome=Outcome.REFUSED_EXEMPT if answered and i % 2 else "",
            effective_received_on=received,
            original_due_on=received + timedelta(days=14),
            due_on=received + timedelta(days=14),
            notice_sent_at=None if not answered else "2025-12-31T09:00:00+07:00",
            notice_late=answered and i % 4 == 0,
            working_days_to_notice=(i % 20) if answered else None,
            working_days_to_delivery=(i % 25) if i % 5 == 0 else None,
            paused_working_days=i % 2,
        )
        if answered and i % 2:
            WrittenNotice.objects.create(
                request=request, outcome=Outcome.REFUSED_EXEMPT, exemption_letter="abh"[i % 3]
            )
        if i % 4 == 1:
            objection = Objection.objects.create(
                body=body,
                request=request,
                handling_unit=request.assigned_unit,
                registration_number=f"KBT/{i}",
                sequence_year=2025,
                sequence_number=i,
                ground_a=True,
                ground_c=i % 3 == 0,
                case_facts="x",
                filed_at="2025-06-02T09:00:00+07:00",
                received_on=received,
                trigger_on=received,
                filing_window_ends_on=received + timedelta(days=42),
                atasan_due_on=received + timedelta(days=42),
            )
            Dispute.objects.create(
                objection=objection,
                commission="KI",
                ki_register_number=str(i),
                filed_on=received + timedelta(days=50),
                release_due_on=received + timedelta(days=80) if i % 3 else None,
            )
    figure_cells_rebuild()  # the rows bypassed the services, which keep the cells current


@pytest.mark.parametrize(("requests", "units"), [(5, 2), (50, 8)])
def test_compliance_figures_use_a_fixed_number_of_queries(
    db, django_assert_max_num_queries, requests, units
):
    body = PublicBodyFactory()
    populate(body, requests=requests, units=units)
    with django_assert_max_num_queries(COMPLIANCE_QUERIES):
        figures = compliance_figures(
            period=Period.parse("2025"), scope=Scope.for_body(body), today=date(2025, 12, 1)
        )
    assert figures["headline"]["received"] == requests
    league = figures["units"]
    assert len(league["ranked"]) + len(league["not_ranked"]) == units


def test_query_count_is_the_same_for_5_and_50_requests(db):
    counts = []
    for requests, units in ((5, 2), (50, 8)):
        body = PublicBodyFactory()
        populate(body, requests=requests, units=units)
        with CaptureQueriesContext(connection) as captured:
            compliance_figures(period=Period.parse("2025"), scope=Scope.for_body(body))
        counts.append(len(captured))
    assert counts[0] == counts[1] == COMPLIANCE_QUERIES


@pytest.mark.parametrize("bodies", [1, 4])
def test_figures_for_bodies_is_one_query_per_table_however_many_bodies(
    db, django_assert_max_num_queries, bodies
):
    created = [PublicBodyFactory() for _ in range(bodies)]
    for body in created:
        populate(body, requests=6, units=2)
    with django_assert_max_num_queries(2):  # requests, objections
        result = figures_for_bodies(period=Period.parse("2025"), body_ids=[b.pk for b in created])
    assert [row["received"] for row in result["bodies"]] == [6] * bodies
