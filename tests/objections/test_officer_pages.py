"""Officer objection pages: the register (filters, scope, query count), the objection page with
only the actions that apply, the settlement rule, the decision that re-opens the request, the
dispute window and the desk's paper filing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from requests_app.models import (
    ApplicantResponse,
    InformationRequest,
    Objection,
    ObjectionStatus,
    Status,
)
from requests_app.services.objections import objection_decide, objection_record_response
from tests.objections.conftest import AFTER_DUE, JKT

pytestmark = pytest.mark.django_db
REGISTER = "/petugas/keberatan/"


def detail_url(objection) -> str:
    return reverse("objection_detail", kwargs={"pk": objection.pk})


def action_url(objection, slug: str) -> str:
    return reverse("objection_action", kwargs={"pk": objection.pk, "action": slug})


def offered(response) -> set[str]:
    return {spec.slug for spec, _form in response.context["action_forms"]}


def register_numbers(response) -> list[str]:
    return [row["objection"].registration_number for row in response.context["rows"]]


@pytest.mark.parametrize("count", [3, 30])
def test_register_query_count_does_not_grow_with_rows(
    as_user, flow, clock, utama_officer, count, django_assert_max_num_queries
):
    for _n in range(count):
        flow.objection()
    clock(AFTER_DUE)
    client = as_user(utama_officer)
    client.get(REGISTER)  # warm the working-day calendar cache, as a running server has it

    with django_assert_max_num_queries(7):
        response = client.get(REGISTER, {"status": ["terdaftar"], "year": "2025"})

    assert len(response.context["rows"]) == min(count, 25)


def test_register_shows_the_atasan_due_date_and_working_days_left(as_user, flow, clock, atasan):
    objection = flow.objection()
    clock(datetime(2025, 6, 4, 9, tzinfo=JKT))

    response = as_user(atasan).get(REGISTER)

    row = response.context["rows"][0]
    # 4 Jun -> 11 Jun 2025: 5, 10, 11 Jun (6 Jun Idul Adha, 9 Jun cuti bersama).
    assert row["due"].working_days_left == 3
    assert objection.registration_number in response.content.decode()


def test_register_filters_by_ground_late_and_search(as_user, flow, clock, utama_officer):
    on_time = flow.objection(("c",))
    late = flow.objection(("d",), at=datetime(2025, 6, 10, 10, tzinfo=JKT))
    clock(datetime(2025, 6, 10, 11, tzinfo=JKT))
    client = as_user(utama_officer)

    assert register_numbers(client.get(REGISTER, {"ground": "d"})) == [late.registration_number]
    assert register_numbers(client.get(REGISTER, {"late": "true"})) == [late.registration_number]
    found = client.get(REGISTER, {"q": on_time.registration_number})
    assert register_numbers(found) == [on_time.registration_number]
    bad = client.get(REGISTER, {"year": "dua ribu"})
    assert bad.status_code == 200 and bad.context["filter_errors"]


def test_other_opd_sees_neither_the_register_row_nor_the_page(
    as_user, flow, clock, other_opd_officer
):
    objection = flow.objection()
    clock(AFTER_DUE)
    client = as_user(other_opd_officer)

    assert register_numbers(client.get(REGISTER)) == []
    assert client.get(detail_url(objection)).status_code == 404


def test_atasan_is_offered_review_and_the_desk_withdrawal(
    as_user, flow, clock, atasan, utama_officer
):
    objection = flow.objection()
    clock(AFTER_DUE)

    assert offered(as_user(atasan).get(detail_url(objection))) == {"periksa"}
    assert offered(as_user(utama_officer).get(detail_url(objection))) == {"cabut"}


def test_settlement_is_not_offered_and_refused_with_ground_a(as_user, flow, clock, atasan):
    objection = flow.under_review(atasan, ("a", "c"))
    clock(AFTER_DUE)
    client = as_user(atasan)

    page = client.get(detail_url(objection))
    response = client.post(action_url(objection, "musyawarah-mulai"))

    assert "musyawarah-mulai" not in offered(page)
    assert offered(page) == {"putuskan"}
    assert response.status_code == 400
    assert "tidak dapat diselesaikan secara musyawarah" in response.content.decode()
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.UNDER_REVIEW


def test_settlement_agreed_needs_minutes_then_settles(as_user, flow, clock, atasan):
    objection = flow.under_review(atasan, ("e",))
    clock(AFTER_DUE)
    client = as_user(atasan)
    client.post(action_url(objection, "musyawarah-mulai"))

    missing = client.post(
        action_url(objection, "musyawarah-selesai"), {"musyawarah-selesai-agreed": "ya"}
    )
    done = client.post(
        action_url(objection, "musyawarah-selesai"),
        {"musyawarah-selesai-agreed": "ya", "musyawarah-selesai-minutes": "Sepakat dibuka."},
    )

    assert missing.status_code == 400
    assert "berita acara" in str(missing.context["action_forms"][0][1].errors).lower()
    assert done.status_code == 302
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.SETTLED


def test_upheld_objection_reopens_the_request_with_a_new_due_date(as_user, flow, clock, atasan):
    objection = flow.under_review(atasan)
    clock(datetime(2025, 4, 22, 10, tzinfo=JKT))

    response = as_user(atasan).post(
        action_url(objection, "putuskan"),
        {"putuskan-upheld": "dikabulkan", "putuskan-reasons": "Permohonan wajib dijawab."},
    )

    decided = Objection.objects.get(pk=objection.pk)
    request = InformationRequest.objects.get(pk=objection.request_id)
    assert response.status_code == 302
    assert decided.status == ObjectionStatus.UPHELD
    # 22 Apr 2025 + 10 HK skips 1 May: Wed 7 May 2025.
    assert decided.reopened_request_due_on == date(2025, 5, 7)
    assert request.status == Status.IN_PROCESS and request.due_on == date(2025, 5, 7)
    page = as_user(atasan).get(detail_url(objection)).content.decode()
    assert "Rabu, 7 Mei 2025" in page


def test_decision_without_reasons_keeps_the_choice_and_shows_the_error(
    as_user, flow, clock, atasan
):
    objection = flow.under_review(atasan)
    clock(AFTER_DUE)

    response = as_user(atasan).post(
        action_url(objection, "putuskan"), {"putuskan-upheld": "ditolak"}
    )

    assert response.status_code == 400
    assert "alasan tertulis" in response.content.decode()
    assert 'value="ditolak" required id="id_putuskan-upheld_1" checked' in response.content.decode()


def test_decide_before_review_is_a_conflict(as_user, flow, clock, atasan):
    objection = flow.objection()
    clock(AFTER_DUE)

    response = as_user(atasan).post(
        action_url(objection, "putuskan"),
        {"putuskan-upheld": "ditolak", "putuskan-reasons": "Sudah dijawab"},
    )

    assert response.status_code == 409
    assert "Keberatan terdaftar" in response.content.decode()


def test_dispute_window_is_shown_and_late_dispute_flagged(
    as_user, flow, clock, atasan, utama_officer
):
    objection = flow.under_review(atasan)
    objection = objection_decide(
        objection=objection, actor=atasan, upheld=False, reasons="Sudah dijawab", now=AFTER_DUE
    )
    objection_record_response(
        objection=objection,
        response=ApplicantResponse.GOES_TO_KI,
        actor=utama_officer,
        now=AFTER_DUE,
    )
    clock(datetime(2025, 8, 1, 10, tzinfo=JKT))
    client = as_user(utama_officer)

    page = client.get(detail_url(objection))
    response = client.post(
        action_url(objection, "sengketa"),
        {
            "sengketa-commission": "Komisi Informasi Provinsi Banten",
            "sengketa-ki_register_number": "001/REG-PSI/VII/2025",
            "sengketa-filed_on": "2025-07-30",
        },
        follow=True,
    )

    assert "sengketa" in offered(page)
    assert "Batas sudah lewat" in page.content.decode()
    assert "melewati 14 hari kerja" in response.content.decode()
    assert "sengketa-perbarui" in offered(response)


def test_dispute_update_records_the_outcome_and_compliance_date(
    as_user, flow, clock, atasan, utama_officer
):
    objection = flow.under_review(atasan)
    objection_decide(objection=objection, actor=atasan, upheld=False, reasons="x", now=AFTER_DUE)
    clock(datetime(2025, 5, 2, 10, tzinfo=JKT))
    client = as_user(utama_officer)
    client.post(
        action_url(objection, "sengketa"),
        {
            "sengketa-commission": "KI Banten",
            "sengketa-ki_register_number": "REG/7",
            "sengketa-filed_on": "2025-04-30",
        },
    )

    missing = client.post(
        action_url(objection, "sengketa-perbarui"),
        {"sengketa-perbarui-outcome": "dikabulkan", "sengketa-perbarui-outcome_on": "2025-05-02"},
    )
    saved = client.post(
        action_url(objection, "sengketa-perbarui"),
        {
            "sengketa-perbarui-outcome": "dikabulkan",
            "sengketa-perbarui-outcome_on": "2025-05-02",
            "sengketa-perbarui-release_description": "DPA 2025",
            "sengketa-perbarui-release_due_on": "2025-05-30",
        },
    )

    assert missing.status_code == 400
    assert saved.status_code == 302
    dispute = Objection.objects.get(pk=objection.pk).dispute
    assert dispute.stage == "putusan" and dispute.release_due_on == date(2025, 5, 30)


def test_timeline_lists_the_objection_events(as_user, flow, clock, atasan):
    objection = flow.under_review(atasan)
    clock(AFTER_DUE)

    timeline = as_user(atasan).get(detail_url(objection)).context["timeline"]

    assert [row["label"] for row in timeline] == [
        "Keberatan diajukan",
        "Keberatan sedang diperiksa atasan PPID",
    ]


def test_desk_records_a_paper_objection_with_an_earlier_receipt(
    as_user, flow, clock, utama_officer
):
    request, _token = flow.routed()
    clock(datetime(2025, 4, 23, 10, tzinfo=JKT))
    url = reverse("objection_record_paper", kwargs={"request_pk": request.pk})

    response = as_user(utama_officer).post(
        url,
        {"received_at": "2025-04-21T15:00", "grounds": ["c"], "case_facts": "Surat keberatan."},
    )

    objection = Objection.objects.get(request=request)
    assert response.status_code == 302
    assert objection.received_on == date(2025, 4, 21)
    assert objection.atasan_due_on == date(2025, 6, 11)
    assert objection.recorded_by == utama_officer


def test_paper_objection_in_the_future_is_refused_at_the_field(as_user, flow, clock, utama_officer):
    request, _token = flow.routed()
    clock(datetime(2025, 4, 23, 10, tzinfo=JKT))
    url = reverse("objection_record_paper", kwargs={"request_pk": request.pk})

    response = as_user(utama_officer).post(
        url, {"received_at": "2025-05-01T09:00", "grounds": ["c"], "case_facts": "x"}
    )

    assert response.status_code == 400
    assert "masa depan" in response.context["form"].errors["received_at"][0]


@pytest.mark.parametrize(
    ("name", "status"), [("opd_officer", 403), ("other_opd_officer", 404), ("atasan", 403)]
)
def test_only_the_utama_desk_records_paper_objections(as_user, flow, clock, persona, name, status):
    request, _token = flow.routed()
    clock(AFTER_DUE)
    url = reverse("objection_record_paper", kwargs={"request_pk": request.pk})

    assert as_user(persona(name)).get(url).status_code == status
