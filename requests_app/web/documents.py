"""Downloads of a request's letters and files.

Files live in MEDIA_ROOT under random names and are never served by URL: every download goes
through these views, which check who is asking and answer 404 for anything the visitor may not
see (never 403, so a guessed id reveals nothing).

- Officers and supervisors: any document of a request in their scope
  (`permissions.requests_visible_to`); reading is allowed for read-only roles too.
- Applicants: documents marked `visible_to_applicant` of their own request, through their account
  or the tracking grant the session got from the tracking page (`web.access`).
"""

from __future__ import annotations

import logging
import mimetypes

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from requests_app.errors import ObjectNotFound
from requests_app.letters.service import receipt_letter_get_or_create
from requests_app.models import InformationRequest, RequestDocument
from requests_app.permissions import requests_visible_to
from requests_app.selectors.citizen import citizen_request_get
from requests_app.web import access

logger = logging.getLogger(__name__)


def _not_found() -> Http404:
    return Http404(_("Dokumen tidak ditemukan."))


def _officer_can_read(user, info_request: InformationRequest) -> bool:
    """Seen through a role, not as the applicant: an officer who filed a request of their own
    gets the applicant's view of it."""
    if info_request.applicant_id is not None and info_request.applicant_id == user.pk:
        return False
    return requests_visible_to(user).filter(pk=info_request.pk).exists()


def _applicant_can_read(http_request, info_request: InformationRequest) -> bool:
    if not info_request.registration_number:
        return False
    try:
        found = citizen_request_get(
            registration_number=info_request.registration_number,
            user=http_request.user,
            session_grants=access.session_grants(http_request.session),
        )
    except ObjectNotFound:
        return False
    return found.pk == info_request.pk


def document_for_visitor(http_request, pk: int) -> RequestDocument:
    """The document if this visitor may download it, else Http404."""
    document = RequestDocument.objects.select_related("request").filter(pk=pk).first()
    if document is None:
        raise _not_found()
    info_request = document.request
    if _officer_can_read(http_request.user, info_request):
        return document
    if document.visible_to_applicant and _applicant_can_read(http_request, info_request):
        return document
    raise _not_found()


def request_for_visitor(http_request, pk: int) -> InformationRequest:
    """The request if this visitor may download its applicant-facing letters, else Http404."""
    info_request = InformationRequest.objects.select_related("body").filter(pk=pk).first()
    if info_request is None or not info_request.registration_number:
        raise _not_found()
    if _officer_can_read(http_request.user, info_request):
        return info_request
    if _applicant_can_read(http_request, info_request):
        return info_request
    raise _not_found()


def _attachment(document: RequestDocument) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        # A row whose file is gone is a storage fault to fix, not something to show the visitor.
        logger.error("Document %s has no readable file: %s", document.pk, error)
        raise _not_found() from error
    content_type = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
def document_download(request, pk: int):
    """A stored letter or file of a request."""
    return _attachment(document_for_visitor(request, pk))


@never_cache
@require_GET
def receipt_download(request, request_pk: int):
    """The receipt letter (tanda bukti), rendered on the first download and reused afterwards."""
    info_request = request_for_visitor(request, request_pk)
    return _attachment(receipt_letter_get_or_create(request=info_request))
