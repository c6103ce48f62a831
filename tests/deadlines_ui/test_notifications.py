"""In-app notifications: the bell's count (one query), `/notifikasi/`, mark-read, the API mirror."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.context_processors import notifications as notifications_context
from requests_app.models import Notification, NotificationChannel
from requests_app.notifications import registry
from requests_app.notifications.outbox import notification_create
from requests_app.services.notifications import notifications_mark_read
from requests_app.web.notifications import MarkReadForm
from tests.deadlines_ui.conftest import JKT

MOMENT = datetime(2025, 4, 10, 8, 0, tzinfo=JKT)


@pytest.fixture
def alert(submit):
    """Store an officer alert (in-app and email) about a fresh request, as the reminders do."""
    request = submit(now=MOMENT).request

    def _alert(user, *, headline="Batas waktu 3 hari kerja lagi", minutes=0):
        item = {
            "number": request.registration_number,
            "subject": request.information_requested,
            "due_on": request.due_on,
            "path": f"/petugas/permohonan/{request.pk}/",
            "note": "",
        }
        context = {"headline": headline, "message": "Segera tindak lanjuti.", "items": [item]}
        created = []
        for channel, address in ((NotificationChannel.IN_APP, ""), ("email", user.email)):
            created.append(
                notification_create(
                    kind=registry.OFFICER_ALERT.code,
                    context=context,
                    channel=channel,
                    request=request,
                    recipient_user=user,
                    recipient_address=address,
                    now=MOMENT + timedelta(minutes=minutes),
                )
            )
        return created[0]

    _alert.request = request
    return _alert


def _notification_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "requests_app_notification" in q["sql"]]


def test_bell_count_costs_one_query_and_counts_only_own_unread_in_app(
    rf, alert, opd_officer, utama_officer, django_assert_num_queries
):
    for minutes in range(3):
        alert(opd_officer, minutes=minutes)
    alert(utama_officer)
    read = alert(opd_officer, minutes=9)
    notifications_mark_read(user=opd_officer, ids=[read.pk])
    http_request = rf.get("/")
    http_request.user = opd_officer

    context = notifications_context(http_request)
    with django_assert_num_queries(1):
        assert context["unread_notifications_count"] == 3
        assert str(context["unread_notifications_count"]) == "3"  # evaluated once


def test_bell_costs_nothing_for_anonymous_visitors(rf, db, django_assert_num_queries):
    http_request = rf.get("/")
    http_request.user = AnonymousUser()

    with django_assert_num_queries(0):
        assert notifications_context(http_request) == {}


def test_bell_in_the_header_says_the_count_in_words(client, alert, opd_officer):
    for minutes in range(3):
        alert(opd_officer, minutes=minutes)
    client.force_login(opd_officer)

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()

    assert "Notifikasi (3 belum dibaca)" in page
    assert 'href="/notifikasi/"' in page
    assert len(_notification_queries(captured)) == 1


def test_anonymous_pages_have_no_bell_and_no_notification_query(client, body):
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()

    assert "belum dibaca" not in page
    assert _notification_queries(captured) == []


def test_notification_page_lists_own_messages_newest_first_with_links(
    client, alert, opd_officer, utama_officer
):
    alert(opd_officer, headline="Pesan lama", minutes=0)
    alert(opd_officer, headline="Pesan baru", minutes=5)
    alert(utama_officer, headline="Pesan untuk PPID Utama")
    client.force_login(opd_officer)

    page = client.get("/notifikasi/").content.decode()

    assert page.index("Pesan baru") < page.index("Pesan lama")
    assert "Pesan untuk PPID Utama" not in page
    assert page.count("notification-unread") == 2 and "Belum dibaca" in page
    assert f'<a href="/petugas/permohonan/{alert.request.pk}/">' in page
    assert page.count("Tandai sudah dibaca") == 2 and "Tandai semua sudah dibaca" in page


def test_notification_page_is_paginated_and_needs_login(client, alert, opd_officer):
    for minutes in range(23):
        alert(opd_officer, headline=f"Pesan {minutes:02d}", minutes=minutes)

    assert client.get("/notifikasi/").status_code == 302
    client.force_login(opd_officer)
    first = client.get("/notifikasi/").content.decode()
    second = client.get("/notifikasi/", {"page": 2}).content.decode()

    assert "Pesan 22" in first and "Pesan 02" not in first
    assert "Pesan 02" in second and "Halaman 2 dari 2" in second
    assert client.get("/notifikasi/", {"page": "x"}).status_code == 200


def test_mark_one_read_then_all_read(client, alert, opd_officer, utama_officer):
    first = alert(opd_officer)
    alert(opd_officer, minutes=1)
    others = alert(utama_officer)
    client.force_login(opd_officer)

    response = client.post("/notifikasi/baca/", {"id": first.pk})

    assert response.status_code == 302 and response["Location"] == "/notifikasi/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert "Notifikasi (1 belum dibaca)" in client.get("/notifikasi/").content.decode()

    client.post("/notifikasi/baca/", {"all": "1"})
    page = client.get("/notifikasi/").content.decode()
    assert "Notifikasi (0 belum dibaca)" in page and "notification-unread" not in page
    others.refresh_from_db()
    assert others.read_at is None  # another user's message is untouched


def test_mark_read_ignores_other_users_ids_and_bad_input(client, alert, opd_officer, utama_officer):
    theirs = alert(utama_officer)
    client.force_login(opd_officer)

    client.post("/notifikasi/baca/", {"id": theirs.pk})
    bad = client.post("/notifikasi/baca/", {"id": "abc"}, follow=True)
    empty = client.post("/notifikasi/baca/", {})

    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert bad.status_code == 200 and "permintaan tidak valid" in bad.content.decode()
    assert empty.status_code == 302
    assert client.get("/notifikasi/baca/").status_code == 405


def test_mark_read_with_an_id_beyond_any_database_integer_is_a_clear_error(
    client, alert, opd_officer
):
    mine = alert(opd_officer)
    client.force_login(opd_officer)

    response = client.post("/notifikasi/baca/", {"id": "99999999999999999999"})

    assert response.status_code == 302 and response["Location"] == "/notifikasi/"
    page = client.get(response["Location"]).content.decode()
    assert "permintaan tidak valid" in page
    mine.refresh_from_db()
    assert mine.read_at is None
    form = MarkReadForm({"id": "99999999999999999999"})
    assert not form.is_valid()
    assert form.errors["id"] == ["Nomor notifikasi tidak dikenal."]


def test_service_marks_only_unread_in_app_rows_of_the_user(alert, opd_officer):
    in_app = alert(opd_officer)

    assert notifications_mark_read(user=opd_officer, ids=[in_app.pk]) == 1
    assert notifications_mark_read(user=opd_officer, ids=[in_app.pk]) == 0  # already read
    assert notifications_mark_read(user=opd_officer) == 0  # the email row is not a bell item
    assert notifications_mark_read(user=AnonymousUser()) == 0
    assert Notification.objects.filter(channel="email", read_at__isnull=False).count() == 0


def test_api_lists_own_notifications_and_marks_them_read(
    officer_api, alert, opd_officer, utama_officer, django_assert_max_num_queries
):
    first = alert(opd_officer, headline="Pertama")
    alert(opd_officer, headline="Kedua", minutes=1)
    alert(utama_officer, headline="Bukan untuk Anda")
    api = officer_api(opd_officer)

    with django_assert_max_num_queries(4):  # token, count, page
        listing = api.get("/api/v1/notifications/").json()

    assert listing["count"] == 2
    assert [row["subject"] for row in listing["results"]] == ["Kedua", "Pertama"]
    assert listing["results"][0]["paths"] == [f"/petugas/permohonan/{alert.request.pk}/"]
    assert listing["results"][0]["unread"] is True

    marked = api.post("/api/v1/notifications/read/", {"ids": [first.pk]}, format="json")
    assert marked.json() == {"marked": 1, "unread": 1}
    everything = api.post("/api/v1/notifications/read/", {"all": True}, format="json")
    assert everything.json() == {"marked": 1, "unread": 0}


@pytest.mark.parametrize(
    "payload",
    [{}, {"ids": "1"}, {"ids": ["x"]}, {"ids": [0]}, {"ids": [2**64]}, {"all": "mungkin"}],
)
def test_api_mark_read_rejects_bad_input_with_400(officer_api, opd_officer, payload):
    response = officer_api(opd_officer).post("/api/v1/notifications/read/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"message", "fields"}


def test_api_needs_login(api_client_anonymous):
    assert api_client_anonymous.get("/api/v1/notifications/").status_code in (401, 403)
    assert api_client_anonymous.post("/api/v1/notifications/read/", {}).status_code in (401, 403)
