"""Retention of personal data (UU 27/2022; domain.md E2, E3, Keputusan 8).

Once a request, every objection on it and any dispute at the Komisi Informasi are closed, and
`PERSONAL_DATA_RETENTION_DAYS` have passed since the last of them, the applicant's identity data
is purged: NIK ciphertext and hash, identity scans, powers of attorney, address, phone, email,
NPWP and the representative's details. What stays is the pseudonymised register row (initials and
kabupaten/kota), the request's dates, status, outcome and working-day counts, so every statistic
(`selectors.statistics.compliance_figures`) reads the same before and after. The purge is an
audit event (`request.personal_data.purged`), which is also what marks a row as done.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from requests_app.lifecycle import lock_request, record_event
from requests_app.models import (
    FINAL_STATUSES,
    Dispute,
    DisputeStage,
    InformationRequest,
    Notification,
    Objection,
    ObjectionStatus,
    RequestEvent,
)

logger = logging.getLogger(__name__)

PURGED_EVENT = "request.personal_data.purged"
CLOSED_OBJECTION_STATUSES = (ObjectionStatus.CLOSED, ObjectionStatus.WITHDRAWN)
PURGED_MESSAGE = "(isi dihapus: masa simpan data pribadi berakhir)"
# "Kota Serang", "Kab. Lebak", "Kabupaten Tangerang" at the end of an address.
_REGENCY = re.compile(r"\b(?:Kabupaten|Kab\.?|Kota)\s+[^\d,;/\n]+", re.IGNORECASE)


@dataclass(frozen=True)
class PurgeResult:
    requests: int
    files: int


def initials(name: str) -> str:
    """ "Siti Aminah" -> "S. A."; the pseudonym kept in the register (E5)."""
    return " ".join(f"{word[0].upper()}." for word in name.split() if word[:1].isalnum())


def regency_of(address: str, nik: str = "") -> str:
    """The kabupaten/kota named in the address, else the NIK's region code, else nothing."""
    found = _REGENCY.findall(address or "")
    if found:
        return found[-1].strip()[:120]
    if len(nik) >= 4:
        return f"Kode wilayah {nik[:2]}.{nik[2:4]}"
    return ""


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


def _delete_after_commit(stored_files: list) -> None:
    # The files go only once the rows no longer point at them: a rolled-back purge loses nothing.
    names = [(stored.storage, stored.name) for stored in stored_files]

    def delete() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError as error:
                logger.error("Retention: could not delete %s: %s", name, error)

    transaction.on_commit(delete)


@transaction.atomic
def request_personal_data_purge(*, request: InformationRequest, now: datetime) -> int:
    """Purge one request's identity data; returns the number of files deleted. Idempotent: a
    purged request (it has the purge event) is left alone and returns 0."""
    locked = lock_request(request)
    if locked.events.filter(code=PURGED_EVENT).exists():
        return 0
    from requests_app import identity

    objections = list(Objection.objects.select_for_update().filter(request=locked))
    stored = _stored_files(locked, objections)
    InformationRequest.objects.filter(pk=locked.pk).update(
        full_name=initials(locked.full_name),
        address=regency_of(locked.address, identity.decrypt(locked.nik_ciphertext)),
        nik_ciphertext="",
        nik_hash="",
        nik_last4="",
        identity_document="",
        phone="",
        email="",
        npwp="",
        representative_name=initials(locked.representative_name),
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
    Notification.objects.filter(request=locked).update(
        recipient_address="", body_text=PURGED_MESSAGE, body_html=""
    )
    record_event(
        request=locked,
        code=PURGED_EVENT,
        actor_label="Sistem (masa simpan data pribadi)",
        data={"files": len(stored), "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS},
        now=now,
    )
    _delete_after_commit(stored)
    return len(stored)


def personal_data_purge(
    *, now: datetime | None = None, retention_days: int | None = None, dry_run: bool = False
) -> PurgeResult:
    """Purge every request past its retention period (one transaction per request)."""
    now = now or timezone.now()
    days = settings.PERSONAL_DATA_RETENTION_DAYS if retention_days is None else retention_days
    candidates = list(purge_candidates(now=now, retention_days=days))
    if dry_run:
        return PurgeResult(requests=len(candidates), files=0)
    files = sum(request_personal_data_purge(request=request, now=now) for request in candidates)
    return PurgeResult(requests=len(candidates), files=files)
