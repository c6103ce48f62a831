"""The citizen's "my data" download costs the same number of queries for one request as for many
(letters and objections are prefetched, filtered and ordered in the prefetch)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.models import Objection, ObjectionStatus, RequestDocument

pytestmark = pytest.mark.django_db

JKT = ZoneInfo("Asia/Jakarta")
FILED = datetime(2025, 3, 3, 9, 0, tzinfo=JKT)


def _letter(request, kind, *, at, visible):
    document = RequestDocument(
        request=request,
        kind=kind,
        filename=f"{kind}.pdf",
        created_at=at,
        visible_to_applicant=visible,
    )
    document.file.save(f"{kind}-{request.pk}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def _objection(request, number, *, filed_at):
    return Objection.objects.create(
        body=request.body,
        request=request,
        registration_number=f"KBT/{request.pk}/{number}",
        sequence_year=2025,
        sequence_number=request.pk * 10 + number,
        status=ObjectionStatus.UNDER_REVIEW,
        ground_c=True,
        case_facts="Tidak ditanggapi",
        filed_at=filed_at,
        received_on=filed_at.date(),
        trigger_on=filed_at.date(),
        filing_window_ends_on=date(2025, 4, 15),
        atasan_due_on=date(2025, 4, 15),
    )


@pytest.fixture
def account_with_requests(submit, citizen):
    def _make(count):
        for index in range(count):
            request = submit(now=FILED + timedelta(days=index)).request
            request.applicant = citizen
            request.save(update_fields=["applicant"])
            later = FILED + timedelta(days=index, hours=2)
            _letter(request, "notice", at=later, visible=True)
            _letter(request, "internal_memo", at=later, visible=False)
            # Filed in reverse order of creation: the download must still list them by date.
            _objection(request, 2, filed_at=later + timedelta(days=2))
            _objection(request, 1, filed_at=later + timedelta(days=1))
        return citizen

    return _make


def _download(client):
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_my_data_download_queries_do_not_grow_with_the_requests(
    client, account_with_requests, django_assert_num_queries
):
    citizen = account_with_requests(1)
    client.force_login(citizen)
    with CaptureQueriesContext(connection) as one_request:
        single = _download(client)
    assert len(single["requests"]) == 1

    account_with_requests(4)  # the same account now holds five requests
    with django_assert_num_queries(len(one_request.captured_queries)):
        data = _download(client)

    assert len(data["requests"]) == 5
    for record in data["requests"]:
        # Only letters meant for the applicant, oldest first; objections by filing date.
        assert "internal_memo" not in [letter["kind"] for letter in record["letters"]]
        assert "notice" in [letter["kind"] for letter in record["letters"]]
        times = [letter["created_at"] for letter in record["letters"]]
        assert times == sorted(times)
        numbers = [objection["registration_number"] for objection in record["objections"]]
        assert [number.rsplit("/", 1)[1] for number in numbers] == ["1", "2"]
