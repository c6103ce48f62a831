"""Large registers become Celery export jobs (eager in tests) with progress; the file is private to
the job's owner (anyone else: 404), on the web and through the API."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from requests_app.models import ExportJob, ExportState
from requests_app.services import reporting
from requests_app.tasks import sweep_export_jobs
from tests.exports.conftest import at, response_bytes, xlsx_dicts

pytestmark = pytest.mark.django_db
REGISTER_URL = "/laporan/register/register_permohonan/"


@pytest.fixture
def ten_requests(submit):
    return [
        submit(now=at(date(2025, 3, day))).request for day in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14)
    ]


def test_large_register_runs_as_a_job_with_progress_and_downloads_for_its_owner(
    client,
    settings,
    monkeypatch,
    ten_requests,
    utama_officer,
    opd_officer,
    django_capture_on_commit_callbacks,
):
    settings.EXPORT_ASYNC_ROW_THRESHOLD = 5
    monkeypatch.setattr(reporting, "PROGRESS_EVERY", 4)
    reported = []
    original = reporting._progress_reporter

    def spy(job_id, total):
        report = original(job_id, total)

        def record(done):
            report(done)
            reported.append(ExportJob.objects.get(pk=job_id).progress)

        return record

    monkeypatch.setattr(reporting, "_progress_reporter", spy)
    client.force_login(utama_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(REGISTER_URL, {"format": "csv", "year": "2025"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/laporan/ekspor/{job.pk}/"
    assert (job.state, job.progress, job.filename) == (
        ExportState.DONE,
        100,
        "register_permohonan_2025.csv",
    )
    assert reported == [40, 80]
    assert client.get(f"/laporan/ekspor/{job.pk}/status/").json()["download_url"]
    assert "Siap diunduh" in client.get(f"/laporan/ekspor/{job.pk}/").content.decode()
    download = client.get(f"/laporan/ekspor/{job.pk}/unduh/")
    rows = list(csv.DictReader(io.StringIO(response_bytes(download).decode("utf-8-sig"))))
    assert len(rows) == 10 and rows[0]["4. Nama"] == "Siti Aminah"

    client.force_login(opd_officer)
    for suffix in ("", "status/", "unduh/"):
        assert client.get(f"/laporan/ekspor/{job.pk}/{suffix}").status_code == 404


def test_small_register_streams_directly_without_a_job(client, ten_requests, utama_officer):
    client.force_login(utama_officer)

    response = client.get(REGISTER_URL, {"format": "csv"})

    assert response.streaming
    assert not ExportJob.objects.exists()


def test_api_starts_polls_and_downloads_an_export_for_its_owner_only(
    client, ten_requests, body, utama_officer, opd_officer, django_capture_on_commit_callbacks
):
    client.force_login(utama_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/api/v1/exports/",
            {"kind": "register_permohonan", "format": "xlsx", "year": 2025, "body": body.pk},
            content_type="application/json",
        )
    assert started.status_code == 202
    job_id = started.json()["id"]

    detail = client.get(f"/api/v1/exports/{job_id}/").json()
    assert (detail["state"], detail["progress"]) == ("done", 100)
    assert detail["download_url"] == f"/api/v1/exports/{job_id}/download/"
    download = client.get(detail["download_url"])
    assert len(xlsx_dicts(response_bytes(download))) == 10

    client.force_login(opd_officer)
    assert client.get(f"/api/v1/exports/{job_id}/").status_code == 404
    assert client.get(f"/api/v1/exports/{job_id}/download/").status_code == 404


def test_api_rejects_bad_export_input_with_field_errors(client, body, utama_officer):
    client.force_login(utama_officer)

    response = client.post(
        "/api/v1/exports/",
        {"kind": "semua", "format": "pdf", "year": 1900},
        content_type="application/json",
    )
    foreign = client.post(
        "/api/v1/exports/",
        {"kind": "register_keberatan", "body": 99999},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert {"kind", "format", "year"} <= set(response.json()["fields"])
    assert foreign.status_code == 400 and "body" in foreign.json()["fields"]
    assert not ExportJob.objects.exists()


def test_a_pending_job_cannot_be_downloaded_yet(client, utama_officer):
    job = ExportJob.objects.create(
        user=utama_officer, kind="register_permohonan", params={}, created_at=at(date(2025, 3, 3))
    )
    client.force_login(utama_officer)

    assert client.get(f"/api/v1/exports/{job.pk}/download/").status_code == 409
    assert client.get(f"/laporan/ekspor/{job.pk}/unduh/").status_code == 404
    assert reporting.export_job_run(job_id=job.pk).state == ExportState.DONE
    assert reporting.export_job_run(job_id=job.pk) is None  # claimed once only


def test_a_job_whose_owner_lost_access_fails_visibly(utama_officer):
    job = ExportJob.objects.create(
        user=utama_officer,
        kind="register_permohonan",
        params={"format": "csv", "body": 99999},
        created_at=at(date(2025, 3, 3)),
    )

    finished = reporting.export_job_run(job_id=job.pk)

    assert finished.state == ExportState.FAILED
    assert finished.error == "Periksa kembali isian yang ditandai."
    assert not finished.file


# --- broker down: the job waits, the sweeper hands it over ------------------------------------


def test_with_the_broker_down_exports_start_normally_and_the_sweeper_runs_them_once(
    unreachable_broker,
    client,
    settings,
    monkeypatch,
    ten_requests,
    body,
    utama_officer,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.EXPORT_ASYNC_ROW_THRESHOLD = 5
    runs = []
    original_run = reporting.export_job_run
    monkeypatch.setattr(
        reporting,
        "export_job_run",
        lambda *, job_id: runs.append(job_id) or original_run(job_id=job_id),
    )
    client.force_login(utama_officer)

    with django_capture_on_commit_callbacks(execute=True) as web_callbacks:
        web = client.get(REGISTER_URL, {"format": "csv", "year": "2025"})
    with django_capture_on_commit_callbacks(execute=True) as api_callbacks:
        api = client.post(
            "/api/v1/exports/",
            {"kind": "register_permohonan", "format": "xlsx", "year": 2025, "body": body.pk},
            content_type="application/json",
        )

    web_job, api_job = ExportJob.objects.order_by("pk")
    assert web.status_code == 302 and web["Location"] == f"/laporan/ekspor/{web_job.pk}/"
    assert api.status_code == 202 and api.json()["id"] == api_job.pk
    assert api.json()["state"] == "pending"
    assert web_callbacks and api_callbacks and "left for the sweeper" in caplog.text
    assert set(ExportJob.objects.values_list("state", flat=True)) == {ExportState.PENDING}
    assert client.get(f"/api/v1/exports/{api_job.pk}/").json()["state"] == "pending"
    assert runs == []

    # Still down: the sweeper tries, fails quietly, and leaves the jobs waiting.
    later = web_job.created_at + reporting.EXPORT_PENDING_GRACE + timedelta(minutes=1)
    assert reporting.export_jobs_sweep(now=later).requeued == 0
    assert set(ExportJob.objects.values_list("state", flat=True)) == {ExportState.PENDING}

    unreachable_broker.conf.task_always_eager = True  # the broker is back
    assert reporting.export_jobs_sweep(now=web_job.created_at) == reporting.ExportSweep(0, 0)
    assert reporting.export_jobs_sweep(now=later) == reporting.ExportSweep(requeued=2, abandoned=0)
    assert reporting.export_jobs_sweep(now=later) == reporting.ExportSweep(0, 0)

    assert sorted(runs) == [web_job.pk, api_job.pk]  # each ran once
    assert set(ExportJob.objects.values_list("state", flat=True)) == {ExportState.DONE}
    download = client.get(f"/api/v1/exports/{api_job.pk}/download/")
    assert len(xlsx_dicts(response_bytes(download))) == 10


def test_a_job_running_past_its_lease_is_marked_failed_and_a_live_one_is_left(
    settings, utama_officer
):
    now = timezone.now()

    def running(started_at):
        return ExportJob.objects.create(
            user=utama_officer,
            kind="register_permohonan",
            params={"format": "csv"},
            state=ExportState.RUNNING,
            created_at=started_at,
            started_at=started_at,
        )

    lost = running(now - reporting.EXPORT_RUNNING_LEASE - timedelta(minutes=1))
    live = running(now - timedelta(minutes=1))
    legacy = running(now - timedelta(days=1))  # claimed before `started_at` was recorded
    ExportJob.objects.filter(pk=legacy.pk).update(started_at=None)

    result = sweep_export_jobs.delay().get()

    assert result == {"requeued": 0, "abandoned": 2}
    assert ExportJob.objects.get(pk=legacy.pk).state == ExportState.FAILED
    lost.refresh_from_db()
    live.refresh_from_db()
    assert (lost.state, lost.finished_at is not None) == (ExportState.FAILED, True)
    assert lost.error == "Ekspor terhenti sebelum selesai. Silakan mulai ekspor baru."
    assert live.state == ExportState.RUNNING
    # A redelivered message for the lost job does nothing: it is no longer pending.
    assert reporting.export_job_run(job_id=lost.pk) is None
    assert reporting.EXPORT_RUNNING_LEASE.total_seconds() > settings.CELERY_TASK_TIME_LIMIT


def test_a_claimed_job_records_when_it_started(utama_officer):
    job = ExportJob.objects.create(
        user=utama_officer, kind="register_permohonan", params={}, created_at=timezone.now()
    )

    reporting.export_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ExportState.DONE and job.started_at <= job.finished_at


# --- a GET that starts a job: reloads, prefetches and crawlers reuse it ------------------------


def test_reloading_a_large_register_reuses_the_job_instead_of_queueing_another(
    client, settings, ten_requests, utama_officer, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_ROW_THRESHOLD = 5
    client.force_login(utama_officer)

    with django_capture_on_commit_callbacks(execute=True) as first_callbacks:
        first = client.get(REGISTER_URL, {"format": "csv", "year": "2025"})
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = client.get(REGISTER_URL, {"format": "csv", "year": "2025"})

    job = ExportJob.objects.get()
    assert first["Location"] == second["Location"] == f"/laporan/ekspor/{job.pk}/"
    assert job.state == ExportState.DONE
    assert first_callbacks and not second_callbacks  # nothing queued the second time

    other = client.get(REGISTER_URL, {"format": "xlsx", "year": "2025"})
    assert ExportJob.objects.count() == 2 and other["Location"] != first["Location"]


def test_only_an_unfinished_or_recent_live_job_is_reused(body, utama_officer, opd_officer):
    params = reporting.jobs.ExportParams(fmt="csv", year=2025, body=body, unit=None)
    now = timezone.now()

    pending = reporting.export_job_start(
        user=utama_officer, kind="register_permohonan", params=params, now=now
    )
    assert (
        reporting.export_job_start(
            user=utama_officer, kind="register_permohonan", params=params, now=now
        )
        == pending
    )
    # Another user or another kind is another export.
    assert (
        reporting.export_job_start(
            user=opd_officer, kind="register_permohonan", params=params, now=now
        )
        != pending
    )
    assert (
        reporting.export_job_start(
            user=utama_officer, kind="register_keberatan", params=params, now=now
        )
        != pending
    )

    done = reporting.export_job_run(job_id=pending.pk)
    assert done.state == ExportState.DONE
    again = reporting.export_job_start(
        user=utama_officer, kind="register_permohonan", params=params, now=now
    )
    assert again == pending

    # Too old, or its file is gone (retention purge): a fresh job.
    later = now + reporting.EXPORT_REUSE_WINDOW + timedelta(minutes=1)
    stale = reporting.export_job_start(
        user=utama_officer, kind="register_permohonan", params=params, now=later
    )
    assert stale != pending
    ExportJob.objects.filter(pk=stale.pk).update(state=ExportState.FAILED)
    done.file.delete(save=False)
    fresh = reporting.export_job_start(
        user=utama_officer, kind="register_permohonan", params=params, now=now
    )
    assert fresh not in (pending, stale)
