"""The applicant is told of every transition (issue 4): registered, incomplete, routed, extended,
answered, delivered, forwarded, withdrawn. Each service writes exactly one message to the
applicant's address, in the transaction of the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_app.models import InformationRequest, Notification, Outcome
from requests_app.services.notices import (
    NoticeInput,
    notice_approve,
    notice_draft,
    request_forward,
)
from requests_app.services.workflow import (
    request_deliver,
    request_extend,
    request_flag_incomplete,
    request_route,
    request_verify,
    request_withdraw,
)
from tests.factories import PublicBodyFactory

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)  # the notice is due Wednesday 16 April 2025
ACT = datetime(2025, 3, 25, 10, 0, tzinfo=JKT)
APPLICANT = "siti@example.org"
APPLICANT_KINDS = ("request_receipt", "request_update")


@dataclass
class People:
    submit: object
    utama: object
    opd_officer: object
    signer: object
    opd: object

    def registered(self):
        return self.submit(now=T0)

    def in_process(self):
        submitted = self.registered()
        return request_verify(request=submitted.request, actor=self.utama, now=T0), submitted

    def routed(self):
        request, _submitted = self.in_process()
        return request_route(request=request, actor=self.utama, unit=self.opd, now=T0)

    def notified(self):
        request = self.routed()
        notice_draft(
            request=request,
            actor=self.opd_officer,
            now=ACT,
            data=NoticeInput(
                outcome=Outcome.GRANTED_FULLY,
                material_description="Salinan DPA 2025",
                copy_format="softcopy",
                provision_days=2,
            ),
        )
        return InformationRequest.objects.get(pk=request.pk)


def _submit(people):
    submitted = people.submit(now=T0)
    return submitted.request, None


def _flag_incomplete(people):
    request = people.registered().request
    return request, lambda: request_flag_incomplete(
        request=request, actor=people.utama, missing="Fotokopi KTP", now=ACT
    )


def _route(people):
    request, _submitted = people.in_process()
    return request, lambda: request_route(
        request=request, actor=people.utama, unit=people.opd, now=ACT
    )


def _extend(people):
    request = people.routed()
    return request, lambda: request_extend(
        request=request, actor=people.opd_officer, reason="Arsip di gudang", now=ACT
    )


def _approve(people):
    request = people.notified()
    return request, lambda: notice_approve(request=request, actor=people.signer, now=ACT)


def _deliver(people):
    request = notice_approve(request=people.notified(), actor=people.signer, now=ACT)
    return request, lambda: request_deliver(request=request, actor=people.opd_officer, now=ACT)


def _forward(people):
    request, _submitted = people.in_process()
    target = PublicBodyFactory(
        code="3673", slug="kota-serang", name="Pemerintah Kota Serang", registration_code="SRG"
    )
    return request, lambda: request_forward(
        request=request, actor=people.utama, target_body=target, note="Milik Pemkot", now=ACT
    )


def _withdraw(people):
    submitted = people.registered()
    return submitted.request, lambda: request_withdraw(
        request=submitted.request, reason="Sudah didapat", token=submitted.tracking_token, now=ACT
    )


# (transition, set-up returning the request and the action, kind, subject start, text in the body)
CASES = [
    (
        "registered",
        _submit,
        "request_receipt",
        "Tanda bukti permohonan informasi",
        "16 April 2025",  # the due date, 10 HK after receipt
    ),
    (
        "incomplete",
        _flag_incomplete,
        "request_update",
        "Permohonan Anda perlu dilengkapi",
        "Fotokopi KTP",
    ),
    (
        "routed",
        _route,
        "request_update",
        "Permohonan diteruskan ke PPID Pelaksana",
        "Batas waktu tidak berubah",
    ),
    (
        "extended",
        _extend,
        "request_update",
        "Batas waktu pemberitahuan diperpanjang",
        "28 April 2025",  # the new due date, 17 HK after receipt
    ),
    (
        "answered",
        _approve,
        "request_update",
        "Pemberitahuan tertulis atas permohonan Anda",
        "dapat diunduh melalui halaman pelacakan",
    ),
    (
        "delivered",
        _deliver,
        "request_update",
        "Informasi telah diserahkan",
        "Informasi yang Anda minta telah diserahkan",
    ),
    (
        "forwarded",
        _forward,
        "request_update",
        "Permohonan diteruskan ke badan publik lain",
        "Pemerintah Kota Serang: 0001/PPID/SRG/2025",  # where, and the new number
    ),
    ("withdrawn", _withdraw, "request_update", "Permohonan dicabut", "telah dicabut"),
]


def applicant_messages(request):
    return Notification.objects.filter(
        request=request,
        recipient_user__isnull=True,
        recipient_address=APPLICANT,
        kind__in=APPLICANT_KINDS,
    )


@pytest.fixture
def people(submit, utama_officer, opd_officer, signer, opd):
    return People(submit, utama_officer, opd_officer, signer, opd)


@pytest.mark.parametrize(
    ("transition", "setup", "kind", "subject", "text"), CASES, ids=[c[0] for c in CASES]
)
def test_each_transition_sends_the_applicant_exactly_one_message(
    people, transition, setup, kind, subject, text
):
    request, action = setup(people)
    before = set(applicant_messages(request).values_list("pk", flat=True))
    if action is None:
        before = set()  # the submission itself is the transition
    else:
        action()

    new = applicant_messages(request).exclude(pk__in=before)
    assert new.count() == 1, list(new.values_list("subject", flat=True))
    message = new.get()
    assert message.kind == kind and message.channel == "email"
    assert message.subject.startswith(subject)
    assert request.registration_number in message.subject
    assert text in message.body_text and text in message.body_html
    assert message.body_text.startswith("Yth. Siti Aminah")


def test_forwarding_also_sends_the_receipt_of_the_new_request(people):
    request, forward = _forward(people)
    forwarded = forward()
    new_request = forwarded.request
    assert new_request.forwarded_from_id == request.pk
    receipt = applicant_messages(new_request).get()
    assert receipt.kind == "request_receipt"
    assert new_request.registration_number in receipt.subject
    notice = applicant_messages(request).get(kind="request_update")
    assert new_request.registration_number in notice.body_text


def test_extension_message_names_the_new_due_date(people):
    request, extend = _extend(people)
    extended = extend()
    assert extended.due_on == date(2025, 4, 28)
