"""`GET /api/v1/calculator/`: the public due-date calculator (same answer as the web page)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.deadline_serializers import DueDateCalculationSerializer
from requests_app.api.serializers import TEXT_ERRORS, ErrorSerializer, StrictCharField
from requests_app.api.throttles import TrackingThrottle
from requests_app.selectors.citizen import public_body_get_by_key
from requests_app.selectors.deadline_display import deadline_calculation_get

BAD_DATETIME = _(
    "Gunakan tanggal dan jam ISO 8601, mis. 2025-03-28T15:30 atau 2025-03-28T15:30+07:00."
)


class CalculatorQuerySerializer(serializers.Serializer):
    body = StrictCharField(
        max_length=60,
        error_messages=TEXT_ERRORS,
        help_text=_("Kode atau slug badan publik, mis. 36 atau banten."),
    )
    received_at = StrictCharField(
        max_length=40,
        error_messages=TEXT_ERRORS,
        help_text=_(
            "Waktu permohonan diterima (ISO 8601). Tanpa zona waktu dibaca sebagai waktu "
            "setempat badan publik."
        ),
    )

    def validate_body(self, value: str):
        body = public_body_get_by_key(key=value)
        if body is None:
            raise serializers.ValidationError(_("Badan publik tidak ditemukan."))
        return body

    def validate(self, attrs: dict) -> dict:
        try:
            received_at = parse_datetime(attrs["received_at"].strip())
        except ValueError:  # well-formed but impossible, e.g. month 13
            received_at = None
        if received_at is None:
            raise serializers.ValidationError({"received_at": [BAD_DATETIME]})
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=ZoneInfo(attrs["body"].time_zone))
        return {**attrs, "received_at": received_at}


class DueDateCalculatorApi(APIView):
    """Anyone may ask; throttled like tracking (it costs a calendar walk per call)."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]

    @extend_schema(
        operation_id="due_date_calculator",
        summary=_("Kalkulator batas waktu pemberitahuan (10 dan 17 hari kerja)"),
        parameters=[CalculatorQuerySerializer],
        responses={
            200: DueDateCalculationSerializer,
            400: OpenApiResponse(ErrorSerializer, description=_("Isian tidak valid.")),
            429: OpenApiResponse(ErrorSerializer, description=_("Terlalu banyak permintaan.")),
        },
        tags=["citizen"],
    )
    def get(self, request):
        query = CalculatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = deadline_calculation_get(
            body=query.validated_data["body"], received_at=query.validated_data["received_at"]
        )
        return Response(DueDateCalculationSerializer(result).data)
