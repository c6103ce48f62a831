"""The Django admin: every page loads, the trail is view-only, identity data stays masked."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from requests_app.admin import PublicBodyForm
from requests_app.models import (
    CalendarOverride,
    DeliveryState,
    InformationRequest,
    Membership,
    Notification,
    NumberSequence,
    OverrideKind,
    PublicBody,
    RequestEvent,
    Role,
    Unit,
)
from tests.factories import VALID_NIK, MembershipFactory, UserFactory

NOW = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
User = get_user_model()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org", "rahasia-uji-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def data(body, opd, submit):
    """One object of every registered model."""
    request = submit(now=NOW).request
    Notification.objects.filter(request=request).update(
        state=DeliveryState.FAILED, attempts=8, last_error="SMTPRecipientsRefused: kotak penuh"
    )
    MembershipFactory(
        user=UserFactory(username="petugas"), body=body, unit=opd, role=Role.PELAKSANA_OFFICER
    )
    CalendarOverride.objects.create(
        body=body,
        date=date(2025, 3, 25),
        kind=OverrideKind.HOLIDAY,
        sk_reference="SK Gubernur Banten No. 003/2025",
    )
    CalendarOverride.objects.create(
        date=date(2025, 4, 12), kind=OverrideKind.WORKING_DAY, sk_reference="SKB 2025"
    )
    return request


MODELS = [
    PublicBody,
    Unit,
    Membership,
    User,
    CalendarOverride,
    InformationRequest,
    RequestEvent,
    Notification,
    NumberSequence,
]


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_load_for_a_superuser(admin_client, data, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "model", [PublicBody, Unit, Membership, User, CalendarOverride], ids=lambda m: m.__name__
)
def test_add_page_loads_for_configuration_models(admin_client, db, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [InformationRequest, RequestEvent, Notification, NumberSequence],
    ids=lambda m: m.__name__,
)
def test_work_records_cannot_be_added_changed_or_deleted(rf, superuser, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_event_inline_has_no_add_change_or_delete(rf, superuser, data):
    request = rf.get("/")
    request.user = superuser
    (inline,) = admin.site._registry[InformationRequest].get_inline_instances(request, data)
    assert inline.model is RequestEvent
    assert not inline.has_add_permission(request, data)
    assert not inline.has_change_permission(request, data)
    assert not inline.has_delete_permission(request, data)


def test_event_add_page_is_forbidden(admin_client, db):
    assert admin_client.get(admin_url(RequestEvent, "add")).status_code == 403


def test_event_delete_page_is_forbidden(admin_client, data):
    event = RequestEvent.objects.get(request=data)
    assert admin_client.get(admin_url(RequestEvent, "delete", event.pk)).status_code == 403
    assert admin_client.post(admin_url(RequestEvent, "delete", event.pk)).status_code == 403
    assert RequestEvent.objects.filter(pk=event.pk).exists()


def test_request_change_page_shows_the_trail_and_only_the_masked_nik(admin_client, data):
    page = admin_client.get(admin_url(InformationRequest, "change", data.pk)).content.decode()
    assert VALID_NIK not in page
    assert data.nik_ciphertext not in page
    assert data.nik_hash not in page
    assert data.masked_nik in page
    assert "request.submitted" in page
    assert data.registration_number in page


def test_request_changelist_searches_by_number_and_name_but_never_shows_the_nik(admin_client, data):
    url = admin_url(InformationRequest, "changelist")
    by_number = admin_client.get(url, {"q": data.registration_number}).content.decode()
    assert data.registration_number in by_number
    by_name = admin_client.get(url, {"q": "Siti"})
    assert by_name.context["cl"].result_count == 1
    assert VALID_NIK not in by_name.content.decode()
    assert admin_client.get(url, {"q": "Tidak Ada"}).context["cl"].result_count == 0


def test_request_changelist_query_count_does_not_grow_with_rows(
    admin_client, body, opd, submit, django_assert_max_num_queries
):
    for _ in range(15):
        request = submit(now=NOW).request
        InformationRequest.objects.filter(pk=request.pk).update(assigned_unit=opd)
    with django_assert_max_num_queries(15):
        response = admin_client.get(admin_url(InformationRequest, "changelist"))
    assert response.context["cl"].result_count == 15


def test_request_changelist_filters_by_status_and_body(admin_client, data, body):
    url = admin_url(InformationRequest, "changelist")
    response = admin_client.get(url, {"status__exact": data.status, "body__id__exact": body.pk})
    assert response.context["cl"].result_count == 1
    response = admin_client.get(url, {"status__exact": "selesai"})
    assert response.context["cl"].result_count == 0


def test_failed_deliveries_are_listed_with_their_error(admin_client, data):
    response = admin_client.get(
        admin_url(Notification, "changelist"), {"state__exact": DeliveryState.FAILED}
    )
    assert response.context["cl"].result_count == 1
    assert "SMTPRecipientsRefused: kotak penuh" in response.content.decode()


def test_notification_page_leaves_out_the_tracking_link(admin_client, data):
    notification = Notification.objects.get(request=data)
    page = admin_client.get(admin_url(Notification, "change", notification.pk)).content.decode()
    assert "?token=" not in page
    assert notification.subject in page


def test_unit_changelist_filters_by_body_and_kind(admin_client, body, opd, utama_unit):
    url = admin_url(Unit, "changelist")
    response = admin_client.get(url, {"body__id__exact": body.pk, "kind__exact": "pelaksana"})
    assert list(response.context["cl"].result_list) == [opd]


def test_calendar_overrides_filter_by_kind_and_search_the_sk(admin_client, data):
    url = admin_url(CalendarOverride, "changelist")
    response = admin_client.get(url, {"q": "003/2025"})
    assert [o.sk_reference for o in response.context["cl"].result_list] == [
        "SK Gubernur Banten No. 003/2025"
    ]
    response = admin_client.get(url, {"kind__exact": OverrideKind.WORKING_DAY})
    assert "Semua badan publik" in response.content.decode()


def test_membership_changelist_filters_by_role(admin_client, data):
    response = admin_client.get(
        admin_url(Membership, "changelist"), {"role__exact": Role.PELAKSANA_OFFICER}
    )
    assert response.context["cl"].result_count == 1


def test_user_page_edits_memberships_inline(admin_client, data):
    user = User.objects.get(username="petugas")
    page = admin_client.get(admin_url(User, "change", user.pk)).content.decode()
    assert "memberships-TOTAL_FORMS" in page


# --- PublicBody number formats --------------------------------------------------------------


def body_form(**overrides) -> PublicBodyForm:
    values = {
        "code": "3673",
        "slug": "kota-serang",
        "name": "Pemerintah Kota Serang",
        "short_name": "Kota Serang",
        "kind": "city",
        "registration_code": "SERANG",
        "registration_number_format": "{seq:04d}/PPID/{code}/{year}",
        "objection_number_format": "KBT/{seq:04d}/PPID/{code}/{year}",
        "time_zone": "Asia/Jakarta",
        "office_closes_at": "16:00",
        "working_weekdays": "01234",
        "incomplete_completion_days": 3,
        "correspondence_language": "id",
    }
    values.update(overrides)
    return PublicBodyForm(data=values)


def test_body_form_accepts_valid_number_formats(db):
    form = body_form()
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "pattern"),
    [
        ("registration_number_format", "PPID/{code}/{year}"),
        ("registration_number_format", "{seq:04d}/{unit}"),
        ("objection_number_format", "KBT/{seq:04q}"),
    ],
)
def test_body_form_refuses_bad_number_formats(db, field, pattern):
    form = body_form(**{field: pattern})
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_admin_add_body_shows_the_format_error(admin_client, db):
    response = admin_client.post(
        admin_url(PublicBody, "add"),
        {
            **body_form(registration_number_format="{nomor}").data,
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Format nomor tidak valid" in response.content.decode()
    assert not PublicBody.objects.filter(code="3673").exists()
