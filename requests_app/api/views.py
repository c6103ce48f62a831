"""Citizen API v1: submit a request and track it. Views check shape, call one service or selector."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.serializers import (
    ErrorSerializer,
    RequestSubmissionSerializer,
    SubmissionResultSerializer,
    TrackedRequestSerializer,
)
from requests_app.api.throttles import SubmissionThrottle, TrackingThrottle
from requests_app.caching import private_response
from requests_app.models import Channel
from requests_app.selectors.citizen import citizen_request_get
from requests_app.services.requests import RequestInput, request_submit, tracking_url

TRACKING_TOKEN_HEADER = "X-Tracking-Token"  # noqa: S105 - a header name, not a secret

_BAD_INPUT = OpenApiResponse(ErrorSerializer, description=_("Isian tidak valid."))
_THROTTLED = OpenApiResponse(ErrorSerializer, description=_("Terlalu banyak permintaan."))


class RequestSubmitApi(APIView):
    """Anyone may submit; a logged-in citizen's account becomes the request's applicant."""

    permission_classes = [AllowAny]
    throttle_classes = [SubmissionThrottle]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="request_submit",
        summary=_("Ajukan permohonan informasi publik"),
        request={
            "application/json": RequestSubmissionSerializer,
            "multipart/form-data": RequestSubmissionSerializer,
        },
        responses={
            201: SubmissionResultSerializer,
            400: _BAD_INPUT,
            413: OpenApiResponse(ErrorSerializer, description=_("Isi permintaan terlalu besar.")),
            415: OpenApiResponse(ErrorSerializer, description=_("Format isi tidak didukung.")),
            429: _THROTTLED,
        },
        tags=["citizen"],
    )
    def post(self, request):
        serializer = RequestSubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        body = values.pop("body")
        user = request.user
        result = request_submit(
            body=body,
            data=RequestInput(**values),
            channel=Channel.WEB,
            applicant=user if user.is_authenticated else None,
        )
        submitted = result.request
        payload = {
            "registration_number": submitted.registration_number,
            "tracking_token": result.tracking_token,
            "tracking_url": tracking_url(submitted, result.tracking_token),
            "status": submitted.status,
            "received_at": submitted.received_at,
            "effective_received_on": submitted.effective_received_on,
            "due_date": submitted.due_on,
        }
        return private_response(
            Response(SubmissionResultSerializer(payload).data, status=status.HTTP_201_CREATED)
        )


class RequestTrackApi(APIView):
    """Status and timeline of one request, for whoever holds its tracking token (or its account)."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]

    @extend_schema(
        operation_id="request_track",
        summary=_("Lacak permohonan"),
        parameters=[
            OpenApiParameter(
                "registration_number",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_(
                    "Nomor pendaftaran, boleh memuat garis miring: 0001/PPID/BANTEN/2026"
                ),
            ),
            OpenApiParameter(
                TRACKING_TOKEN_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description=_("Token pelacakan dari tanda terima (disarankan)."),
            ),
            OpenApiParameter(
                "token",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=False,
                description=_("Token pelacakan, bila tidak dikirim lewat header."),
            ),
        ],
        responses={
            200: TrackedRequestSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description=_("Nomor atau token salah (tidak dibedakan).")
            ),
            429: _THROTTLED,
        },
        tags=["citizen"],
    )
    def get(self, request, registration_number: str):
        token = request.headers.get(TRACKING_TOKEN_HEADER) or request.query_params.get("token")
        tracked = citizen_request_get(
            registration_number=registration_number, token=token, user=request.user
        )
        return private_response(Response(TrackedRequestSerializer(tracked).data))
