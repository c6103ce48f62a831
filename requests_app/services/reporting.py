"""Writes for the annual report (Perki 1/2021 Pasal 56, domain.md D.1): the narrative, closing and
reopening a year, and export jobs (large exports written by Celery with progress)."""

from __future__ import annotations

import logging
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.errors import ActionForbidden, InvalidTransition, ValidationFailed
from requests_app.exports import jobs
from requests_app.exports.writers import counted, table_write
from requests_app.models import (
    AnnualReportNarrative,
    ExportJob,
    ExportState,
    PublicBody,
    YearSnapshot,
    YearSnapshotLog,
)
from requests_app.selectors.reporting import (
    NARRATIVE_FIELDS,
    body_local_date,
    can_manage_reports,
    narrative_freeze,
    narrative_get,
)
from requests_app.selectors.statistics import Period, Scope, compliance_figures

logger = logging.getLogger(__name__)
NARRATIVE_MAX_LENGTH = 20_000
PROGRESS_EVERY = 500


def _require_manager(actor, body: PublicBody) -> None:
    if not can_manage_reports(actor, body):
        raise ActionForbidden(
            _("Hanya petugas PPID Utama badan publik ini yang dapat melakukannya.")
        )


# ---- Narrative ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NarrativeInput:
    policy: str = ""
    facilities: str = ""
    staff: str = ""
    budget: str = ""
    service_overview: str = ""
    obstacles: str = ""
    recommendations: str = ""


@transaction.atomic
def narrative_save(
    *, body: PublicBody, year: int, actor, data: NarrativeInput
) -> AnnualReportNarrative:
    """Save the parts of the laporan layanan the system cannot compute (D.1 items 1, 2, 5, 6).
    A closed year's narrative is frozen in its snapshot with the figures (the published report
    must not change), so saving it is refused (InvalidTransition, 409) until it is reopened."""
    _require_manager(actor, body)
    if YearSnapshot.objects.filter(body=body, year=year).exists():
        raise InvalidTransition(
            _(
                "Tahun %(year)s sudah ditutup: narasi laporannya dibekukan bersama angkanya. "
                "Minta administrator membuka kembali tahun ini untuk mengubahnya."
            )
            % {"year": year}
        )
    values = {name: getattr(data, name).strip() for name in NARRATIVE_FIELDS}
    too_long = [name for name, text in values.items() if len(text) > NARRATIVE_MAX_LENGTH]
    if too_long:
        message = _("Paling banyak %(n)s karakter.") % {"n": NARRATIVE_MAX_LENGTH}
        raise ValidationFailed(message, fields={name: [message] for name in too_long})
    narrative, _created = AnnualReportNarrative.objects.update_or_create(
        body=body, year=year, defaults={**values, "updated_by": actor}
    )
    return narrative


# ---- Closing a year -------------------------------------------------------------------------


@transaction.atomic
def year_close(*, body: PublicBody, year: int, actor, now: datetime | None = None) -> YearSnapshot:
    """Freeze the year's `compliance_figures` for `body` into a `YearSnapshot`, computed as of
    `now` (so "never answered" and "unanswered" counts are those of the closing day), together
    with the report's narrative as saved now. From then on every report, statistics page and API
    of that year reads the snapshot, so a regenerated report is identical.

    Only after the year has ended (local date); a closed year raises InvalidTransition (409)."""
    now = now or timezone.now()
    _require_manager(actor, body)
    today = body_local_date(body, now)
    if today.year <= year:
        message = _("Tahun %(year)s belum berakhir; tahun dapat ditutup mulai 1 Januari %(next)s.")
        raise ValidationFailed(
            message % {"year": year, "next": year + 1},
            fields={"year": [_("Tahun belum berakhir.")]},
        )
    if YearSnapshot.objects.filter(body=body, year=year).exists():
        raise InvalidTransition(_("Tahun %(year)s sudah ditutup.") % {"year": year})
    figures = compliance_figures(
        period=Period.for_year(year), scope=Scope.for_body(body), today=today
    )
    try:
        with transaction.atomic():
            snapshot = YearSnapshot.objects.create(
                body=body,
                year=year,
                figures=figures,
                narrative=narrative_freeze(narrative_get(body=body, year=year)),
                closed_at=now,
                closed_by=actor,
            )
    except IntegrityError:
        # Two officers closed at the same moment: the unique constraint let one through.
        raise InvalidTransition(_("Tahun %(year)s sudah ditutup.") % {"year": year}) from None
    YearSnapshotLog.objects.create(
        body=body, year=year, action="closed", actor=actor, created_at=now
    )
    return snapshot


