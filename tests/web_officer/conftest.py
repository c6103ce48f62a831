"""Officer web tests run on a frozen clock in the real 2025 calendar (the services read `now`)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from requests_app.models import ConsequenceTest, Outcome, Tariff
from requests_app.services.notices import NoticeInput, notice_approve, notice_draft
from requests_app.services.workflow import request_route, request_verify

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 24 March 2025, 09:00 WIB: 10 working days later is Wednesday 16 April 2025 (Nyepi,
# Idul Fitri and cuti bersama fall in between).
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA)
DUE = date(2025, 4, 16)
DAY_AFTER_DUE = datetime(2025, 4, 17, 10, 0, tzinfo=JAKARTA)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def as_user(client):
    """Log the test client in as `user` and return it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def registered(clock, submit):
    return submit().request


@pytest.fixture
def in_process(registered, utama_officer):
    return request_verify(request=registered, actor=utama_officer)


@pytest.fixture
def routed(in_process, utama_officer, opd):
    return request_route(request=in_process, actor=utama_officer, unit=opd)


@pytest.fixture
def tariff(body):
    return Tariff.objects.create(
        body=body,
        effective_from=date(2024, 1, 1),
        sk_reference="SK PPID 1/2024",
        copy_per_page=500,
        media_per_unit=10_000,
    )


@pytest.fixture
def consequence_test(body):
    return ConsequenceTest.objects.create(
        body=body,
        document="DPA Dinas Pendidikan 2025",
        exempted_part="NIK pegawai",
        exemption_letter="h",
        exemption_subitem=3,
        harm_if_disclosed="Mengungkap data pribadi",
        public_interest_balance="Kepentingan publik tidak lebih besar",
        decided_on=date(2025, 1, 2),
        decision_reference="SK/UK/1/2025",
        signed_by="PPID Utama",
    )


def draft(request, actor, **fields):
    values = {
        "outcome": Outcome.GRANTED_FULLY,
        "material_description": "Salinan DPA 2025",
        "copy_format": "softcopy",
        "provision_days": 2,
    }
    values.update(fields)
    return notice_draft(request=request, actor=actor, data=NoticeInput(**values))


@pytest.fixture
def awaiting_approval(routed, opd_officer):
    draft(routed, opd_officer)
    return routed


@pytest.fixture
def notified(awaiting_approval, signer):
    return notice_approve(request=awaiting_approval, actor=signer)


@pytest.fixture
def awaiting_payment(routed, opd_officer, signer, tariff):
    draft(routed, opd_officer, copy_format="hardcopy", pages=10)
    return notice_approve(request=routed, actor=signer)


def page_url(request) -> str:
    return reverse("officer_request", kwargs={"pk": request.pk})


def action_url(request, slug: str) -> str:
    return reverse("officer_action", kwargs={"pk": request.pk, "action": slug})


def action_data(slug: str, **fields) -> dict:
    """POST data for one action form (each form is prefixed with its slug)."""
    return {f"{slug}-{name}": value for name, value in fields.items()}
