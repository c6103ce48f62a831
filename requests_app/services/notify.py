"""Messages to the applicant about their request, written in the transaction of the change."""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from requests_app.models import InformationRequest
from requests_app.notifications import registry
from requests_app.notifications.channels import applicant_channels
from requests_app.notifications.outbox import applicant_message_create

# Event code -> (headline, explanation) for the applicant. Codes without an entry send nothing.
APPLICANT_MESSAGES: dict[str, tuple[str, str]] = {
    "request.incomplete": (
        _("Permohonan Anda perlu dilengkapi"),
        _("Mohon lengkapi kekurangan berikut sebelum batas waktu melengkapi."),
    ),
    "request.completed": (
        _("Kelengkapan permohonan diterima"),
        _("Permohonan Anda diproses kembali."),
    ),
    "request.closed_incomplete": (
        _("Permohonan ditutup karena tidak lengkap"),
        _("Batas waktu melengkapi telah lewat. Anda dapat mengajukan permohonan baru."),
    ),
    "request.routed": (
        _("Permohonan diteruskan ke PPID Pelaksana"),
        _(
            "Permohonan Anda sedang ditangani oleh unit yang menguasai informasi. Batas waktu tidak berubah."
        ),
    ),
    "request.deadline.extended": (
        _("Batas waktu pemberitahuan diperpanjang"),
        _(
            "Sesuai UU 14/2008 Pasal 22 ayat (8), PPID memperpanjang batas waktu satu kali paling lama 7 hari kerja."
        ),
    ),
    "request.notice.approved": (
        _("Pemberitahuan tertulis atas permohonan Anda"),
        _("Pemberitahuan tertulis telah terbit dan dapat diunduh melalui halaman pelacakan."),
    ),
    "request.delivered": (
        _("Informasi telah diserahkan"),
        _("Informasi yang Anda minta telah diserahkan."),
    ),
    "request.forwarded": (
        _("Permohonan diteruskan ke badan publik lain"),
        _(
            "Informasi yang Anda minta dikuasai badan publik lain; permohonan baru telah dibuat di sana."
        ),
    ),
    "request.withdrawn": (_("Permohonan dicabut"), _("Permohonan Anda telah dicabut.")),
    "objection.filed": (
        _("Keberatan Anda telah terdaftar"),
        _(
            "Atasan PPID wajib memberikan tanggapan tertulis paling lambat 30 hari kerja (UU 14/2008 Pasal 36 ayat 2). Salinan formulir keberatan dapat diunduh melalui halaman pelacakan."
        ),
    ),
    "objection.upheld": (
        _("Keberatan Anda dikabulkan"),
        _(
            "Atasan PPID memerintahkan PPID untuk menindaklanjuti permohonan Anda. Surat tanggapan dapat diunduh melalui halaman pelacakan."
        ),
    ),
    "objection.rejected": (
        _("Tanggapan atas keberatan Anda"),
        _(
            "Atasan PPID menolak keberatan Anda dengan alasan tertulis. Bila tidak puas, Anda dapat mengajukan sengketa informasi ke Komisi Informasi paling lambat 14 hari kerja setelah menerima tanggapan (Pasal 37)."
        ),
    ),
    "request.closed": (_("Permohonan selesai"), _("Layanan atas permohonan Anda telah selesai.")),
}


def applicant_notify(
    *, request: InformationRequest, code: str, detail: str = "", now: datetime | None = None
) -> None:
    """Queue the applicant's message for event `code` on every channel that reaches them (once per
    event: the dedup key holds it)."""
    message = APPLICANT_MESSAGES.get(code)
    if message is None or not applicant_channels(request):
        return  # no channel reaches this applicant: skip the count query
    # Official correspondence: the body's language, never the language of the officer's pages.
    with translation.override(request.body.correspondence_language):
        headline, explanation = (str(text) for text in message)
    body = f"{explanation}\n\n{detail}".strip()
    event_count = request.events.filter(code=code).count()
    applicant_message_create(
        kind=registry.REQUEST_UPDATE.code,
        context={"request": request, "headline": headline, "message": body},
        request=request,
        dedup_key=f"{code}:{request.pk}:{event_count}",
        now=now,
    )
