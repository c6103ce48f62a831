"""Registration numbers (Pasal 22(4)): unique, gap-free, per body and per receipt year."""

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from requests_app.errors import ValidationFailed
from requests_app.models import InformationRequest, NumberSequence, SequenceKind
from requests_app.services.numbering import number_format_validate, sequence_next
from requests_app.services.requests import request_submit
from tests.factories import PublicBodyFactory, request_input

JAKARTA = ZoneInfo("Asia/Jakarta")
MARCH_2025 = datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA)


def numbers(results) -> list[str]:
    return [r.request.registration_number for r in results]


def test_numbers_are_sequential_per_body_and_year(submit):
    results = [submit(now=MARCH_2025) for _ in range(3)]
    assert numbers(results) == [
        "0001/PPID/BANTEN/2025",
        "0002/PPID/BANTEN/2025",
        "0003/PPID/BANTEN/2025",
    ]
    assert [r.request.sequence_number for r in results] == [1, 2, 3]
    assert {r.request.sequence_year for r in results} == {2025}


def test_each_body_has_its_own_sequence(submit, body):
    other = PublicBodyFactory(registration_code="SERANG")
    first = submit(now=MARCH_2025)
    elsewhere = submit(other, now=MARCH_2025)
    second = submit(now=MARCH_2025)
    assert numbers([first, elsewhere, second]) == [
        "0001/PPID/BANTEN/2025",
        "0001/PPID/SERANG/2025",
        "0002/PPID/BANTEN/2025",
    ]


def test_numbering_restarts_at_one_in_a_new_year(submit):
    submit(now=datetime(2025, 12, 30, 9, 0, tzinfo=JAKARTA))
    new_year = submit(now=datetime(2026, 1, 2, 9, 0, tzinfo=JAKARTA))
    assert new_year.request.registration_number == "0001/PPID/BANTEN/2026"
    assert NumberSequence.objects.get(year=2025).last_value == 1


def test_year_is_the_receipt_year_in_the_bodys_time_zone(submit):
    # 31 Dec 2025 23:30 WIB still belongs to 2025 (its due date is in 2026).
    last_of_2025 = submit(now=datetime(2025, 12, 31, 23, 30, tzinfo=JAKARTA))
    assert last_of_2025.request.registration_number == "0001/PPID/BANTEN/2025"
    # 31 Dec 2025 17:30 UTC is 1 Jan 2026 00:30 WIB: the first request of 2026.
    first_of_2026 = submit(now=datetime(2025, 12, 31, 17, 30, tzinfo=UTC))
    assert first_of_2026.request.registration_number == "0001/PPID/BANTEN/2026"
    assert first_of_2026.request.sequence_year == 2026


def test_body_in_eastern_indonesia_changes_year_earlier(db):
    papua = PublicBodyFactory(time_zone="Asia/Jayapura", registration_code="PAPUA")
    # 31 Dec 2025 15:30 UTC: 22:30 WIB but already 00:30 WIT on 1 Jan 2026.
    result = request_submit(
        body=papua, data=request_input(), now=datetime(2025, 12, 31, 15, 30, tzinfo=UTC)
    )
    assert result.request.registration_number == "0001/PPID/PAPUA/2026"


def test_custom_number_format_per_body(submit, body):
    body.registration_number_format = "{code}/{year}/{month:02d}/REG-{seq:05d}"
    body.save()
    result = submit(now=MARCH_2025)
    assert result.request.registration_number == "BANTEN/2025/03/REG-00001"


def test_rolled_back_submission_gives_its_number_back(submit):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        submit(now=MARCH_2025)
        raise Abort
    assert not InformationRequest.objects.exists()
    assert submit(now=MARCH_2025).request.registration_number == "0001/PPID/BANTEN/2025"


def test_refused_submission_takes_no_number(submit):
    with pytest.raises(ValidationFailed):
        submit(now=MARCH_2025, full_name="")
    assert submit(now=MARCH_2025).request.sequence_number == 1


def test_objection_numbers_have_their_own_sequence(body):
    with transaction.atomic():
        objection = sequence_next(body=body, kind=SequenceKind.OBJECTION, year=2025)
        request = sequence_next(body=body, kind=SequenceKind.REQUEST, year=2025)
    assert (objection, request) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_sequence_refuses_to_run_outside_a_transaction():
    # In autocommit a number would be spent even if storing the request then failed.
    body = PublicBodyFactory()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        sequence_next(body=body, kind=SequenceKind.REQUEST, year=2025)
    assert not NumberSequence.objects.exists()


# --- number_format_validate ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "{seq:04d}/PPID/{code}/{year}",
        "KBT/{seq:04d}/PPID/{code}/{year}",
        "{code}-{year}-{month:02d}-{seq}",
        "{seq}",
    ],
)
def test_valid_number_formats_pass(pattern):
    number_format_validate(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "PPID/{code}/{year}",  # no sequence: numbers would repeat
        "{seq:04d}/{unit}/{year}",  # unknown field
        "{seq:04q}",  # unknown format code
        "{code:d}/{seq}",  # a text field formatted as a number
        "{seq!z}",  # unknown conversion
        "{0}/{seq}",  # positional field
        "{}/{seq}",
        "{seq:04d",  # unclosed brace
        "}{seq}",  # stray closing brace
    ],
)
def test_bad_number_formats_are_refused(pattern):
    with pytest.raises(ValidationError):
        number_format_validate(pattern)


@pytest.mark.parametrize("pattern", ["{seq[0]}", "{seq.nomor}"])
def test_indexing_or_attribute_formats_are_refused(pattern):
    with pytest.raises(ValidationError):
        number_format_validate(pattern)


# --- PostgreSQL: concurrent submissions ---------------------------------------------------------

THREADS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_gap_free_numbers():
    body = PublicBodyFactory(registration_code="BANTEN")
    barrier = threading.Barrier(THREADS)
    results, errors = [], []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            result = request_submit(body=body, data=request_input(), now=MARCH_2025)
            with lock:
                results.append(result.request.sequence_number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(results) == list(range(1, THREADS + 1))
    stored = InformationRequest.objects.filter(body=body)
    assert sorted(stored.values_list("sequence_number", flat=True)) == list(range(1, THREADS + 1))
    assert len(set(stored.values_list("registration_number", flat=True))) == THREADS
    assert NumberSequence.objects.get(body=body, year=2025).last_value == THREADS
