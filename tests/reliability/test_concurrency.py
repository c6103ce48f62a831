"""Under load on PostgreSQL: 100 concurrent submissions through a real gunicorn get 100 distinct,
gap-free numbers and no 5xx; two different officers acting on one request at once get exactly one
winner, one clear 409, and exactly one event (by the winner)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from rest_framework.authtoken.models import Token

from requests_app.errors import InvalidTransition
from requests_app.models import InformationRequest, NumberSequence, RequestEvent, Role, Status
from requests_app.services.workflow import request_verify, request_withdraw
from tests.api.conftest import submission_payload
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 100


def _concurrently(count: int, action) -> list:
    """Run `action(i)` in `count` threads released together; results (or exceptions) in order."""
    barrier = threading.Barrier(count)

    def run(i):
        try:
            barrier.wait(timeout=60)
            return action(i)
        except Exception as error:  # noqa: BLE001 - returned for the assertions
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_100_concurrent_submissions_through_gunicorn_get_gap_free_numbers(
    live_server_gunicorn, body
):
    payload = submission_payload(body.code)

    answers = _concurrently(
        SUBMISSIONS, lambda i: live_server_gunicorn.request("POST", "/api/v1/requests/", payload)
    )

    statuses = [answer[0] if isinstance(answer, tuple) else repr(answer) for answer in answers]
    assert statuses == [201] * SUBMISSIONS  # zero 5xx, zero refused
    numbers = [data["registration_number"] for _status, data in answers]
    assert len(set(numbers)) == SUBMISSIONS
    stored = InformationRequest.objects.filter(body=body)
    assert sorted(stored.values_list("sequence_number", flat=True)) == list(
        range(1, SUBMISSIONS + 1)
    )
    assert NumberSequence.objects.get(body=body).last_value == SUBMISSIONS
    # Nothing half-written: each request has its one submission event.
    assert RequestEvent.objects.filter(request__body=body, code="request.submitted").count() == (
        SUBMISSIONS
    )


def test_tracking_tokens_stay_out_of_the_access_log(live_server_gunicorn, body):
    status, data = live_server_gunicorn.request(
        "POST", "/api/v1/requests/", submission_payload(body.code)
    )
    assert status == 201
    number, token = data["registration_number"], data["tracking_token"]

    tracked = live_server_gunicorn.request("GET", f"/api/v1/track/{number}/?token={token}")
    page = live_server_gunicorn.request("GET", f"/lacak/{number}/?token={token}")

    assert (tracked[0], page[0]) == (200, 302)
    log = _access_log_with(live_server_gunicorn, f"/lacak/{number}/")
    assert f"/api/v1/track/{number}/" in log and f"/lacak/{number}/" in log
    assert token not in log


def _access_log_with(server, text: str) -> str:
    """The access log once it holds `text` (gunicorn writes the line just after answering)."""
    deadline = time.monotonic() + 10
    while True:
        log = server.access_log.read_text()
        if text in log or time.monotonic() > deadline:
            return log
        time.sleep(0.1)


@pytest.fixture
def second_desk_officer(body, utama_unit):
    """A second officer at the PPID Utama desk of the same body: also allowed to route."""
    user = UserFactory(username="utama-2")
    MembershipFactory(user=user, body=body, unit=utama_unit, role=Role.UTAMA_OFFICER)
    return user


def test_two_officers_routing_one_request_at_once_through_the_api(
    live_server_gunicorn, submit, utama_officer, second_desk_officer, opd, other_opd
):
    request = request_verify(request=submit().request, actor=utama_officer)
    officers = [utama_officer, second_desk_officer]
    headers = [
        {"Authorization": f"Token {Token.objects.create(user=officer).key}"} for officer in officers
    ]
    units = [opd, other_opd]

    answers = _concurrently(
        2,
        lambda i: live_server_gunicorn.request(
            "POST", f"/api/v1/requests/{request.pk}/route/", {"unit": units[i].pk}, headers[i]
        ),
    )

    assert sorted(status for status, _data in answers) == [200, 409]
    winner = next(i for i, (status, _data) in enumerate(answers) if status == 200)
    conflict = next(data for status, data in answers if status == 409)
    assert "status permohonan saat ini adalah “Diteruskan ke PPID Pelaksana”" in conflict["message"]
    request.refresh_from_db()
    assert request.status == Status.ROUTED
    assert request.assigned_unit == units[winner]
    routed = RequestEvent.objects.filter(request=request, code="request.routed")
    assert routed.count() == 1
    assert routed.get().data["unit"] == units[winner].code
    assert routed.get().actor_id == officers[winner].pk


def test_two_officers_recording_one_withdrawal_at_once_one_wins_one_conflicts(
    submit, utama_officer, second_desk_officer
):
    # Two actions that exclude each other (routing then withdrawing is a legal sequence, so that
    # pair may both succeed): both desk officers record the applicant's withdrawal letter.
    request = request_verify(request=submit().request, actor=utama_officer)
    officers = [utama_officer, second_desk_officer]

    outcomes = _concurrently(
        2,
        lambda i: request_withdraw(
            request=request, actor=officers[i], reason=f"Surat pencabutan ({i})"
        ),
    )

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], InvalidTransition), outcomes
    assert errors[0].status_code == 409
    assert "status permohonan saat ini adalah “Dicabut”" in errors[0].message
    winner = next(i for i, outcome in enumerate(outcomes) if not isinstance(outcome, Exception))
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    written = RequestEvent.objects.filter(request=request, code="request.withdrawn")
    assert written.count() == 1
    assert (written.get().actor_id, written.get().note) == (
        officers[winner].pk,
        f"Surat pencabutan ({winner})",
    )
