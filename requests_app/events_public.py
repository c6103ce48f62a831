"""What applicants see of `RequestEvent`s: labels, public notes, internal codes (Indonesian).

A domain policy, not a page detail: the citizen selector (`selectors.citizen`), the web pages and
the tracking API all read it here, so they cannot drift apart.

Unknown codes fall back to the code itself, so a new event is never silently dropped; codes that
describe officer-internal work (identity look-ups, drafts, internal documents) are not shown to
applicants at all (`selectors.citizen.citizen_timeline_events` applies this policy for the web page
and the API). Only the codes in `PUBLIC_NOTE_CODES` show their note: other notes may be
internal remarks between officers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "request.submitted": _("Permohonan diterima melalui web dan terdaftar"),
    "request.recorded": _("Permohonan dicatat oleh petugas dan terdaftar"),
    "request.accepted": _("Permohonan mulai diproses"),
    "request.processing": _("Permohonan mulai diproses"),
    "request.incomplete": _("Petugas meminta kelengkapan dokumen"),
    "request.verified": _("Permohonan diperiksa dan diterima petugas"),
    "request.completed": _("Kelengkapan dokumen diterima"),
    "request.closed_incomplete": _("Permohonan ditutup karena tidak lengkap"),
    "request.routed": _("Diteruskan ke PPID Pelaksana"),
    "request.rerouted": _("Diteruskan ke PPID Pelaksana lain"),
    "request.returned": _("Jawaban PPID Pelaksana diterima PPID Utama"),
    "request.deadline.extended": _("Batas waktu diperpanjang (paling lama 7 hari kerja)"),
    "request.deadline.recomputed": _("Batas waktu dihitung ulang karena perubahan kalender kerja"),
    "request.deadline.resumed": _("Penghitungan batas waktu dilanjutkan"),
    "request.overdue": _("Batas waktu pemberitahuan terlewati"),
    "request.not_responded": _("Batas waktu pemberitahuan terlewati"),
    "request.notice.sent": _("Pemberitahuan tertulis dikirim"),
    "request.notified": _("Pemberitahuan tertulis dikirim"),
    "request.notice.approved": _("Pemberitahuan tertulis ditandatangani dan dikirim"),
    "request.payment.requested": _("Menunggu pembayaran biaya salinan/pengiriman"),
    "request.payment.awaited": _("Menunggu pembayaran biaya salinan/pengiriman"),
    "request.payment.recorded": _("Pembayaran diterima"),
    "request.delivered": _("Informasi diserahkan"),
    "request.closed": _("Permohonan selesai"),
    "request.withdrawn": _("Permohonan dicabut oleh pemohon"),
    "request.forwarded": _("Permohonan diteruskan ke badan publik lain"),
    "request.received_by_forwarding": _(
        "Permohonan diterima sebagai terusan dari badan publik lain"
    ),
    "request.reopened_by_objection": _("Permohonan dibuka kembali karena keberatan dikabulkan"),
    "request.closed_after_objection": _("Permohonan selesai sesudah keberatan"),
    "request.personal_data.purged": _("Data pribadi dihapus sesuai masa retensi"),
    "objection.filed": _("Keberatan diajukan"),
    "objection.under_review": _("Keberatan sedang diperiksa atasan PPID"),
    "objection.decided": _("Keberatan diputus oleh atasan PPID"),
    "objection.upheld": _("Keberatan dikabulkan oleh atasan PPID"),
    "objection.rejected": _("Keberatan ditolak oleh atasan PPID"),
    "objection.withdrawn": _("Keberatan dicabut oleh pemohon"),
    "objection.applicant_accepts": _("Pemohon menerima tanggapan atasan PPID"),
    "objection.applicant_goes_to_ki": _("Pemohon mengajukan sengketa ke Komisi Informasi"),
    "objection.settlement.started": _("Penyelesaian keberatan secara musyawarah dimulai"),
    "objection.settlement.failed": _("Musyawarah tidak mencapai kesepakatan"),
    "objection.settled": _("Keberatan selesai secara musyawarah"),
    "dispute.filed": _("Sengketa informasi didaftarkan ke Komisi Informasi"),
    "dispute.updated": _("Perkembangan sengketa informasi dicatat"),
    "objection.closed": _("Keberatan selesai"),
}

# Notes the applicant is meant to read (Pasal 22(8): the extension reason is given in writing).
PUBLIC_NOTE_CODES = frozenset(
    {
        "request.incomplete",
        "request.closed_incomplete",
        "request.deadline.extended",
        "request.withdrawn",
        "request.forwarded",
    }
)

# Officer-internal work: never on the applicant's timeline (Keputusan 8: identity access logs).
INTERNAL_CODE_PREFIXES = (
    "identity.",
    "request.identity",
    "request.document",
    "request.notice.draft",
    "request.notice.revision",
    "request.note",
)


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))


def is_public_event(code: str) -> bool:
    return not code.startswith(INTERNAL_CODE_PREFIXES)
