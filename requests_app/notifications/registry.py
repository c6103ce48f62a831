"""Every kind of message the service sends, registered once with its templates and context."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class MessageKind:
    """`templates/email/<code>/subject.txt`, `body.txt` and `body.html` render it."""

    code: str
    description: str
    context_keys: tuple[str, ...]


KINDS: dict[str, MessageKind] = {}


def register(code: str, description: str, *context_keys: str) -> MessageKind:
    kind = MessageKind(code, description, context_keys)
    KINDS[code] = kind
    return kind


REQUEST_RECEIPT = register(
    "request_receipt", "Tanda bukti permohonan untuk pemohon", "request", "tracking_url"
)
# One template set (`email/request_update/`) serves every status message to the applicant: the
# kind supplies the headline and explanation, the template the request summary and tracking link.
REQUEST_UPDATE = register(
    "request_update", "Perubahan status permohonan untuk pemohon", "request", "headline", "message"
)


# Officers: reminders, escalations and the daily digest share `email/officer_alert/`: a headline, an
# explanation and a list of items (number, subject, due date, link).
OFFICER_ALERT = register(
    "officer_alert",
    "Pengingat, eskalasi dan ringkasan untuk petugas",
    "headline",
    "message",
    "items",
)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def render_message(code: str, context: dict, *, language: str | None = None) -> RenderedMessage:
    subject, text, html = render_raw(code, context, language=language)
    return RenderedMessage(normalized_subject(subject), text, html)


def normalized_subject(raw: str) -> str:
    return " ".join(raw.split())


def render_raw(code: str, context: dict, *, language: str | None = None) -> tuple[str, str, str]:
    """The three templates as rendered, the subject not yet folded onto one line (stencils fill
    their slots before folding, so a value with a line break folds as in a full render)."""
    kind = KINDS[code]
    missing = [key for key in kind.context_keys if key not in context]
    if missing:
        raise KeyError(f"Message {code} needs context {missing}")
    base = f"email/{code}"
    full_context = {"site_url": settings.SITE_URL, **context}
    # Messages to citizens and officers are official correspondence: written in the body's
    # correspondence language (the installation's by default), whatever language the triggering
    # web request used.
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{base}/subject.txt", full_context)
        text = render_to_string(f"{base}/body.txt", full_context)
        html = render_to_string(f"{base}/body.html", full_context)
    return subject, text, html
