"""Statistics API v1: `GET /api/v1/stats/` for staff (scoped like the dashboard; an OPD officer
reads their own OPD) and `GET /api/v1/public/stats/` for everyone (headline figures only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.officer.access import IsStaffMember
from requests_app.api.serializers import ErrorSerializer
from requests_app.api.stats.examples import PUBLIC_EXAMPLE, STAFF_EXAMPLE
from requests_app.api.stats.serializers import (
    PublicStatsQuerySerializer,
    PublicStatsSerializer,
    StatsFiguresSerializer,
    StatsQuerySerializer,
)
from requests_app.api.throttles import TrackingThrottle
from requests_app.errors import ObjectNotFound
from requests_app.models import PublicBody
from requests_app.selectors.reporting import YearFigures, stats_figures_get
from requests_app.selectors.statistics import Period, Scope
from requests_app.selectors.stats_access import stats_access_get, stats_scope_get

BAD_INPUT = OpenApiResponse(ErrorSerializer, description=_("Periode, OPD atau kanal tidak valid."))
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Badan publik atau OPD tidak ada atau di luar cakupan Anda.")
)


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    if not serializer.is_valid():
        raise ValidationError(serializer.errors)
    data = serializer.validated_data
    data["period"] = Period.parse(data.get("period") or str(timezone.localdate().year))
    return data


def _closed_at(source: YearFigures):
    return source.snapshot.closed_at if source.snapshot is not None else None


def _with_closing(source: YearFigures) -> dict:
    return {**source.figures, "closed_at": _closed_at(source)}


class StatsApi(APIView):
    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(
        operation_id="stats_figures",
        tags=["statistics"],
        summary=_("Statistik kepatuhan layanan informasi"),
        description=_(
            "Semua angka `compliance_figures` untuk periode dan cakupan yang dipilih. Untuk satu "
            "tahun penuh satu badan publik (tanpa OPD atau kanal) yang sudah ditutup, angka "
            "dibaca dari arsip tahun itu (`closed_at` terisi). Pengawas, "
            "PPID Utama dan atasan PPID membaca badan publiknya (pengawas provinsi juga "
            "kabupaten/kota); petugas PPID Pelaksana hanya OPD-nya."
        ),
        parameters=[StatsQuerySerializer],
        responses={
            200: OpenApiResponse(
                StatsFiguresSerializer,
                examples=[OpenApiExample("2025, satu badan publik", value=STAFF_EXAMPLE)],
            ),
            400: BAD_INPUT,
            401: OpenApiResponse(ErrorSerializer, description=_("Belum masuk.")),
            403: OpenApiResponse(ErrorSerializer, description=_("Bukan petugas.")),
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        query = _query(StatsQuerySerializer, request)
        access = stats_access_get(request.user, with_units=True)
        body_id = access.body_by_code(query["body"]).pk if query.get("body") else None
        scope = stats_scope_get(
            access=access,
            body_id=body_id,
            unit_id=query.get("unit"),
            channel=query.get("channel"),
        )
        source = stats_figures_get(period=query["period"], scope=scope)
        response = Response(StatsFiguresSerializer(_with_closing(source)).data)
        patch_cache_control(response, private=True, no_store=True)
        return response


class PublicStatsApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TrackingThrottle]

    @extend_schema(
        operation_id="public_stats",
        tags=["statistics"],
        summary=_("Statistik layanan informasi untuk publik"),
        description=_(
            "Angka utama (agregat) satu badan publik atau seluruh layanan; tidak memuat data "
            "pemohon mana pun. Tahun yang sudah ditutup memakai angka yang dibekukan "
            "(`closed_at` terisi)."
        ),
        parameters=[PublicStatsQuerySerializer],
        responses={
            200: OpenApiResponse(
                PublicStatsSerializer,
                examples=[OpenApiExample("2025", value=PUBLIC_EXAMPLE)],
            ),
            400: BAD_INPUT,
            404: NOT_FOUND,
            429: OpenApiResponse(ErrorSerializer, description=_("Terlalu banyak permintaan.")),
        },
    )
    def get(self, request):
        query = _query(PublicStatsQuerySerializer, request)
        body = None
        if query.get("body"):
            body = PublicBody.objects.filter(code=query["body"]).first()
            if body is None:
                raise ObjectNotFound(gettext("Badan publik tidak ditemukan."))
        scope = Scope.for_body(body) if body else Scope.installation()
        source = stats_figures_get(period=query["period"], scope=scope)
        figures = source.figures
        data = {
            "period": figures["period"],
            "body": {"code": body.code, "slug": body.slug, "name": body.name} if body else None,
            "today": figures["today"],
            "headline": figures["headline"],
            "outcomes": figures["outcomes"],
            "working_days_to_notice": figures["working_days_to_notice"],
            "closed_at": _closed_at(source),
        }
        return Response(PublicStatsSerializer(data).data)