def can_reopen_years(actor) -> bool:
    return bool(actor.is_superuser or actor.has_perm("requests_app.delete_yearsnapshot"))


@transaction.atomic
def year_reopen(
    *, body: PublicBody, year: int, actor, reason: str, now: datetime | None = None
) -> None:
    """Reopen a closed year (an administrator's act): the snapshot is deleted and the reason kept
    in `YearSnapshotLog`, next to who closed it and when."""
    now = now or timezone.now()
    if not can_reopen_years(actor):
        raise ActionForbidden(_("Hanya administrator yang dapat membuka kembali tahun."))
    reason = (reason or "").strip()
    if not reason:
        message = _("Tuliskan alasan membuka kembali tahun ini.")
        raise ValidationFailed(message, fields={"reason": [message]})
    deleted, _detail = YearSnapshot.objects.filter(body=body, year=year).delete_for_reopen()
    if not deleted:
        raise InvalidTransition(_("Tahun %(year)s belum ditutup.") % {"year": year})
    YearSnapshotLog.objects.create(
        body=body, year=year, action="reopened", reason=reason[:5000], actor=actor, created_at=now
    )


# ---- Export jobs ----------------------------------------------------------------------------


def export_async_threshold() -> int:
    return int(getattr(settings, "EXPORT_ASYNC_ROW_THRESHOLD", 5000))


# A pending job older than this was not handed to Celery (broker down) or its message was lost.
EXPORT_PENDING_GRACE = timedelta(minutes=5)
# Longer than any live run can take: the hard time limit kills a task at CELERY_TASK_TIME_LIMIT.
EXPORT_RUNNING_LEASE = timedelta(seconds=2 * int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 300)))


def _export_enqueue(job_id: int) -> bool:
    from requests_app.notifications.outbox import task_enqueue
    from requests_app.tasks import run_export_job

    if task_enqueue(run_export_job, job_id):
        return True
    logger.warning("Broker unavailable; export job %s left for the sweeper", job_id)
    return False


# A finished export this recent is offered again instead of being written anew.
EXPORT_REUSE_WINDOW = timedelta(minutes=10)
EXPORT_REUSE_CANDIDATES = 20


def _reusable_export_job(*, user, kind: str, params: dict, now: datetime) -> ExportJob | None:
    """The user's job for the same export that is still under way, or done recently with its file
    still in storage. Params are compared in Python: JSON equality in the database differs between
    SQLite (text) and PostgreSQL (jsonb)."""
    candidates = ExportJob.objects.filter(
        Q(state__in=(ExportState.PENDING, ExportState.RUNNING))
        | Q(state=ExportState.DONE, created_at__gte=now - EXPORT_REUSE_WINDOW),
        user=user,
        kind=kind,
    ).order_by("-created_at")[:EXPORT_REUSE_CANDIDATES]
    for job in candidates:
        if job.params != params:
            continue
        if job.state != ExportState.DONE:
            return job
        if job.file and job.file.storage.exists(job.file.name):
            return job
    return None


