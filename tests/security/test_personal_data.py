"""Personal data (UU 27/2022, Keputusan 8): purged after the retention period once the request,
objection and dispute are closed, with the register row pseudonymised and every statistic
unchanged; and a citizen's download of their own data."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from requests_app.letters.service import letter_store
from requests_app.lifecycle import record_event
from requests_app.models import (
    Dispute,
    DisputeStage,
    ExportJob,
    ExportState,
    InformationRequest,
    Notification,
    Objection,
    ObjectionStatus,
    RequestDocument,
    RequestEvent,
)
from requests_app.selectors.statistics import compliance_figures
from requests_app.selectors.statistics.periods import Period, Scope
from requests_app.services.retention import (
    EXPORT_PURGED_MESSAGE,
    PURGED_EVENT,
    exports_with_purged_data_discard,
    personal_data_purge,
    request_personal_data_purge,
)
from requests_app.services.workflow import request_withdraw
from requests_app.tasks import purge_expired_personal_data
from tests.exports.conftest import read_csv
from tests.factories import VALID_NIK, UserFactory
from tests.letters.conftest import stored_text

pytestmark = pytest.mark.django_db

JKT = ZoneInfo("Asia/Jakarta")
FILED = datetime(2020, 3, 2, 9, 0, tzinfo=JKT)
CLOSED = datetime(2020, 3, 4, 9, 0, tzinfo=JKT)
PURGE_AT = datetime(2026, 3, 2, 9, 0, tzinfo=JKT)
RETENTION = 365 * 5


def _scan(name="ktp.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def _closed(submit, utama_officer, *, at=CLOSED, **overrides):
    request = submit(now=FILED, identity_document=_scan(), **overrides).request
    return request_withdraw(request=request, actor=utama_officer, reason="Dicabut", now=at)


def _objection(request, status, *, dispute_stage=None):
    objection = Objection.objects.create(
        body=request.body,
        request=request,
        registration_number=f"KBT/{request.pk}",
        sequence_year=2020,
        sequence_number=request.pk,
        status=status,
        ground_c=True,
        case_facts="Tidak ditanggapi",
        representative_name="Budi Santoso",
        representative_contact="0811111111",
        filed_at=CLOSED,
        received_on=CLOSED.date(),
        trigger_on=CLOSED.date(),
        filing_window_ends_on=date(2020, 4, 15),
        atasan_due_on=date(2020, 4, 15),
    )
    if dispute_stage:
        Dispute.objects.create(
            objection=objection,
            commission="KI Provinsi Banten",
            ki_register_number="001/KI-BTN/2020",
            filed_on=CLOSED.date(),
            stage=dispute_stage,
        )
    # As if filed and last changed in 2020 (both rows carry auto_now timestamps).
    Objection.objects.filter(pk=objection.pk).update(updated_at=CLOSED)
    Dispute.objects.filter(objection=objection).update(updated_at=CLOSED)
    return objection


@pytest.fixture
def register(submit, utama_officer):
    """Requests in every retention situation, all received in March 2020."""
    due = _closed(submit, utama_officer, full_name="Siti Aminah")
    settled = _closed(submit, utama_officer, full_name="Agus Salim")
    _objection(settled, ObjectionStatus.CLOSED, dispute_stage=DisputeStage.CLOSED)
    objection_open = _closed(submit, utama_officer)
    _objection(objection_open, ObjectionStatus.UNDER_REVIEW)
    dispute_open = _closed(submit, utama_officer)
    _objection(dispute_open, ObjectionStatus.DISPUTE, dispute_stage=DisputeStage.MEDIATION)
    recent = _closed(submit, utama_officer, at=PURGE_AT - timedelta(days=30))
    still_open = submit(now=FILED, identity_document=_scan()).request
    return {
        "purged": [due, settled],
        "kept": [objection_open, dispute_open, recent, still_open],
    }


def _figures(scope=None):
    return compliance_figures(
        period=Period.for_year(2020), scope=scope or Scope.installation(), today=date(2026, 3, 2)
    )


def _register_csv(client, user) -> list[dict]:
    client.force_login(user)
    response = client.get(
        reverse("register_export", kwargs={"kind": "register_permohonan"}),
        {"format": "csv", "year": "2020"},
    )
    assert response.status_code == 200
    return read_csv(response)


def test_purge_removes_identity_data_and_keeps_a_pseudonymised_row(
    register, django_capture_on_commit_callbacks
):
    files = {r.pk: r.identity_document for r in register["purged"] + register["kept"]}

    # Files are deleted once the purge has committed.
    with django_capture_on_commit_callbacks(execute=True):
        result = personal_data_purge(now=PURGE_AT, retention_days=RETENTION)

    assert (result.requests, result.files) == (2, 2)
    for request in register["purged"]:
        row = InformationRequest.objects.get(pk=request.pk)
        assert row.full_name in ("S. A.", "A. S.")
        assert row.address == "Kota Serang"  # the kabupaten/kota, not the street
        assert (row.nik_ciphertext, row.nik_hash, row.nik_last4) == ("", "", "")
        assert (row.phone, row.email, row.identity_document.name) == ("", "", "")
        assert not files[request.pk].storage.exists(files[request.pk].name)
        assert row.registration_number == request.registration_number
        assert row.events.filter(code=PURGED_EVENT).count() == 1
        assert not Notification.objects.filter(request=row).exclude(recipient_address="").exists()
        assert VALID_NIK not in json.dumps(
            list(Notification.objects.filter(request=row).values()), default=str
        )
    settled_objection = Objection.objects.get(request=register["purged"][1])
    assert (settled_objection.representative_name, settled_objection.representative_contact) == (
        "",
        "",
    )
    for request in register["kept"]:
        row = InformationRequest.objects.get(pk=request.pk)
        assert row.nik_ciphertext and row.email and row.full_name == request.full_name
        assert files[request.pk].storage.exists(files[request.pk].name)


def test_statistics_are_the_same_before_and_after_the_purge(register, body, client, utama_officer):
    before = _figures()
    before_body = _figures(Scope.for_body(body))
    register_before = _register_csv(client, utama_officer)

    personal_data_purge(now=PURGE_AT, retention_days=RETENTION)

    assert _figures() == before
    assert _figures(Scope.for_body(body)) == before_body
    assert before["headline"]["received"] == before_body["headline"]["received"] == 6
    register_after = _register_csv(client, utama_officer)
    assert len(register_after) == len(register_before) == 6
    purged = {r.registration_number: r for r in register["purged"]}
    rows = {row["2. Nomor pendaftaran"]: row for row in register_after}
    assert [(rows[n]["4. Nama"], rows[n]["5. Alamat"]) for n in purged] == [
        ("S. A.", "Kota Serang"),
        ("A. S.", "Kota Serang"),
    ]
    kept_rows = [row for number, row in rows.items() if number not in purged]
    assert {row["4. Nama"] for row in kept_rows} == {"Siti Aminah"}


def test_the_daily_task_runs_the_purge(register, settings, django_capture_on_commit_callbacks):
    settings.PERSONAL_DATA_RETENTION_DAYS = RETENTION
    scans = {r.pk: r.identity_document for r in register["purged"]}

    with django_capture_on_commit_callbacks(execute=True):
        result = purge_expired_personal_data.delay().get()

    assert (result["requests"], result["files"]) == (2, 2)
    for request in register["purged"]:
        row = InformationRequest.objects.get(pk=request.pk)
        assert row.nik_ciphertext == "" and row.events.filter(code=PURGED_EVENT).exists()
        assert not scans[request.pk].storage.exists(scans[request.pk].name)
    assert not InformationRequest.objects.filter(
        pk__in=[r.pk for r in register["kept"]], nik_ciphertext=""
    ).exists()
    assert purge_expired_personal_data.delay().get()["requests"] == 0


PERSONAL = ("Siti Aminah", "Agus Salim", "Jl. Raya Serang", "siti@example.org", "081234567890")


def test_letters_are_reissued_from_the_pseudonymised_row(
    register, utama_officer, django_capture_on_commit_callbacks
):
    due, settled = register["purged"]
    kept = register["kept"][0]
    first = letter_store(request=due, kind="receipt", now=FILED)
    latest = letter_store(request=due, kind="receipt", now=FILED + timedelta(hours=1))
    objection = settled.objections.get()
    objection_letter = letter_store(request=settled, kind="objection_receipt", now=CLOSED)
    kept_letter = letter_store(request=kept, kind="receipt", now=FILED)
    old_files = [(d.file.storage, d.file.name) for d in (first, latest, objection_letter)]
    assert "Siti Aminah" in stored_text(latest) and "Budi Santoso" in stored_text(objection_letter)

    with django_capture_on_commit_callbacks(execute=True):
        result = personal_data_purge(now=PURGE_AT, retention_days=RETENTION)

    assert (result.letters_reissued, result.letters_removed) == (2, 1)
    assert all(not storage.exists(name) for storage, name in old_files)
    # The latest receipt is the same record (row, file name, date), re-rendered without identity.
    reissued = RequestDocument.objects.get(request=due)
    assert (reissued.pk, reissued.filename, reissued.created_at) == (
        latest.pk,
        latest.filename,
        latest.created_at,
    )
    text = stored_text(reissued)
    assert due.registration_number in text and "S. A." in text and "Kota Serang" in text
    assert not [value for value in PERSONAL if value in text]
    # The superseded version is gone, and the purge event says which letter went.
    event = due.events.get(code=PURGED_EVENT)
    assert event.data["letters_reissued"] == 1
    [removed] = event.data["letters_removed"]
    assert (removed["kind"], removed["filename"]) == ("receipt", first.filename)
    assert datetime.fromisoformat(removed["created_at"]) == first.created_at
    objection_text = stored_text(RequestDocument.objects.get(pk=objection_letter.pk))
    assert objection.registration_number in objection_text and "A. S." in objection_text
    assert "Agus Salim" not in objection_text and "Budi Santoso" not in objection_text
    # Requests still inside their retention period keep their letters untouched.
    assert RequestDocument.objects.get(pk=kept_letter.pk).file.name == kept_letter.file.name
    assert "Siti Aminah" in stored_text(kept_letter)


def _export(user, *, params, text="Siti Aminah"):
    job = ExportJob.objects.create(
        user=user,
        kind="register_permohonan",
        params={"format": "csv", **params},
        state=ExportState.DONE,
        filename="register.csv",
        created_at=CLOSED,
    )
    job.file.save("export.csv", ContentFile(text.encode()), save=True)
    return job


def test_export_files_that_may_hold_purged_identity_are_removed(
    register, body, utama_officer, django_capture_on_commit_callbacks
):
    same_year = _export(utama_officer, params={"year": 2020, "body": body.pk})
    every_year = _export(utama_officer, params={"year": None, "body": None})
    other_year = _export(utama_officer, params={"year": 2019, "body": body.pk})
    stored = {job.pk: (job.file.storage, job.file.name) for job in (same_year, every_year)}

    with django_capture_on_commit_callbacks(execute=True):
        result = personal_data_purge(now=PURGE_AT, retention_days=RETENTION)

    assert result.exports == 2
    for job in (same_year, every_year):
        job.refresh_from_db()
        assert (job.state, job.file.name, job.error) == (
            ExportState.FAILED,
            "",
            EXPORT_PURGED_MESSAGE,
        )
        storage, name = stored[job.pk]
        assert not storage.exists(name)
    other_year.refresh_from_db()
    assert other_year.state == ExportState.DONE and other_year.file.storage.exists(
        other_year.file.name
    )


def test_purge_is_idempotent_and_the_command_reports_it(register, capsys, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1
    call_command("purge_personal_data", "--dry-run")
    dry = capsys.readouterr().out
    assert InformationRequest.objects.exclude(nik_ciphertext="").count() == 6

    call_command("purge_personal_data")
    first = capsys.readouterr().out
    call_command("purge_personal_data")
    second = capsys.readouterr().out

    # With a one-day period the recently closed request goes too; open matters never do.
    assert dry.startswith("3 permohonan akan dihapus")
    assert first.startswith("3 permohonan dihapus data pribadinya; 3 berkas dihapus.")
    assert second.startswith("0 permohonan dihapus")


@pytest.mark.parametrize(
    ("name", "address", "initials", "area"),
    [
        ("Siti Aminah", "Desa Sukamaju RT 01, Kab. Lebak, Banten", "S. A.", "Kabupaten Lebak"),
        ("'Aisyah  dr. Putri", "Jl. Kota Baru Raya No. 3", "A. D. P.", ""),
        ("Budi", "Jl. Melati 3", "B.", ""),  # no kabupaten/kota: nothing, not the NIK's region
    ],
)
def test_the_purge_keeps_what_the_public_register_shows(submit, name, address, initials, area):
    request = submit(now=FILED, full_name=name, address=address).request

    request_personal_data_purge(request=request, now=PURGE_AT)

    row = InformationRequest.objects.get(pk=request.pk)
    assert (row.full_name, row.address) == (initials, area)


def test_no_event_of_a_purged_request_names_the_applicant(submit, utama_officer):
    """Submission on the web, withdrawal and objection by the applicant without an account
    record their full name as the actor; the purge pseudonymises it and nothing else."""
    submitted = submit(now=FILED, full_name="Siti Aminah")
    request = request_withdraw(
        request=submitted.request, token=submitted.tracking_token, reason="Dicabut", now=CLOSED
    )
    # As objections.objection_file records one filed by the applicant (actor None, their name).
    record_event(request=request, code="objection.filed", actor_label="Siti Aminah", now=CLOSED)
    departed = UserFactory(username="petugas-lama", first_name="Budi", last_name="Santoso")
    record_event(request=request, code="request.note_added", actor=departed, now=CLOSED)
    departed.delete()  # the event keeps the officer's name with no actor
    record_event(request=request, code="request.reminder", actor_label="Sistem", now=CLOSED)
    labels = dict(RequestEvent.objects.filter(request=request).values_list("code", "actor_label"))
    assert [labels[c] for c in ("request.submitted", "request.withdrawn")] == ["Siti Aminah"] * 2

    request_personal_data_purge(request=request, now=PURGE_AT)

    events = list(RequestEvent.objects.filter(request=request).values())
    assert "Siti Aminah" not in json.dumps(events, default=str)
    labels = {event["code"]: event["actor_label"] for event in events}
    assert labels == {
        "request.submitted": "S. A.",
        "request.withdrawn": "S. A.",
        "objection.filed": "S. A.",
        "request.note_added": "Budi Santoso",
        "request.reminder": "Sistem",
        PURGED_EVENT: "Sistem (masa simpan data pribadi)",
    }


def test_export_clean_up_never_loads_exports_that_cannot_hold_the_request(
    register, body, utama_officer
):
    """Filtered in the database: an export of another year or body is not even read (or locked),
    and params without the key count as unfiltered."""
    from django.db.models.signals import post_init

    _export(utama_officer, params={"year": 2019, "body": body.pk})
    _export(utama_officer, params={"year": 2020, "body": body.pk + 1000})
    legacy = _export(utama_officer, params={})
    loaded = []

    def seen(sender, instance, **kwargs):
        loaded.append(instance.pk)

    post_init.connect(seen, sender=ExportJob)
    try:
        discarded = exports_with_purged_data_discard(requests=register["purged"], now=PURGE_AT)
    finally:
        post_init.disconnect(seen, sender=ExportJob)

    assert (discarded, loaded) == (1, [])
    legacy.refresh_from_db()
    assert (legacy.state, legacy.file.name) == (ExportState.FAILED, "")


# --- the citizen's own data ----------------------------------------------------------------------


def test_citizen_downloads_their_own_data_from_the_account(client, submit, citizen):
    mine = submit().request
    mine.applicant = citizen
    mine.save(update_fields=["applicant"])
    submit(full_name="Orang Lain")
    client.force_login(citizen)

    response = client.get(reverse("my_data_download"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="data-saya.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == citizen.username
    assert [r["registration_number"] for r in data["requests"]] == [mine.registration_number]
    record = data["requests"][0]
    assert record["full_name"] == "Siti Aminah" and record["email"] == "siti@example.org"
    assert record["nik_masked"].endswith("0001") and VALID_NIK not in response.content.decode()
    assert record["events"][0]["code"] == "request.submitted"
    assert "Orang Lain" not in response.content.decode()


def test_tracking_holder_downloads_one_requests_data_and_others_get_404(client, submit):
    submitted = submit()
    number = submitted.request.registration_number
    url = reverse("request_data_download", kwargs={"registration_number": number})
    assert client.get(url).status_code == 404  # no token, no grant

    track = reverse("track_request", kwargs={"registration_number": number})
    client.get(f"{track}?token={submitted.tracking_token}")
    response = client.get(url)

    assert response.status_code == 200
    data = json.loads(response.content)
    assert "account" not in data
    assert data["requests"][0]["registration_number"] == number
    assert {"letters", "events", "objections", "files_held"} <= set(data["requests"][0])


def test_the_privacy_notice_states_purpose_legal_basis_and_retention(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1825
    page = client.get(reverse("privacy_notice")).content.decode()

    assert "UU 14/2008 Pasal 1 angka 12" in page  # purpose: verifying the applicant
    assert "UU 27/2022" in page and "Pasal 20 ayat (2)" in page  # legal basis
    assert "dihapus 1825 hari setelah" in page  # retention
    form_notice = client.get(reverse("home")).content.decode()
    assert reverse("privacy_notice") in form_notice
