from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from requests_app.management.commands.seed_demo import DEMO_PASSWORD
from requests_app.models import (
    InformationRequest,
    Membership,
    Notification,
    PublicBody,
    RequestEvent,
    Role,
    Status,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [PublicBody, Unit, get_user_model(), Membership, InformationRequest, RequestEvent]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Notification"] = Notification.objects.count()
    return counts


def test_seeding_twice_creates_nothing_new():
    seed()
    first = row_counts()
    output = seed()
    assert row_counts() == first
    assert "0 permohonan contoh baru" in output


def test_demo_province_has_diskominfo_as_ppid_utama_and_its_opds():
    seed()
    province = PublicBody.objects.get(code="36")
    assert province.registration_code == "BANTEN"
    utama = Unit.objects.get(body=province, kind=UnitKind.PPID_UTAMA)
    assert utama.short_name == "Diskominfo SP"
    assert Unit.objects.filter(body=province, kind=UnitKind.PELAKSANA).count() >= 12


def test_two_local_bodies_hang_under_the_province_each_with_a_ppid_utama():
    seed()
    children = PublicBody.objects.filter(parent__code="36")
    assert children.count() == 2
    for body in children:
        assert body.units.filter(kind=UnitKind.PPID_UTAMA).count() == 1
        assert body.units.filter(kind=UnitKind.PELAKSANA).count() >= 3


def test_every_role_has_a_demo_user_who_logs_in_with_the_printed_password():
    output = seed()
    assert DEMO_PASSWORD in output
    for role in Role.values:
        membership = Membership.objects.filter(role=role).select_related("user").first()
        assert membership is not None, role
        assert membership.user.username in output
        assert authenticate(username=membership.user.username, password=DEMO_PASSWORD)
    pelaksana_units = Membership.objects.filter(role=Role.PELAKSANA_OFFICER).values("unit")
    assert pelaksana_units.distinct().count() >= 2
    admin = Membership.objects.get(role=Role.ADMINISTRATOR).user
    assert admin.is_staff and admin.is_superuser
    citizen = get_user_model().objects.get(username="warga")
    assert not citizen.memberships.exists()


def test_sample_requests_span_2025_2026_and_many_states():
    seed()
    requests = InformationRequest.objects.all()
    assert len({r.status for r in requests}) >= 6
    assert {r.received_at.year for r in requests} >= {2025, 2026}
    routed = requests.filter(status=Status.ROUTED)
    assert routed.exists() and all(r.assigned_unit_id for r in routed)
    assert all(r.extended_due_on for r in requests.filter(status=Status.EXTENDED))
    assert all(r.outcome and r.notice_sent_at for r in requests.filter(status=Status.NOTIFIED))
    # Every state change was logged by the lifecycle, one event per move.
    for request in requests.filter(status=Status.CLOSED):
        assert request.events.filter(to_status=Status.CLOSED).count() == 1


def test_seeding_sends_receipts_only_to_the_few_samples_with_an_email():
    seed()
    with_email = InformationRequest.objects.exclude(email="").count()
    assert 0 < Notification.objects.count() == with_email < InformationRequest.objects.count()
