"""One mapping from errors to HTTP: `{message, fields}` with the error's status code."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from requests_app.errors import DomainError


class PayloadTooLarge(drf_exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class DatabaseUnavailable(drf_exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"


# The database went away mid-request (restart, failover) or gave up on the transaction: it was
# rolled back, nothing was stored, and the connection health check reconnects on the next request.
# Say so, as JSON, instead of an HTML 500 (scripts/fault_postgres_restart.sh).
RETRY_AFTER_SECONDS = 5


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"message": exc.message, "fields": exc.fields}, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    elif isinstance(exc, OperationalError | InterfaceError):
        exc = DatabaseUnavailable(
            _("Layanan sedang tidak tersedia sebentar. Tidak ada yang tersimpan; coba lagi.")
        )
        exc.wait = RETRY_AFTER_SECONDS
    elif isinstance(exc, RequestDataTooBig):
        # DATA_UPLOAD_MAX_MEMORY_SIZE, checked by Django before any parser reads the body.
        exc = PayloadTooLarge(_("Isi permintaan terlalu besar."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        fields = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"message": _("Periksa kembali isian yang ditandai."), "fields": fields}
    else:
        response.data = {"message": _message(exc, response.data), "fields": {}}
    return response


def _message(exc, data) -> str:
    """Indonesian sentences for the errors a citizen's client meets; DRF's own text otherwise."""
    if isinstance(exc, drf_exceptions.Throttled):
        if exc.wait is None:
            return _("Terlalu banyak permintaan. Coba lagi nanti.")
        seconds = max(1, math.ceil(exc.wait))
        return _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)d detik.") % {
            "seconds": seconds
        }
    if isinstance(exc, drf_exceptions.ParseError):
        return _(
            "Isi permintaan tidak dapat dibaca: kirim JSON yang valid atau multipart/form-data."
        )
    if isinstance(exc, drf_exceptions.UnsupportedMediaType):
        return _("Format isi tidak didukung: gunakan application/json atau multipart/form-data.")
    if isinstance(exc, drf_exceptions.NotFound):
        return _("Tidak ditemukan.")
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(exc)
