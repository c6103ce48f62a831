"""Official letters as PDF (the body's letterhead and correspondence language), kept with the request.

Templates live in `templates/letters/<kind>.html`; xhtml2pdf renders them (pure PyPI, text stays
extractable). Every value typed by an applicant or officer reaches the template as data and is
escaped by Django's autoescape; the renderer may not fetch any file or URL, so nothing in a letter
can make the server read a local file or call an internal address.
"""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_app.lifecycle import lock_request
from requests_app.models import (
    DocumentKind,
    FeeKind,
    InformationRequest,
    Outcome,
    RequestDocument,
)

LETTER_KINDS = (
    DocumentKind.RECEIPT,
    DocumentKind.EXTENSION_LETTER,
    DocumentKind.NOTICE,
    DocumentKind.REFUSAL_DECISION,
    DocumentKind.OBJECTION_RECEIPT,
    DocumentKind.OBJECTION_DECISION,
)
LETTER_TITLES = {
    DocumentKind.RECEIPT: "tanda-bukti-permohonan",
    DocumentKind.EXTENSION_LETTER: "pemberitahuan-perpanjangan",
    DocumentKind.NOTICE: "pemberitahuan-tertulis",
    DocumentKind.REFUSAL_DECISION: "keputusan-penolakan",
    DocumentKind.OBJECTION_RECEIPT: "tanda-terima-keberatan",
    DocumentKind.OBJECTION_DECISION: "tanggapan-atasan-ppid",
}
# The letter number is the registration number with a prefix per letter kind, so every letter
# can be traced back to its request without a second numbering sequence.
LETTER_NUMBER_PREFIXES = {
    DocumentKind.RECEIPT: "TBP",
    DocumentKind.EXTENSION_LETTER: "PWP",
    DocumentKind.NOTICE: "PT",
    DocumentKind.REFUSAL_DECISION: "SK-TOLAK",
    DocumentKind.OBJECTION_RECEIPT: "TTK",
    DocumentKind.OBJECTION_DECISION: "TAK",
}
PPID_TITLE = _("Pejabat Pengelola Informasi dan Dokumentasi")
NOTICE_WORKING_DAYS = 10  # Pasal 22(7)
EXTENSION_WORKING_DAYS = 7  # Pasal 22(8)
OBJECTION_WORKING_DAYS = 30  # Pasal 35-36
# Letters spell the statutory periods out, "10 (sepuluh) hari kerja", as official letters do.
NUMBER_WORDS = {7: _("tujuh"), 10: _("sepuluh"), 30: _("tiga puluh")}


class LetterRenderError(RuntimeError):
    pass


def _local_date(value: datetime | None, time_zone: str) -> date | None:
    return value.astimezone(ZoneInfo(time_zone)).date() if value else None


def letter_number(request: InformationRequest, kind: str) -> str:
    return f"{LETTER_NUMBER_PREFIXES.get(kind, kind.upper())}/{request.registration_number}"


def _issued_on(request: InformationRequest, kind: str, notice, today: date) -> date:
    """The letter's date: the day of the act it records, so a re-issued copy keeps its date."""
    time_zone = request.body.time_zone
    if kind == DocumentKind.RECEIPT:
        return _local_date(request.received_at, time_zone) or today
    if kind == DocumentKind.EXTENSION_LETTER:
        return _local_date(request.extended_at, time_zone) or today
    if notice is not None and notice.approved_at:
        return _local_date(notice.approved_at, time_zone)
    return today


def _default_ppid_titles() -> set[str]:
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(str(PPID_TITLE))
    return titles


def _signature(request: InformationRequest, kind: str, notice) -> tuple[str, str]:
    """(name, position): the notice's signer once approved; before that the body's PPID."""
    signs_notice = kind in (DocumentKind.NOTICE, DocumentKind.REFUSAL_DECISION)
    if signs_notice and notice is not None and notice.signer_name:
        position = notice.signer_position
        # Approval stores the default title in the approver's UI language; the letter's own
        # language wins for it. A position typed for the membership is kept as typed.
        if not position or position in _default_ppid_titles():
            position = PPID_TITLE
        return notice.signer_name, position
    return f"PPID {request.body.short_name}", PPID_TITLE


def _exemption_citation(notice) -> str:
    """`WrittenNotice.exemption_citation`, in the letter's language rather than always Indonesian."""
    if notice is None or not notice.exemption_letter:
        return ""
    values = {
        "letter": notice.exemption_letter,
        "subitem": notice.exemption_subitem,
        "statute": notice.other_statute,
    }
    if notice.exemption_subitem and notice.other_statute:
        text = gettext("Pasal 17 huruf %(letter)s angka %(subitem)s jo. %(statute)s UU 14/2008")
    elif notice.exemption_subitem:
        text = gettext("Pasal 17 huruf %(letter)s angka %(subitem)s UU 14/2008")
    elif notice.other_statute:
        text = gettext("Pasal 17 huruf %(letter)s jo. %(statute)s UU 14/2008")
    else:
        text = gettext("Pasal 17 huruf %(letter)s UU 14/2008")
    return text % values


