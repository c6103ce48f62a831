from datetime import datetime

import pytest
from django.urls import reverse

from requests_app.models import Role, UnitKind
from requests_app.services.workflow import request_route, request_verify
from tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory, UserFactory
from tests.web_officer.conftest import DAY_AFTER_DUE, JAKARTA, page_url

QUEUE = reverse("officer_queue")


def rows_of(response) -> list[str]:
    return [row["req"].registration_number for row in response.context["rows"]]


@pytest.fixture
def other_body_request(clock, submit):
    other = PublicBodyFactory(code="3601", slug="pandeglang", registration_code="PDG")
    return submit(other).request


def test_anonymous_visitor_is_sent_to_the_login_page(client, body):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=/petugas/" in response.url


def test_citizen_cannot_open_the_queue(as_user, citizen):
    assert as_user(citizen).get(QUEUE).status_code == 404


def test_ppid_utama_sees_every_request_of_its_body_only(
    as_user, utama_officer, registered, routed, other_body_request, submit
):
    unrouted = submit(full_name="Budi Santoso").request
    response = as_user(utama_officer).get(QUEUE)
    assert response.status_code == 200
    numbers = rows_of(response)
    assert set(numbers) == {routed.registration_number, unrouted.registration_number}
    assert other_body_request.registration_number not in response.content.decode()


def test_opd_officer_sees_only_requests_routed_to_its_opd(
    as_user, opd_officer, other_opd_officer, utama_officer, routed, submit, other_opd
):
    elsewhere = request_verify(request=submit().request, actor=utama_officer)
    elsewhere = request_route(request=elsewhere, actor=utama_officer, unit=other_opd)
    submit()  # registered, not routed yet
    assert rows_of(as_user(opd_officer).get(QUEUE)) == [routed.registration_number]
    assert rows_of(as_user(other_opd_officer).get(QUEUE)) == [elsewhere.registration_number]


def test_queue_row_shows_the_working_days_left(as_user, utama_officer, registered):
    response = as_user(utama_officer).get(QUEUE)
    row = response.context["rows"][0]
    assert row["deadline"].working_days_left == 10 and not row["deadline"].overdue
    page = response.content.decode()
    assert "10 hari kerja" in page and "16 April 2025" in page
    assert page_url(registered) in page and "Siti Aminah" in page
    assert "overdue-flag" not in page and 'class="overdue"' not in page


def test_overdue_rows_are_highlighted_and_say_so_in_text(as_user, utama_officer, registered, clock):
    clock.move_to(DAY_AFTER_DUE)
    page = as_user(utama_officer).get(QUEUE).content.decode()
    assert 'class="overdue"' in page
    assert "Lewat batas waktu" in page and "terlambat 1 hari kerja" in page


def test_queue_opens_on_the_request_due_soonest(as_user, utama_officer, clock, submit):
    later = submit(full_name="Masuk Belakangan").request
    clock.move_to(datetime(2025, 3, 20, 9, 0, tzinfo=JAKARTA))
    earlier = submit(full_name="Masuk Duluan").request
    assert earlier.due_on < later.due_on
    rows = rows_of(as_user(utama_officer).get(QUEUE))
    assert rows == [earlier.registration_number, later.registration_number]


def test_filter_by_status(as_user, utama_officer, registered, in_process, submit):
    fresh = submit().request
    response = as_user(utama_officer).get(QUEUE, {"status": ["terdaftar"]})
    assert rows_of(response) == [fresh.registration_number]
    response = as_user(utama_officer).get(QUEUE, {"status": ["terdaftar", "diproses"]})
    assert len(rows_of(response)) == 2


def test_filter_by_opd(as_user, utama_officer, routed, submit, opd):
    submit()
    response = as_user(utama_officer).get(QUEUE, {"unit": opd.pk})
    assert rows_of(response) == [routed.registration_number]


def test_filter_overdue(as_user, utama_officer, registered, clock, submit):
    clock.move_to(DAY_AFTER_DUE)
    recent = submit().request
    client = as_user(utama_officer)
    assert rows_of(client.get(QUEUE, {"overdue": "true"})) == [registered.registration_number]
    assert rows_of(client.get(QUEUE, {"overdue": "false"})) == [recent.registration_number]


