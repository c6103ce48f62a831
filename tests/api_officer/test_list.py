from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from requests_app.models import Channel, InformationRequest, Status
from requests_app.services.workflow import request_route, request_verify
from tests.api.conftest import submission_payload
from tests.api_officer.conftest import ACT_AT, JKT, T0
from tests.factories import PublicBodyFactory

LIST_URL = "/api/v1/requests/"
# Measured on SQLite: token (+ its user), memberships, the page (no count), and the body's
# calendar overrides when the process cache has expired (travelling in time expires it here).
LIST_QUERIES = 4


def _numbers(response) -> list[str]:
    return [row["registration_number"] for row in response.json()["results"]]


def _get(client, **params):
    with time_machine.travel(ACT_AT, tick=False):
        return client.get(LIST_URL, params)


def test_list_requires_authentication(client_for):
    response = client_for("anonymous").get(LIST_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_citizen_without_staff_role_cannot_list_even_own_requests(client_for, citizen, submit):
    submit(now=T0)

    response = client_for("citizen").get(LIST_URL)

    assert response.status_code == 403
    assert set(response.json()) == {"message", "fields"}


def test_list_row_has_the_queue_fields(client_for, flow, opd):
    routed = flow.routed(information_requested="Salinan DPA " + "sangat rinci " * 40)

    response = _get(client_for("utama_officer"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (row,) = response.json()["results"]
    assert row["id"] == routed.pk
    assert row["body_code"] == "36"
    assert row["assigned_unit"] == {
        "id": opd.pk,
        "code": "DINDIK",
        "name": "Dinas Pendidikan dan Kebudayaan",
        "short_name": "Dindik",
    }
    assert row["channel"] == {"code": "web", "label": "Web/aplikasi"}
    assert row["applicant_name"] == "Siti Aminah"
    assert len(row["information_excerpt"]) == 200
    assert row["information_excerpt"].endswith("…")
    assert row["status"] == {"code": "didisposisikan", "label": "Diteruskan ke PPID Pelaksana"}
    assert row["outcome"] is None
    assert row["received_at"] == "2025-03-24T09:00:00+07:00"
    assert row["effective_received_on"] == "2025-03-24"
    assert row["original_due_date"] == row["due_date"] == "2025-04-16"
    assert row["extended_due_date"] is None
    # 25 March to 16 April 2025 across Nyepi, Idul Fitri and cuti bersama.
    assert row["working_days_left"] == 9
    assert row["overdue"] is False
    assert row["notice_late"] is False
    assert "nik" not in str(row).lower()


def test_overdue_request_shows_negative_days_left(client_for, flow):
    flow.in_process()

    with time_machine.travel(datetime(2025, 4, 22, 10, tzinfo=JKT), tick=False):
        response = client_for("utama_officer").get(LIST_URL)

    (row,) = response.json()["results"]
    assert row["overdue"] is True
    # 17, 21 and 22 April (18 April is Good Friday) have passed since the due date.
    assert row["working_days_left"] == -3


def test_pelaksana_never_lists_another_opds_request(client_for, flow, submit, other_opd):
    mine = flow.routed()
    theirs = flow.in_process()
    request_route(request=theirs, actor=flow.utama, unit=other_opd, now=T0)
    flow.registered()  # not routed yet: only the PPID Utama sees it

    assert _numbers(_get(client_for("opd_officer"))) == [mine.registration_number]
    assert _numbers(_get(client_for("other_opd_officer"))) == [theirs.registration_number]
    assert len(_numbers(_get(client_for("utama_officer")))) == 3


def test_supervisor_lists_the_body_but_not_another_body(client_for, flow, submit):
    flow.registered()
    elsewhere = PublicBodyFactory(kind="regency")
    submit(elsewhere, now=T0)

    assert len(_numbers(_get(client_for("supervisor")))) == 1


def test_status_filter_takes_several_values(client_for, flow):
    registered = flow.registered()
    routed = flow.routed()
    flow.awaiting_completion()

    response = _get(client_for("utama_officer"), status=[Status.REGISTERED, Status.ROUTED])

    assert sorted(_numbers(response)) == sorted(
        [registered.registration_number, routed.registration_number]
    )


def test_unit_channel_and_search_filters(client_for, flow, submit, opd):
    routed = flow.routed()
    phoned = submit(now=T0, channel=Channel.PHONE, full_name="Budi Santoso").request
    client = client_for("utama_officer")

    assert _numbers(_get(client, unit=opd.pk)) == [routed.registration_number]
    assert _numbers(_get(client, channel="telepon")) == [phoned.registration_number]
    assert _numbers(_get(client, q="budi")) == [phoned.registration_number]


def test_received_date_and_overdue_filters(client_for, flow):
    early = flow.in_process()
    later = InformationRequest.objects.get(
        pk=flow.submit(now=datetime(2025, 4, 21, 9, tzinfo=JKT)).request.pk
    )
    client = client_for("utama_officer")

    with time_machine.travel(datetime(2025, 4, 22, 10, tzinfo=JKT), tick=False):
        late = client.get(LIST_URL, {"overdue": "true"})
        recent = client.get(LIST_URL, {"received_from": "2025-04-01"})
        old = client.get(LIST_URL, {"received_to": "2025-03-31"})

    assert _numbers(late) == [early.registration_number]
    assert _numbers(recent) == [later.registration_number]
    assert _numbers(old) == [early.registration_number]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "bukan-status"}, "status"),
        ({"received_from": "kemarin"}, "received_from"),
        ({"unit": "abc"}, "unit"),
        ({"unit": "999999"}, "unit"),
        ({"channel": "merpati"}, "channel"),
    ],
)
def test_bad_filter_value_is_a_field_error(client_for, flow, params, field):
    flow.registered()

    response = _get(client_for("utama_officer"), **params)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_page_size_is_capped_at_100(client_for, flow):
    for _ in range(101):
        flow.submit(now=T0)

    response = _get(client_for("utama_officer"), page_size=1000)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100
    assert response.json()["next"] is not None