def _fee_line_label(line) -> str:
    """The fee line's label in the letter's language.

    The stored description was written in the language of whoever drafted the notice, so the
    letter derives the label from the kind again; only an unknown kind falls back to the text."""
    if line.kind == FeeKind.COPYING:
        return gettext("Penggandaan %(n)s lembar") % {"n": line.quantity}
    if line.kind == FeeKind.MEDIA:
        return gettext("Media penyimpanan")
    if line.kind == FeeKind.DELIVERY:
        return gettext("Ongkos pengiriman")
    return line.description


def _fee_lines(notice) -> list:
    lines = list(notice.fee_lines.all()) if notice else []
    for line in lines:
        line.label = _fee_line_label(line)
    return lines


def letter_context(request: InformationRequest, *, kind: str, now: datetime) -> dict:
    notice = getattr(request, "notice", None)
    body = request.body
    today = _local_date(now, body.time_zone)
    signer_name, signer_position = _signature(request, kind, notice)
    return {
        "kind": kind,
        "request": request,
        "body": body,
        "notice": notice,
        "fee_lines": _fee_lines(notice),
        "exemption_citation": _exemption_citation(notice),
        "consequence_test": notice.consequence_test if notice else None,
        "letter_number": letter_number(request, kind),
        "issued_on": _issued_on(request, kind, notice, today),
        "today": today,
        "now": now,
        "signer_name": signer_name,
        "signer_position": signer_position,
        "notice_days": NOTICE_WORKING_DAYS,
        "extension_days": EXTENSION_WORKING_DAYS,
        "objection_days": OBJECTION_WORKING_DAYS,
        "notice_days_words": NUMBER_WORDS[NOTICE_WORKING_DAYS],
        "extension_days_words": NUMBER_WORDS[EXTENSION_WORKING_DAYS],
        "objection_days_words": NUMBER_WORDS[OBJECTION_WORKING_DAYS],
        "Outcome": Outcome,
    }


def letter_html(*, request: InformationRequest, kind: str, now: datetime | None = None) -> str:
    """The letter's HTML (autoescaped), before it becomes a PDF."""
    if kind not in LETTER_KINDS:
        raise LetterRenderError(f"Unknown letter kind {kind!r}")
    now = now or timezone.now()
    with translation.override(request.body.correspondence_language):
        return render_to_string(f"letters/{kind}.html", letter_context(request, kind=kind, now=now))


def letter_render(*, request: InformationRequest, kind: str, now: datetime | None = None) -> bytes:
    """The letter as PDF bytes."""
    # Imported here: xhtml2pdf (with reportlab and pypdf) takes tenths of a second to import, paid
    # otherwise by every process that loads the URLs, a reminder scan's first `reverse` included.
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    html = letter_html(request=request, kind=kind, now=now)
    output = io.BytesIO()
    # No network, no local files: the letters need neither, and a template must never become a
    # way to read the server's files or reach an internal address (SSRF).
    no_resources = ResourceAccessPolicy.server(base_dir=None, allow_remote=False)
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=no_resources)
    if result.err:
        raise LetterRenderError(f"Could not render letter {kind} for request {request.pk}")
    return output.getvalue()


def letter_store(
    *, request: InformationRequest, kind: str, actor=None, now: datetime | None = None
) -> RequestDocument:
    """Render and keep the letter with the request (a new version each time it is issued).

    The stored name is random; `filename` (with the registration number) is only what the
    download offers, so nothing about a request can be guessed from the storage.
    """
    now = now or timezone.now()
    pdf = letter_render(request=request, kind=kind, now=now)
    number = request.registration_number.replace("/", "-")
    filename = f"{LETTER_TITLES.get(kind, kind)}-{number}.pdf"
    document = RequestDocument(
        request=request, kind=kind, filename=filename, created_by=actor, created_at=now
    )
    document.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


@transaction.atomic
def receipt_letter_get_or_create(
    *, request: InformationRequest, now: datetime | None = None
) -> RequestDocument:
    """The request's receipt letter (tanda bukti, Pasal 22(4)), rendered on first use and reused.

    The request row is locked so two simultaneous first downloads store one receipt, not two.
    """
    locked = lock_request(request)
    existing = (
        RequestDocument.objects.filter(request=locked, kind=DocumentKind.RECEIPT)
        .order_by("-created_at", "-id")
        .first()
    )
    if existing is not None:
        return existing
    return letter_store(request=locked, kind=DocumentKind.RECEIPT, now=now)
