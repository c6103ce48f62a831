"""A small, hand-countable year of one body's requests, built through the real services on the
real 2025 calendar. Every date below is a Monday-Friday without a holiday unless noted; the
expected figures in `test_figures.py` are counted by hand from this story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.models import ConsequenceTest, DisputeOutcome, Outcome
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.objections import (
    DisputeInput,
    DisputeUpdate,
    ObjectionInput,
    dispute_record,
    dispute_update,
    objection_decide,
    objection_file,
    objection_review,
)
from requests_app.services.workflow import (
    request_close,
    request_close_incomplete,
    request_complete,
    request_deliver,
    request_extend,
    request_flag_incomplete,
    request_route,
    request_verify,
    request_withdraw,
)
from tests.factories import PublicBodyFactory

JKT = ZoneInfo("Asia/Jakarta")
TODAY = date(2025, 4, 15)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=JKT)


FEB3 = date(2025, 2, 3)  # Monday: day 0; 10 HK later is Monday 17 Feb (no holiday in between)


@dataclass
class Story:
    requests: dict
    objections: dict
    dispute: object
    other_body: object


def _consequence_test(body, letter, subitem=None):
    return ConsequenceTest.objects.create(
        body=body,
        document=f"Dokumen {letter}",
        exempted_part="Bagian tertentu",
        exemption_letter=letter,
        exemption_subitem=subitem,
        harm_if_disclosed="Merugikan",
        public_interest_balance="Lebih besar mudaratnya",
        decided_on=date(2025, 1, 6),
        decision_reference=f"SK/{letter}",
        signed_by="PPID",
    )


def _granted(**extra) -> NoticeInput:
    return NoticeInput(
        outcome=Outcome.GRANTED_FULLY,
        material_description="Salinan dokumen",
        copy_format="softcopy",
        provision_days=2,
        **extra,
    )


def _answer(request, drafter, signer, data, drafted: date, approved: date):
    notice_draft(request=request, actor=drafter, data=data, now=at(drafted))
    return notice_approve(request=request, actor=signer, now=at(approved, 10))


def _routed(submit, officer, unit, day=FEB3, channel="web"):
    result = submit(now=at(day), channel=channel)
    request = request_verify(request=result.request, actor=officer, now=at(day))
    return request_route(request=request, actor=officer, unit=unit, now=at(day)), result


@pytest.fixture
def story(
    body, submit, utama_officer, opd_officer, other_opd_officer, signer, atasan, opd, other_opd
) -> Story:
    body.pause_clock_when_incomplete = True  # Keputusan 3 on: R8 and R9 pause their clock
    body.save()
    u, s = utama_officer, signer
    r = {}
    # R1 (web, Dindik): granted fully on 10 Feb (5 HK), delivered 12 Feb (7 HK), closed.
    r[1], _ = _routed(submit, u, opd)
    r[1] = _answer(r[1], opd_officer, s, _granted(), date(2025, 2, 7), date(2025, 2, 10))
    r[1] = request_deliver(request=r[1], actor=opd_officer, now=at(date(2025, 2, 12), 10))
    r[1] = request_close(request=r[1], actor=u, now=at(date(2025, 2, 12), 11))
    # R2 (walk-in, Dindik): extended on 14 Feb to 26 Feb (17 HK), partly granted on 24 Feb
    # (15 HK, Pasal 17 h), delivered 25 Feb (16 HK).
    r[2], _ = _routed(submit, u, opd, channel="langsung")
    r[2] = request_extend(
        request=r[2], actor=opd_officer, reason="Arsip", now=at(date(2025, 2, 14))
    )
    partly = NoticeInput(
        outcome=Outcome.GRANTED_PARTLY,
        material_description="DPA",
        withheld_description="NIK pegawai",
        redaction_explanation="dihitamkan",
        exemption_letter="h",
        exemption_subitem=3,
        consequence_test=_consequence_test(body, "h", 3),
        copy_format="softcopy",
        provision_days=1,
    )
    r[2] = _answer(r[2], opd_officer, s, partly, date(2025, 2, 21), date(2025, 2, 24))
    r[2] = request_deliver(request=r[2], actor=opd_officer, now=at(date(2025, 2, 25), 10))
    # R3 (email, Dindik): refused under Pasal 17 b on 19 Feb (12 HK): late (due 17 Feb).
    r[3], r3 = _routed(submit, u, opd, channel="email")
    refused = NoticeInput(
        outcome=Outcome.REFUSED_EXEMPT,
        exemption_letter="b",
        consequence_test=_consequence_test(body, "b"),
    )
    r[3] = _answer(r[3], opd_officer, s, refused, date(2025, 2, 18), date(2025, 2, 19))
    # R4 (web, Dinkes): never answered (due 17 Feb); the applicant objects on ground c.
    r[4], r4 = _routed(submit, u, other_opd)
    # R5 (web, needs braille and a sign-language interpreter): withdrawn by the applicant on
    # 5 Feb, before routing.
    r5 = submit(now=at(FEB3), accessibility_needs=["braille", "sign_language"])
    r[5] = request_withdraw(
        request=r5.request, reason="Tidak jadi", token=r5.tracking_token, now=at(date(2025, 2, 5))
    )
    # R6 (web, Dindik): received Monday 14 Apr, due 29 Apr (Good Friday 18 Apr skipped): pending,
    # not overdue on 15 Apr.
    r[6], _ = _routed(submit, u, opd, day=date(2025, 4, 14))
    # R7 (web, kept by the PPID Utama): "not held" notice on 6 Feb (3 HK), closed.
    r7 = submit(now=at(FEB3))
    r[7] = request_verify(request=r7.request, actor=u, now=at(FEB3))
    not_held = NoticeInput(outcome=Outcome.NOT_HELD, holding_body_name="Kementerian Keuangan")
    r[7] = _answer(r[7], u, s, not_held, date(2025, 2, 5), date(2025, 2, 6))
    r[7] = request_close(request=r[7], actor=u, now=at(date(2025, 2, 6), 11))
    # R8 (web): incomplete on 4 Feb (clock paused, 3 HK to complete: 7 Feb), closed on 10 Feb.
    r8 = submit(now=at(FEB3))
    r[8] = request_flag_incomplete(
        request=r8.request, actor=u, missing="KTP", now=at(date(2025, 2, 4))
    )
    r[8] = request_close_incomplete(request=r[8], actor=u, now=at(date(2025, 2, 10)))
    # R9 (web, Dindik): paused 4 Feb with 9 HK left, completed 6 Feb (2 HK paused): due 19 Feb;
    # granted fully on 18 Feb (11 HK from receipt): on time, not delivered.
    r9 = submit(now=at(FEB3))
    r[9] = request_flag_incomplete(
        request=r9.request, actor=u, missing="KTP", now=at(date(2025, 2, 4))
    )
    r[9] = request_complete(request=r[9], actor=u, now=at(date(2025, 2, 6)))
    r[9] = request_verify(request=r[9], actor=u, now=at(date(2025, 2, 6)))
    r[9] = request_route(request=r[9], actor=u, unit=opd, now=at(date(2025, 2, 6)))
    r[9] = _answer(r[9], opd_officer, s, _granted(), date(2025, 2, 17), date(2025, 2, 18))
    # R10 (phone, Dinkes): received 3 Mar, due 17 Mar, never answered: overdue on 15 Apr.
    r[10], _ = _routed(submit, u, other_opd, day=date(2025, 3, 3), channel="telepon")

    objections = {}
    # O1 on R3 (grounds a, g) on 20 Feb; reviewed 21 Feb, rejected 3 Mar (7 HK, on time);
    # the applicant goes to the KI: a dispute filed 5 Mar, release ordered by 31 Mar, not done.
    o1 = objection_file(
        request=r[3],
        token=r3.tracking_token,
        data=ObjectionInput(["a", "g"], "Ditolak"),
        now=at(date(2025, 2, 20)),
    )
    o1 = objection_review(objection=o1, actor=atasan, now=at(date(2025, 2, 21)))
    objections[1] = objection_decide(
        objection=o1,
        actor=atasan,
        upheld=False,
        reasons="Sesuai Pasal 17",
        now=at(date(2025, 3, 3)),
    )
    dispute = dispute_record(
        objection=objections[1],
        actor=u,
        now=at(date(2025, 3, 5)),
        data=DisputeInput("KI Provinsi Banten", "001/REG-PSI/III/2025", date(2025, 3, 5)),
    )
    dispute = dispute_update(
        dispute=dispute,
        actor=u,
        now=at(date(2025, 3, 20)),
        data=DisputeUpdate(
            outcome=DisputeOutcome.RELEASE_ORDERED,
            outcome_on=date(2025, 3, 20),
            release_description="Dokumen dibuka",
            release_due_on=date(2025, 3, 31),
        ),
    )
    # O2 on R4 (ground c) on 18 Feb: the atasan's 30 HK end 10 Apr (Eid holidays skipped), no
    # answer: unanswered on 15 Apr.
    objections[2] = objection_file(
        request=r[4],
        token=r4.tracking_token,
        data=ObjectionInput(["c"], "Tidak ditanggapi"),
        now=at(date(2025, 2, 18)),
    )
    # O3 on R7 (ground e) on 14 Apr: the window ended 20 Mar (30 HK after 6 Feb): a late filing.
    objections[3] = objection_file(
        request=r[7],
        token=r7.tracking_token,
        data=ObjectionInput(["e"], "Tidak dipenuhi"),
        now=at(date(2025, 4, 14)),
    )

    # Noise that must not count: a 2024 request of this body and a 2025 request of another body.
    submit(now=at(date(2024, 12, 2)))
    other_body = PublicBodyFactory()
    submit(other_body, now=at(FEB3))
    return Story(requests=r, objections=objections, dispute=dispute, other_body=other_body)
