"""F6: the atasan PPID is configured per body and per OPD. An OPD-level atasan sees and decides
only their OPD's objections; the body-level atasan decides the rest and is notified of them."""

from __future__ import annotations

import pytest

from requests_app.errors import ActionForbidden, ObjectNotFound
from requests_app.models import Notification, ObjectionStatus
from requests_app.services.objections import atasan_for, objection_decide, objection_review
from tests.objections.conftest import AFTER_DUE

pytestmark = pytest.mark.django_db


def test_opd_atasan_is_notified_of_and_decides_their_opd(flow, opd_atasan, atasan):
    objection = flow.objection()

    assert atasan_for(objection) == [opd_atasan]
    assert Notification.objects.filter(recipient_user=opd_atasan).exists()
    assert not Notification.objects.filter(recipient_user=atasan).exists()
    objection = objection_review(objection=objection, actor=opd_atasan, now=AFTER_DUE)
    decided = objection_decide(
        objection=objection, actor=opd_atasan, upheld=False, reasons="x", now=AFTER_DUE
    )
    assert decided.status == ObjectionStatus.REJECTED
    assert decided.decided_by_position == "Kepala Dinas Pendidikan"


def test_opd_atasan_cannot_see_or_decide_another_opd(flow, opd_atasan, other_opd):
    objection = flow.objection(unit=other_opd)

    with pytest.raises(ObjectNotFound):
        objection_review(objection=objection, actor=opd_atasan, now=AFTER_DUE)


def test_body_atasan_decides_the_opd_without_its_own_atasan(flow, opd_atasan, atasan, other_opd):
    objection = flow.objection(unit=other_opd)

    assert atasan_for(objection) == [atasan]
    reviewed = objection_review(objection=objection, actor=atasan, now=AFTER_DUE)
    assert reviewed.status == ObjectionStatus.UNDER_REVIEW


def test_opd_atasan_register_and_api_are_scoped(
    as_user, api_client_for, flow, clock, opd_atasan, other_opd
):
    own = flow.objection()
    other = flow.objection(unit=other_opd)
    clock(AFTER_DUE)

    page = as_user(opd_atasan).get("/petugas/keberatan/")
    listed = api_client_for(opd_atasan).get("/api/v1/objections/").json()

    assert [r["objection"].pk for r in page.context["rows"]] == [own.pk]
    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert as_user(opd_atasan).get(f"/petugas/keberatan/{other.pk}/").status_code == 404
    review = api_client_for(opd_atasan).post(f"/api/v1/objections/{other.pk}/review/")
    assert review.status_code == 404


def test_a_desk_officer_is_not_an_atasan(flow, utama_officer):
    objection = flow.objection()

    with pytest.raises(ActionForbidden):
        objection_review(objection=objection, actor=utama_officer, now=AFTER_DUE)
