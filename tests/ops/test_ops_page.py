"""The administrators' operations page: staff only, queue depth from the broker, outbox backlog."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from ppid.celery import app
from requests_app.models import DeliveryState, Notification, NotificationChannel
from requests_app.selectors.operations import celery_queue_depths, outbox_backlog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("ops_status")


@pytest.fixture
def staff(db):
    return UserFactory(username="admin-ops", is_staff=True)


def use_broker(monkeypatch, url: str, transport_options: dict | None = None) -> None:
    # Celery prefers the CELERY_BROKER_URL variable (CI's Redis run sets it) over its setting.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.delenv("CELERY_BROKER_READ_URL", raising=False)
    monkeypatch.setattr(app.conf, "broker_url", url)
    monkeypatch.setattr(app.conf, "broker_read_url", None)
    monkeypatch.setattr(app.conf, "broker_transport_options", transport_options or {})


@pytest.fixture
def filesystem_broker(tmp_path, monkeypatch):
    """A private filesystem broker folder, so the counts see only this test's messages."""
    folder = tmp_path / "broker"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
    use_broker(monkeypatch, "filesystem://localhost//", options)

    def publish(queue: str, count: int) -> None:
        with Connection("filesystem://localhost//", transport_options=options) as conn:
            simple = conn.SimpleQueue(queue)
            for n in range(count):
                simple.put({"n": n})
            simple.close()

    return publish


def _notification(state, *, created_at, next_attempt_at=None, **fields):
    return Notification.objects.create(
        kind="request_receipt",
        channel=NotificationChannel.EMAIL,
        recipient_address="warga@example.org",
        subject="Tanda bukti",
        body_text="-",
        state=state,
        created_at=created_at,
        next_attempt_at=next_attempt_at or created_at,
        **fields,
    )


@pytest.mark.parametrize("persona", [None, "citizen", "utama_officer", "supervisor"])
def test_the_page_is_404_for_everyone_but_staff(client, request, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_staff_see_queue_depth_per_queue(client, staff, filesystem_broker):
    filesystem_broker("mail", 3)
    filesystem_broker("exports", 1)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    depths = {queue.name: queue.messages for queue in response.context["broker"].queues}
    assert depths == {"celery": 0, "mail": 3, "reminders": 0, "exports": 1}
    assert "Antrean Celery" in response.content.decode()


def test_an_unreachable_broker_is_reported_not_raised(client, staff, monkeypatch):
    use_broker(monkeypatch, "redis://127.0.0.1:1/0")
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["broker"].reachable is False
    assert "Broker tidak dapat dihubungi" in response.content.decode()


def test_outbox_backlog_counts_pending_failed_and_the_oldest_pending_age():
    now = timezone.now()
    _notification(DeliveryState.PENDING, created_at=now - timedelta(hours=2))
    _notification(
        DeliveryState.PENDING,
        created_at=now - timedelta(minutes=5),
        next_attempt_at=now + timedelta(minutes=5),
    )
    _notification(DeliveryState.FAILED, created_at=now - timedelta(days=1), attempts=5)
    _notification(DeliveryState.SENT, created_at=now - timedelta(days=3))
    backlog = outbox_backlog(now=now)
    assert (backlog.pending, backlog.due, backlog.failed, backlog.sending) == (2, 1, 1, 0)
    assert backlog.oldest_pending_age == timedelta(hours=2)


def test_staff_page_lists_failures_without_recipient_addresses(
    client, staff, filesystem_broker, django_assert_max_num_queries
):
    _notification(
        DeliveryState.FAILED,
        created_at=timezone.now(),
        attempts=5,
        last_error="SMTPRecipientsRefused: {'warga@example.org': (550, b'5.1.1 <warga@example.org>')}",
    )
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    page = response.content.decode()
    assert "SMTPRecipientsRefused" in page
    assert "[email]" in page
    assert "warga@example.org" not in page


def test_the_admin_index_links_to_the_operations_page(client):
    admin = UserFactory(username="super-ops", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert URL in client.get(reverse("admin:index")).content.decode()


def test_queue_depths_of_the_configured_broker_are_readable(filesystem_broker):
    status = celery_queue_depths()
    assert status.reachable
    assert [queue.name for queue in status.queues] == ["celery", "mail", "reminders", "exports"]


@pytest.mark.redis_broker
def test_queue_depth_on_redis_is_the_length_of_the_queue_list(monkeypatch):
    # Database 15: messages put here must not reach the workers other tests start on database 0.
    url = "redis://127.0.0.1:6379/15"
    use_broker(monkeypatch, url)
    with Connection(url) as conn:
        simple = conn.SimpleQueue("reminders")
        simple.clear()
        for n in range(2):
            simple.put({"n": n})
        try:
            depths = {queue.name: queue.messages for queue in celery_queue_depths().queues}
            assert depths["reminders"] == 2
        finally:
            simple.clear()
            simple.close()
