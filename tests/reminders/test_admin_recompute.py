from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from requests_app.models import CalendarOverride, OverrideKind, RequestEvent
from tests.factories import UserFactory

JKT = ZoneInfo("Asia/Jakarta")


def test_admin_action_recomputes_open_due_dates_and_audits_them(client, submit, body):
    request = submit(now=datetime(2025, 3, 24, 9, tzinfo=JKT)).request
    override = CalendarOverride.objects.create(
        body=body, date=date(2025, 4, 15), kind=OverrideKind.HOLIDAY, sk_reference="SK Gub 9/2025"
    )
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:requests_app_calendaroverride_changelist"),
        {"action": "recompute_open_due_dates", "_selected_action": [override.pk]},
        follow=True,
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.due_on == date(2025, 4, 17)
    event = RequestEvent.objects.get(request=request, code="request.deadline.recomputed")
    assert event.actor == admin and event.note == "SK Gub 9/2025"


def test_reminder_ledger_and_policy_admin_pages_load(client, db):
    client.force_login(UserFactory(username="root2", is_staff=True, is_superuser=True))
    for name in (
        "requests_app_reminderledger_changelist",
        "requests_app_deadlinepolicy_changelist",
    ):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
