"""Official letters as PDF (Bahasa Indonesia, the body's letterhead), stored with the request.

Templates live in `templates/letters/<kind>.html`; xhtml2pdf renders them (pure PyPI, text stays
extractable)."""

from __future__ import annotations

import io
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from xhtml2pdf import pisa

from requests_app.models import DocumentKind, InformationRequest, RequestDocument

LETTER_TITLES = {
    DocumentKind.RECEIPT: "tanda-bukti-permohonan",
    DocumentKind.EXTENSION_LETTER: "pemberitahuan-perpanjangan",
    DocumentKind.NOTICE: "pemberitahuan-tertulis",
    DocumentKind.REFUSAL_DECISION: "keputusan-penolakan",
}


class LetterRenderError(RuntimeError):
    pass


def letter_context(request: InformationRequest, *, now: datetime) -> dict:
    notice = getattr(request, "notice", None)
    return {
        "request": request,
        "body": request.body,
        "notice": notice,
        "fee_lines": list(notice.fee_lines.all()) if notice else [],
        "today": timezone.localtime(now).date(),
        "now": now,
    }


def letter_render(*, request: InformationRequest, kind: str, now: datetime | None = None) -> bytes:
    """The letter as PDF bytes. Letters are official documents: always in the installation language."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(f"letters/{kind}.html", letter_context(request, now=now))
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise LetterRenderError(f"Could not render letter {kind} for request {request.pk}")
    return output.getvalue()


def letter_store(
    *, request: InformationRequest, kind: str, actor=None, now: datetime | None = None
) -> RequestDocument:
    """Render and keep the letter with the request (a new version each time it is issued)."""
    now = now or timezone.now()
    pdf = letter_render(request=request, kind=kind, now=now)
    number = request.registration_number.replace("/", "-")
    filename = f"{LETTER_TITLES.get(kind, kind)}-{number}.pdf"
    document = RequestDocument(
        request=request, kind=kind, filename=filename, created_by=actor, created_at=now
    )
    document.file.save(filename, ContentFile(pdf), save=False)
    document.save()
    return document
