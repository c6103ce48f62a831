"""Export API v1: start a register export job, poll it, download its file (owner only; anyone
else gets 404). Jobs run in Celery; the file is private and served after the ownership check."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.exports.serializers import ExportJobSerializer, ExportStartSerializer
from requests_app.api.officer.views import STAFF
from requests_app.api.serializers import ErrorSerializer
from requests_app.caching import private_response
from requests_app.errors import InvalidTransition
from requests_app.exports.jobs import export_params_parse
from requests_app.models import ExportState
from requests_app.selectors.reporting import export_job_get
from requests_app.services.reporting import export_job_start

TAGS = ["exports"]


def _error(description) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_FOUND = _error(_("Ekspor tidak ada atau bukan milik Anda."))


class ExportStartApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="export_start",
        summary=_("Mulai ekspor register (permohonan atau keberatan) di latar belakang"),
        tags=TAGS,
        request=ExportStartSerializer,
        responses={
            202: ExportJobSerializer,
            400: _error(_("Isian tidak valid; `fields` memuat pesan per isian.")),
        },
    )
    def post(self, request):
        shape = ExportStartSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        params = export_params_parse(data["kind"], data, user=request.user)
        job = export_job_start(user=request.user, kind=data["kind"], params=params)
        return private_response(
            Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        )


class ExportJobApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="export_status",
        summary=_("Status dan kemajuan satu ekspor"),
        tags=TAGS,
        responses={200: ExportJobSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        job = export_job_get(user=request.user, pk=pk)
        return private_response(Response(ExportJobSerializer(job).data))


class ExportDownloadApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="export_download",
        summary=_("Unduh berkas ekspor yang sudah siap"),
        tags=TAGS,
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            409: _error(_("Ekspor belum selesai.")),
        },
    )
    def get(self, request, pk: int):
        job = export_job_get(user=request.user, pk=pk)
        if job.state != ExportState.DONE or not job.file:
            raise InvalidTransition(_("Ekspor belum selesai (status: %(s)s).") % {"s": job.state})
        response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
        return private_response(response)
