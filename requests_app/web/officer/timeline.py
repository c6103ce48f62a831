"""The officer's timeline: every event, with its actor, status change and note.

Unlike the applicant's timeline (`selectors.citizen.citizen_timeline_events`) nothing is hidden: identity
look-ups, drafts and internal notes are exactly what the desk and the supervisor need to see.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from requests_app.events_public import event_label
from requests_app.models import Status

# Codes the services write that the applicant-facing table does not name (or names for citizens).
OFFICER_EVENT_LABELS = {
    "request.submitted": _("Diterima melalui web"),
    "request.recorded": _("Dicatat oleh petugas"),
    "request.received_by_forwarding": _("Diterima sebagai terusan dari badan publik lain"),
    "request.verified": _("Diverifikasi; mulai diproses"),
    "request.deadline.resumed": _("Batas waktu berjalan lagi setelah dilengkapi"),
    "request.returned": _("Dikembalikan ke PPID Utama"),
    "request.notice.drafted": _("Pemberitahuan tertulis disusun"),
    "request.notice.revision_requested": _("Pemberitahuan dikembalikan untuk diperbaiki"),
    "request.notice.approved": _("Pemberitahuan tertulis disetujui dan dikirim"),
    "request.payment.awaited": _("Menunggu pembayaran biaya"),
    "request.withdrawn": _("Permohonan dicabut"),
    "request.identity.viewed": _("Data identitas pemohon dilihat"),
}

IDENTITY_ITEMS = {
    "nik": _("NIK"),
    "identity_document": _("berkas identitas"),
    "power_of_attorney": _("surat kuasa"),
}


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def officer_event_label(event) -> str:
    label = str(OFFICER_EVENT_LABELS.get(event.code) or event_label(event.code))
    item = (event.data or {}).get("item") if event.code == "request.identity.viewed" else None
    return f"{label} ({IDENTITY_ITEMS[item]})" if item in IDENTITY_ITEMS else label


def officer_timeline(events) -> list[dict]:
    """Rows {"at", "label", "actor", "from_status", "to_status", "note"} in the given order."""
    return [
        {
            "at": event.created_at,
            "label": officer_event_label(event),
            "actor": event.actor_label,
            "from_status": _status_label(event.from_status) if event.from_status else "",
            "to_status": _status_label(event.to_status) if event.to_status else "",
            "note": event.note,
        }
        for event in events
    ]
