"""The audit trail is append-only: no ORM path changes or removes a RequestEvent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from requests_app.lifecycle import record_event
from requests_app.models import AppendOnlyError, RequestEvent, Status
from tests.factories import UserFactory

NOW = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def event(submit):
    return RequestEvent.objects.get(request=submit(now=NOW).request)


def test_saving_an_existing_event_is_refused(event):
    event.note = "diubah"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert RequestEvent.objects.get(pk=event.pk).note == ""


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert RequestEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        RequestEvent.objects.filter(pk=event.pk).update(note="diubah")
    with pytest.raises(AppendOnlyError):
        RequestEvent.objects.update(code="request.tampered")
    assert RequestEvent.objects.get(pk=event.pk).code == "request.submitted"


def test_queryset_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        RequestEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        RequestEvent.objects.all().delete()
    assert RequestEvent.objects.count() == 1


def test_a_request_with_events_cannot_be_deleted(event):
    with pytest.raises(ProtectedError):
        event.request.delete()
    assert RequestEvent.objects.filter(pk=event.pk).exists()


def test_new_events_are_appended(event):
    record_event(
        request=event.request,
        code="request.note_added",
        actor_label="Petugas",
        from_status=Status.REGISTERED,
        to_status=Status.REGISTERED,
        note="Pemohon menelepon",
        now=NOW,
    )
    codes = list(RequestEvent.objects.filter(request=event.request).values_list("code", flat=True))
    assert codes == ["request.submitted", "request.note_added"]


def test_bulk_update_is_refused(event):
    event.note = "diubah"
    # bulk_update runs in its own atomic block: the savepoint keeps the test's transaction usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        RequestEvent.objects.bulk_update([event], ["note"])
    assert RequestEvent.objects.get(pk=event.pk).note == ""


def test_deleting_the_actor_keeps_the_event_and_the_name(event):
    officer = UserFactory(username="petugas", first_name="Budi", last_name="Santoso")
    appended = record_event(
        request=event.request, code="request.note_added", actor=officer, now=NOW
    )
    officer.delete()
    kept = RequestEvent.objects.get(pk=appended.pk)
    assert kept.actor_id is None
    assert kept.actor_label == "Budi Santoso"
