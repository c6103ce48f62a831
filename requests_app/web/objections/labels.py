"""Human labels for the objection and dispute events on the officer's objection page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from requests_app.models import ObjectionStatus, Status

OBJECTION_EVENT_LABELS = {
    "objection.filed": _("Keberatan diajukan"),
    "objection.under_review": _("Diperiksa atasan PPID"),
    "objection.settlement.started": _("Musyawarah dimulai"),
    "objection.settlement.failed": _("Musyawarah tidak mencapai kesepakatan"),
    "objection.settled": _("Selesai secara musyawarah"),
    "objection.upheld": _("Keberatan dikabulkan atasan PPID"),
    "objection.rejected": _("Keberatan ditolak (menguatkan putusan PPID)"),
    "objection.applicant_accepts": _("Pemohon menerima tanggapan"),
    "objection.applicant_goes_to_ki": _("Pemohon mengajukan sengketa ke Komisi Informasi"),
    "objection.withdrawn": _("Keberatan dicabut"),
    "dispute.filed": _("Sengketa dicatat di Komisi Informasi"),
    "dispute.updated": _("Data sengketa diperbarui"),
    "request.reopened_by_objection": _("Permohonan diproses ulang dengan batas waktu baru"),
    "request.closed_after_objection": _("Permohonan selesai setelah keberatan"),
}


# These events move the request, not the objection: their statuses are the request's.
REQUEST_STATUS_CODES = frozenset(
    {"objection.filed", "request.reopened_by_objection", "request.closed_after_objection"}
)


def _status_label(code: str, value: str) -> str:
    if not value:
        return ""
    choices = Status if code in REQUEST_STATUS_CODES else ObjectionStatus
    return str(choices(value).label) if value in choices.values else value


def objection_timeline(events) -> list[dict]:
    """Rows {"at", "label", "actor", "from_status", "to_status", "note"} in the given order."""
    return [
        {
            "at": event.created_at,
            "label": str(OBJECTION_EVENT_LABELS.get(event.code, event.code)),
            "actor": event.actor_label,
            "from_status": _status_label(event.code, event.from_status),
            "to_status": _status_label(event.code, event.to_status),
            "note": event.note,
        }
        for event in events
    ]