@transaction.atomic
def export_job_start(
    *, user, kind: str, params: jobs.ExportParams, now: datetime | None = None
) -> ExportJob:
    """Record an export job and hand it to Celery once the row is committed. With the broker down
    the job stays pending and `export_jobs_sweep` hands it over later; the caller still answers.

    The register page starts jobs from a GET, so a reload, a prefetch or a crawler would queue the
    same export again: the user's matching job still under way (or just finished) is returned.
    """
    jobs.export_plan(user=user, kind=kind, params=params)  # fails now, not in the worker
    now = now or timezone.now()
    existing = _reusable_export_job(user=user, kind=kind, params=params.as_json(), now=now)
    if existing is not None:
        return existing
    job = ExportJob.objects.create(user=user, kind=kind, params=params.as_json(), created_at=now)
    transaction.on_commit(lambda: _export_enqueue(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Only one worker runs a job: the conditional update is the lock (a re-delivered task finds
    the job running or done and returns)."""
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportState.PENDING).update(
        state=ExportState.RUNNING, progress=0, started_at=timezone.now()
    )
    return claimed == 1


@dataclass(frozen=True)
class ExportSweep:
    requeued: int
    abandoned: int


def export_jobs_sweep(*, now: datetime | None = None) -> ExportSweep:
    """Beat's sweeper for export jobs.

    Pending past `EXPORT_PENDING_GRACE`: handed to Celery again (a duplicate message is harmless,
    the claim lets one run). Running past `EXPORT_RUNNING_LEASE`: its worker died or hit the hard
    time limit (Celery's redelivery finds it "running" and does nothing), so it is marked failed
    with a message asking for a new export. Not re-queued: the same export would most likely die
    the same way again and keep the export queue busy forever, while a failed job is visible to
    its owner, who can start it again in one click.
    """
    now = now or timezone.now()
    lease_start = now - EXPORT_RUNNING_LEASE
    # Jobs claimed before `started_at` existed have none: their creation bounds the claim.
    lost = Q(started_at__lt=lease_start) | Q(started_at=None, created_at__lt=lease_start)
    abandoned = ExportJob.objects.filter(lost, state=ExportState.RUNNING).update(
        state=ExportState.FAILED,
        error=_("Ekspor terhenti sebelum selesai. Silakan mulai ekspor baru."),
        finished_at=now,
    )
    if abandoned:
        logger.warning("Export sweeper: %s job(s) lost their worker, marked failed", abandoned)
    waiting = ExportJob.objects.filter(
        state=ExportState.PENDING, created_at__lt=now - EXPORT_PENDING_GRACE
    ).order_by("created_at")
    requeued = 0
    for job_id in waiting.values_list("pk", flat=True)[:500]:
        if not _export_enqueue(job_id):
            break  # the broker is still down: the next sweep tries again
        requeued += 1
    return ExportSweep(requeued=requeued, abandoned=abandoned)


def _progress_reporter(job_id: int, total: int):
    def report(done: int) -> None:
        percent = min(99, done * 100 // total) if total else 99
        ExportJob.objects.filter(pk=job_id).update(progress=percent)

    return report


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the job's file, updating `progress` after every chunk; None when already claimed."""
    if not _claim(job_id):
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        params = jobs.export_params_parse(job.kind, job.params, user=job.user)
        plan = jobs.export_plan(user=job.user, kind=job.kind, params=params)
        total = plan.queryset.count()
        report = _progress_reporter(job.pk, total)
        rows = counted(plan.rows(plan.queryset), every=PROGRESS_EVERY, report=report)
        with tempfile.TemporaryFile() as handle:
            table_write(handle, plan.fmt, plan.columns, rows, sheet_title=plan.sheet_title)
            handle.seek(0)
            job.file.save(f"{uuid.uuid4().hex}.{plan.fmt}", File(handle), save=False)
        job.filename = plan.filename
        job.state, job.progress = ExportState.DONE, 100
    except Exception as error:  # noqa: BLE001 - any failure must end the job visibly
        logger.exception("Export job %s failed", job_id)
        job.state = ExportState.FAILED
        job.error = getattr(error, "message", "") or _("Ekspor gagal dibuat.")
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "state", "progress", "error", "finished_at"])
    return job
