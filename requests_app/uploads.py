"""Upload checks: size, and type read from the content (magic bytes), never from the file name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ALLOWED_MIME_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def validate_document_upload(upload) -> None:
    """Accept PDF, JPEG or PNG up to FILE_UPLOAD_MAX_BYTES; raise a clear error otherwise."""
    if upload is None or isinstance(upload, str):
        return  # nothing uploaded, or a file already stored and checked
    if upload.size > settings.FILE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimal %(max)s).")
            % {"max": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)},
            code="file_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(261)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_MIME_TYPES:
        raise ValidationError(
            _("Jenis berkas tidak diizinkan: isi berkas harus PDF, JPG atau PNG."),
            code="file_type",
        )
