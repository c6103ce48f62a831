from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail

from requests_app.models import RequestEvent, Status

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_submission_numbers_freezes_due_date_logs_and_mails(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(now=datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA))
    request = result.request
    assert request.registration_number == "0001/PPID/BANTEN/2025"
    assert request.status == Status.REGISTERED
    assert request.effective_received_on == date(2025, 3, 24)
    assert request.due_on == date(2025, 4, 16)
    assert request.nik_last4 == "0001" and "3601014507900001" not in request.nik_ciphertext
    assert RequestEvent.objects.get(request=request).code == "request.submitted"
    assert len(mail.outbox) == 1 and request.registration_number in mail.outbox[0].subject


def test_group_applicant_needs_the_representatives_nik_which_is_stored_encrypted(submit):
    import pytest

    from requests_app.errors import ValidationFailed
    from requests_app.identity import decrypt

    with pytest.raises(ValidationFailed) as error:
        submit(applicant_type="kelompok_orang", representative_name="Budi")
    assert "representative_nik" in error.value.fields
    request = submit(
        applicant_type="kelompok_orang",
        representative_name="Budi",
        representative_nik="3603011201850002",
    ).request
    assert request.representative_nik_last4 == "0002"
    assert "3603011201850002" not in request.representative_nik_ciphertext
    assert decrypt(request.representative_nik_ciphertext) == "3603011201850002"