def test_search_by_number_and_by_name(as_user, utama_officer, registered, submit):
    budi = submit(full_name="Budi Santoso").request
    client = as_user(utama_officer)
    number = registered.registration_number
    assert rows_of(client.get(QUEUE, {"q": number})) == [number]
    assert rows_of(client.get(QUEUE, {"q": "budi"})) == [budi.registration_number]


def test_filter_by_received_date_range(as_user, utama_officer, clock, submit):
    clock.move_to(datetime(2025, 3, 10, 9, 0, tzinfo=JAKARTA))
    march = submit().request
    clock.move_to(datetime(2025, 5, 5, 9, 0, tzinfo=JAKARTA))
    may = submit().request
    client = as_user(utama_officer)
    params = {"received_from": "2025-03-01", "received_to": "2025-03-31"}
    assert rows_of(client.get(QUEUE, params)) == [march.registration_number]
    assert rows_of(client.get(QUEUE, {"received_from": "2025-05-01"})) == [may.registration_number]


def test_an_invalid_filter_shows_an_error_instead_of_failing(as_user, utama_officer, registered):
    response = as_user(utama_officer).get(QUEUE, {"received_from": "kemarin"})
    assert response.status_code == 200
    assert rows_of(response) == []
    assert "Saringan tidak valid" in response.content.decode()


def test_pages_hold_25_rows_and_page_links_keep_the_filters(as_user, utama_officer, clock, submit):
    for _ in range(27):
        submit()
    client = as_user(utama_officer)
    first = client.get(QUEUE, {"status": "terdaftar"})
    assert len(first.context["rows"]) == 25
    cursor = first.context["page"].next_cursor
    assert f"?status=terdaftar&amp;cursor={cursor}" in first.content.decode()
    second = client.get(QUEUE, {"status": "terdaftar", "cursor": cursor})
    assert len(second.context["rows"]) == 2
    assert second.context["page"].next_cursor is None
    back = client.get(
        QUEUE, {"status": "terdaftar", "cursor": second.context["page"].previous_cursor}
    )
    assert [r["req"].pk for r in back.context["rows"]] == [
        r["req"].pk for r in first.context["rows"]
    ]


def test_a_forged_page_link_shows_the_queue_from_the_start(as_user, utama_officer, registered):
    response = as_user(utama_officer).get(QUEUE, {"cursor": "bukan-kursor"})
    assert response.status_code == 200
    assert rows_of(response) == [registered.registration_number]
    assert "Tautan halaman tidak valid" in response.content.decode()


def _populate(body, submit, utama_officer, count):
    units = [
        UnitFactory(body=body, code=f"OPD-Q{n}", slug=f"opd-q{n}", kind=UnitKind.PELAKSANA)
        for n in range(4)
    ]
    for n in range(count):
        request = submit(full_name=f"Pemohon {n}").request
        if n % 2:
            request = request_verify(request=request, actor=utama_officer)
            request_route(request=request, actor=utama_officer, unit=units[n % 4])


@pytest.mark.parametrize("count", [5, 40])
def test_queue_query_count_does_not_grow_with_rows(
    as_user, utama_officer, clock, submit, body, count, django_assert_max_num_queries
):
    _populate(body, submit, utama_officer, count)
    client = as_user(utama_officer)
    client.get(QUEUE)  # warm the working-day calendar cache, as a running server has it
    # Session, user, memberships, page (no count), OPD choices, the layout's unread-notification
    # count (6 today), plus one for the shared layout: the bound is the same for 5 rows and for 40.
    with django_assert_max_num_queries(7):
        response = client.get(QUEUE, {"status": ["terdaftar", "didisposisikan"]})
    assert len(response.context["rows"]) == min(count, 25)


def test_supervisor_may_read_the_queue(as_user, supervisor, registered):
    assert rows_of(as_user(supervisor).get(QUEUE)) == [registered.registration_number]


def test_officer_of_two_bodies_sees_the_body_column(as_user, utama_officer, registered, submit):
    other = PublicBodyFactory(code="3602", slug="lebak", registration_code="LBK")
    MembershipFactory(user=utama_officer, body=other, role=Role.UTAMA_OFFICER)
    submit(other)
    response = as_user(UserFactory(username="utama")).get(QUEUE)
    assert len(rows_of(response)) == 2 and response.context["show_body"]