def test_page_size_parameter_pages_the_queue_by_cursor(client_for, flow):
    for _ in range(3):
        flow.registered()
    client = client_for("utama_officer")

    with time_machine.travel(ACT_AT, tick=False):
        first = client.get(LIST_URL, {"page_size": 2}).json()
        second = client.get(first["next"]).json()
        back = client.get(second["previous"]).json()

    assert set(first) == {"next", "previous", "results"}  # no count: see KeysetPagination
    assert first["previous"] is None
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page_size=2" in second["previous"]
    assert back["results"] == first["results"]


@pytest.mark.parametrize("rows", [5, 60])
@pytest.mark.parametrize("page_size", [10, 50])
def test_list_query_count_does_not_grow_with_rows_or_page_size(
    client_for, flow, opd, rows, page_size, django_assert_max_num_queries
):
    for index in range(rows):
        request = flow.submit(now=T0).request
        if index % 2:
            request = request_verify(request=request, actor=flow.utama, now=T0)
            request_route(request=request, actor=flow.utama, unit=opd, now=T0)
    client = client_for("utama_officer")

    with django_assert_max_num_queries(LIST_QUERIES):
        response = _get(client, page_size=page_size)

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(rows, page_size)


def test_anonymous_post_still_submits_a_request(client_for, body):
    with time_machine.travel(T0, tick=False):
        response = client_for("anonymous").post(LIST_URL, submission_payload(), format="json")

    assert response.status_code == 201
    assert response.json()["registration_number"] == "0001/PPID/BANTEN/2025"


def test_listing_does_not_use_up_the_submission_throttle(client_for, body, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submission": "1/hour",
        },
    }
    client = client_for("utama_officer")

    statuses = [client.get(LIST_URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert client.post(LIST_URL, submission_payload(), format="json").status_code == 201


def test_session_login_works_as_well_as_tokens(client, utama_officer, flow):
    flow.registered()
    client.force_login(utama_officer)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
