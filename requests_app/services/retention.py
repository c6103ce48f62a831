"""Retention of personal data (UU 27/2022; domain.md E2, E3, Keputusan 8).

Once a request, every objection on it and any dispute at the Komisi Informasi are closed, and
`PERSONAL_DATA_RETENTION_DAYS` have passed since the last of them, the applicant's identity data
is purged: NIK ciphertext and hash, identity scans, powers of attorney, address, phone, email,
NPWP and the representative's details, and the applicant's name where an event records them as
the actor. What stays is the pseudonymised register row (initials and kabupaten/kota, made by the
public register's own `mask_name` and `applicant_area`, so its public row reads the same before
and after), the request's dates, status, outcome and working-day counts, so every statistic
(`selectors.statistics.compliance_figures`) reads the same before and after. The purge is an
audit event (`request.personal_data.purged`), which is also what marks a row as done.

Files, decided per Keputusan 8 ("keeping a pseudonymised register row"):
- Identity scans and powers of attorney are no record of the body's acts: deleted (after commit).
- Letters the body issued (receipt, extension, notice, refusal, objection receipt and decision)
  are official records, but their PDFs print the name, address, phone and email. Each is
  re-issued in place from the pseudonymised row: same document row, kind, file name, date and
  letter number, rendered as of the day it was issued (`now` = its creation, objections filed by
  then), and the old PDF is deleted. A version superseded by a later one of the same letter (a
  notice re-issued after an upheld objection) cannot be re-rendered faithfully, since only the
  latest notice is stored: it is removed instead, and so is a letter that fails to render. Each
  removed letter is listed in the purge event (kind, file name, date). Other documents (the
  information given, officers' material) are the information itself, not the applicant's data.
- Export files (private, `ExportJob`) are convenience copies that can be made again: a finished
  export that may contain a purged request (same body or all bodies, same year or all years) loses
  its file and shows a message asking for a new export.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from requests_app.lifecycle import lock_request, record_event
from requests_app.models import (
    FINAL_STATUSES,
    Dispute,
    DisputeStage,
    DocumentKind,
    ExportJob,
    ExportState,
    InformationRequest,
    Notification,
    Objection,
    ObjectionStatus,
    RequestDocument,
    RequestEvent,
)
from requests_app.selectors.public_register import applicant_area, mask_name

logger = logging.getLogger(__name__)

PURGED_EVENT = "request.personal_data.purged"
CLOSED_OBJECTION_STATUSES = (ObjectionStatus.CLOSED, ObjectionStatus.WITHDRAWN)
PURGED_MESSAGE = "(isi dihapus: masa simpan data pribadi berakhir)"
EXPORT_PURGED_MESSAGE = gettext_noop(
    "Berkas ekspor ini dihapus karena memuat data pribadi yang masa simpannya telah berakhir. "
    "Silakan buat ekspor baru."
)
OBJECTION_LETTER_KINDS = (DocumentKind.OBJECTION_RECEIPT, DocumentKind.OBJECTION_DECISION)


@dataclass(frozen=True)
class PurgeResult:
    requests: int
    files: int
    letters_reissued: int = 0
    letters_removed: int = 0
    exports: int = 0


@dataclass(frozen=True)
class _LetterOutcome:
    reissued: int
    removed: list[dict]


def purge_candidates(*, now: datetime, retention_days: int) -> QuerySet[InformationRequest]:
    """Requests closed more than `retention_days` ago, with every objection closed and every
    dispute finished as long ago, and not purged yet."""
    cutoff = now - timedelta(days=retention_days)
    open_or_recent_objection = Objection.objects.filter(request=OuterRef("pk")).filter(
        ~Q(status__in=CLOSED_OBJECTION_STATUSES) | Q(updated_at__gt=cutoff)
    )
    open_or_recent_dispute = Dispute.objects.filter(objection__request=OuterRef("pk")).filter(
        ~Q(stage=DisputeStage.CLOSED) | Q(updated_at__gt=cutoff)
    )
    purged = RequestEvent.objects.filter(request=OuterRef("pk"), code=PURGED_EVENT)
    return (
        InformationRequest.objects.filter(status__in=FINAL_STATUSES, closed_at__lte=cutoff)
        .exclude(Exists(open_or_recent_objection))
        .exclude(Exists(open_or_recent_dispute))
        .exclude(Exists(purged))
        .order_by("pk")
    )


def _stored_files(request: InformationRequest, objections: list[Objection]) -> list:
    files = [request.identity_document, request.power_of_attorney]
    files += [objection.power_of_attorney for objection in objections]
    return [stored for stored in files if stored]


def _delete_after_commit(names: list[tuple]) -> None:
    """Delete (storage, name) pairs once the rows no longer point at them: a rolled-back purge
    loses nothing."""

    def delete() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError as error:
                logger.error("Retention: could not delete %s: %s", name, error)

    transaction.on_commit(delete)


def _as_issued(request_pk: int, issued_at: datetime) -> InformationRequest:
    """The (pseudonymised) request with only the objections filed by `issued_at`: the objection
    letters print the latest objection, which must be the one the letter was issued for."""
    filed = Objection.objects.filter(filed_at__lte=issued_at)
    return (
        InformationRequest.objects.select_related("body")
        .prefetch_related(Prefetch("objections", queryset=filed))
        .get(pk=request_pk)
    )


def _letter_subject(document: RequestDocument, objections: list[Objection]) -> tuple:
    if document.kind not in OBJECTION_LETTER_KINDS:
        return (document.kind, None)
    filed = [o.pk for o in objections if o.filed_at <= document.created_at]
    return (document.kind, max(filed, default=None))


def _letters_reissue(
    request_pk: int, objections: list[Objection], discarded: list
) -> _LetterOutcome:
    """Re-render the request's letters from its pseudonymised row (see the module docstring);
    the old files are appended to `discarded` for deletion after commit."""
    from requests_app.letters.service import LETTER_KINDS, LetterRenderError, letter_render

    documents = list(
        RequestDocument.objects.select_for_update()
        .filter(request_id=request_pk, kind__in=LETTER_KINDS)
        .order_by("-created_at", "-pk")
    )
    latest: set[tuple] = set()
    reissued, removed = 0, []
    for document in documents:
        subject = _letter_subject(document, objections)
        current = subject not in latest
        latest.add(subject)
        old_file = document.file.storage, document.file.name
        pdf = None
        if current:
            try:
                as_issued = _as_issued(request_pk, document.created_at)
                pdf = letter_render(request=as_issued, kind=document.kind, now=document.created_at)
            except LetterRenderError:
                logger.error("Retention: letter %s could not be re-issued; removed", document.pk)
        if pdf is None:
            removed.append(
                {
                    "kind": document.kind,
                    "filename": document.filename,
                    "created_at": document.created_at.isoformat(),
                }
            )
            document.delete()
        else:
            document.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
            RequestDocument.objects.filter(pk=document.pk).update(file=document.file.name)
            reissued += 1
        discarded.append(old_file)
    return _LetterOutcome(reissued=reissued, removed=removed)


def request_personal_data_purge(*, request: InformationRequest, now: datetime) -> int:
    """Purge one request's identity data; returns the number of identity files deleted.
    Idempotent: a purged request (it has the purge event) is left alone and returns 0."""
    return _request_purge(request=request, now=now)[0]


@transaction.atomic
def _request_purge(*, request: InformationRequest, now: datetime) -> tuple[int, _LetterOutcome]:
    locked = lock_request(request)
    if locked.events.filter(code=PURGED_EVENT).exists():
        return 0, _LetterOutcome(reissued=0, removed=[])
    objections = list(Objection.objects.select_for_update().filter(request=locked))
    stored = _stored_files(locked, objections)
    InformationRequest.objects.filter(pk=locked.pk).update(
        full_name=mask_name(locked.full_name),
        address=applicant_area(locked.address),
        nik_ciphertext="",
        nik_hash="",
        nik_last4="",
        identity_document="",
        phone="",
        email="",
        npwp="",
        representative_name=mask_name(locked.representative_name),
        representative_nik_ciphertext="",
        representative_nik_last4="",
        representative_address="",
        representative_contact="",
        power_of_attorney="",
    )
    Objection.objects.filter(request=locked).update(
        representative_name="",
        representative_address="",
        representative_contact="",
        power_of_attorney="",
    )
    # Submission, withdrawal and objection by the applicant without an account name them.
    RequestEvent.objects.pseudonymise_actor_labels(
        request_id=locked.pk, full_name=locked.full_name, pseudonym=mask_name(locked.full_name)
    )
    Notification.objects.filter(request=locked).update(
        recipient_address="", body_text=PURGED_MESSAGE, body_html=""
    )
    discarded = [(stored_file.storage, stored_file.name) for stored_file in stored]
    letters = _letters_reissue(locked.pk, objections, discarded)
    record_event(
        request=locked,
        code=PURGED_EVENT,
        actor_label="Sistem (masa simpan data pribadi)",
        data={
            "files": len(stored),
            "letters_reissued": letters.reissued,
            "letters_removed": letters.removed,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        },
        now=now,
    )
    _delete_after_commit(discarded)
    return len(stored), letters


def _years_of(requests: list[InformationRequest]) -> set[int]:
    years = {r.effective_received_on.year for r in requests if r.effective_received_on}
    years |= set(
        Objection.objects.filter(request__in=requests)
        .exclude(sequence_year=None)
        .values_list("sequence_year", flat=True)
    )
    return years


def _export_may_hold(key: str, values: set[int]) -> Q:
    """Export params (`exports.jobs.ExportParams.as_json`) whose `key` filter is off (JSON null
    or absent) or one of `values`."""
    unfiltered = Q(**{f"params__{key}": None}) | Q(**{f"params__{key}__isnull": True})
    return unfiltered | Q(**{f"params__{key}__in": sorted(values)}) if values else unfiltered


@transaction.atomic
def exports_with_purged_data_discard(*, requests: list[InformationRequest], now: datetime) -> int:
    """Remove the files of finished exports made before `now` that may hold one of `requests`
    (body and year filters matching, or unfiltered); returns how many."""
    if not requests:
        return 0
    bodies = {r.body_id for r in requests}
    years = _years_of(requests)

    finished = (
        ExportJob.objects.select_for_update()
        .filter(state=ExportState.DONE, created_at__lte=now)
        .exclude(file="")
        .filter(_export_may_hold("body", bodies), _export_may_hold("year", years))
    )
    jobs = list(finished.values_list("pk", "file"))
    ExportJob.objects.filter(pk__in=[pk for pk, _name in jobs]).update(
        state=ExportState.FAILED, file="", error=gettext(EXPORT_PURGED_MESSAGE)
    )
    storage = ExportJob._meta.get_field("file").storage
    _delete_after_commit([(storage, name) for _pk, name in jobs])
    return len(jobs)


def personal_data_purge(
    *, now: datetime | None = None, retention_days: int | None = None, dry_run: bool = False
) -> PurgeResult:
    """Purge every request past its retention period (one transaction per request)."""
    now = now or timezone.now()
    days = settings.PERSONAL_DATA_RETENTION_DAYS if retention_days is None else retention_days
    candidates = list(purge_candidates(now=now, retention_days=days))
    if dry_run:
        return PurgeResult(requests=len(candidates), files=0)
    files = reissued = removed = 0
    for request in candidates:
        deleted, letters = _request_purge(request=request, now=now)
        files += deleted
        reissued += letters.reissued
        removed += len(letters.removed)
    exports = exports_with_purged_data_discard(requests=candidates, now=now)
    return PurgeResult(
        requests=len(candidates),
        files=files,
        letters_reissued=reissued,
        letters_removed=removed,
        exports=exports,
    )
