"""Objection API v1. The citizen files with the tracking token; officers list, read and act. Views
load through the visibility helpers (404), check the role (403), validate shape (400), call one
service (which re-checks everything and may answer 409), and render the updated record."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.objections import serializers as shapes
from requests_app.api.officer.views import STAFF, OfficerPagination
from requests_app.api.serializers import ErrorSerializer
from requests_app.api.throttles import TrackingThrottle
from requests_app.api.views import TRACKING_TOKEN_HEADER
from requests_app.caching import private_response
from requests_app.models import DocumentKind, Objection, RequestDocument
from requests_app.permissions import authorize_objection
from requests_app.selectors.citizen import citizen_request_get
from requests_app.selectors.objections import (
    ACTION_PERMISSIONS,
    ObjectionFilter,
    objection_allowed_actions,
    objection_get,
    objection_list,
    objection_timeline_events,
    objection_today,
)
from requests_app.services import objections as services
from requests_app.web.objections.actions import dispute_update
from requests_app.web.objections.labels import objection_timeline

TAGS = ["objections"]


def _error(description) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_INPUT = _error(_("Isian tidak valid; `fields` memuat pesan per isian."))
NOT_AUTHENTICATED = _error(_("Belum masuk: kirim `Authorization: Token <kunci>` atau sesi."))
FORBIDDEN = _error(_("Peran Anda tidak mengizinkan tindakan ini."))
NOT_FOUND = _error(_("Keberatan tidak ada atau tidak terlihat oleh Anda."))
CONFLICT = _error(_("Status keberatan saat ini tidak mengizinkan tindakan ini."))
THROTTLED = _error(_("Terlalu banyak permintaan."))
OBJECTION_DOCUMENTS = (DocumentKind.OBJECTION_RECEIPT, DocumentKind.OBJECTION_DECISION)


def _detail_response(http_request, pk: int) -> Response:
    objection = objection_get(user=http_request.user, pk=pk)
    now = timezone.now()
    documents = RequestDocument.objects.filter(
        request_id=objection.request_id, kind__in=OBJECTION_DOCUMENTS
    ).order_by("created_at", "id")
    context = {
        "now": now,
        "timeline": objection_timeline(objection_timeline_events(objection)),
        "documents": list(documents),
        "allowed_actions": objection_allowed_actions(
            http_request.user, objection, today=objection_today(objection, now)
        ),
    }
    return private_response(
        Response(shapes.ObjectionDetailSerializer(objection, context=context).data)
    )


# ---- Citizen --------------------------------------------------------------------------------


class ObjectionFileApi(APIView):
    """The applicant files an objection: proven by the tracking token or by their account."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="objection_file",
        summary=_("Ajukan keberatan atas permohonan (pemohon)"),
        parameters=[
            OpenApiParameter(
                "registration_number",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("Nomor pendaftaran permohonan, boleh memuat garis miring."),
            ),
            OpenApiParameter(
                TRACKING_TOKEN_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description=_("Token pelacakan dari tanda terima (wajib tanpa akun pemohon)."),
            ),
        ],
        request={
            "application/json": shapes.ObjectionFileInput,
            "multipart/form-data": shapes.ObjectionFileInput,
        },
        responses={
            201: shapes.ObjectionFiledSerializer,
            400: BAD_INPUT,
            404: _error(_("Nomor atau token salah (tidak dibedakan).")),
            409: _error(_("Keberatan belum/tidak dapat diajukan untuk permohonan ini.")),
            429: THROTTLED,
        },
        tags=TAGS,
    )
    def post(self, request, registration_number: str):
        token = request.headers.get(TRACKING_TOKEN_HEADER) or None
        user = request.user
        tracked = citizen_request_get(
            registration_number=registration_number, token=token, user=user
        )
        body = shapes.ObjectionFileInput(data=request.data)
        body.is_valid(raise_exception=True)
        is_account_applicant = user.is_authenticated and tracked.applicant_id == user.pk
        objection = services.objection_file(
            request=tracked,
            data=services.ObjectionInput(**body.validated_data),
            token=token,
            actor=user if is_account_applicant else None,
        )
        payload = shapes.ObjectionFiledSerializer(objection).data
        return private_response(Response(payload, status=status.HTTP_201_CREATED))


# ---- Officers -------------------------------------------------------------------------------


class ObjectionListApi(GenericAPIView):
    permission_classes = STAFF
    pagination_class = OfficerPagination
    serializer_class = shapes.ObjectionListSerializer
    # For the schema's query parameters; `objection_list` applies the same FilterSet itself.
    filterset_class = ObjectionFilter
    queryset = Objection.objects.none()

    @extend_schema(
        operation_id="objection_list",
        summary=_("Register keberatan (petugas, atasan PPID, pengawas)"),
        responses={
            200: shapes.ObjectionListSerializer(many=True),
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
        },
        tags=TAGS,
    )
    def get(self, request):
        objection_filter, queryset = objection_list(user=request.user, params=request.query_params)
        if not objection_filter.is_valid():
            raise ValidationError(objection_filter.errors)
        page = self.paginate_queryset(queryset)
        data = shapes.ObjectionListSerializer(page, many=True, context={"now": timezone.now()})
        return private_response(self.get_paginated_response(data.data))


class ObjectionDetailApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="objection_detail",
        summary=_("Satu keberatan dengan tindakan yang dapat dilakukan sekarang"),
        responses={
            200: shapes.ObjectionDetailSerializer,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def get(self, request, pk: int):
        return _detail_response(request, pk)


class _ObjectionActionApi(APIView):
    """POST `/objections/{id}/<action>/`: 404 when hidden, 403 when the role does not allow it,
    400 for a malformed body, then the one service (409 when the state forbids it)."""

    permission_classes = STAFF
    action_name: str
    input_serializer: type[serializers.Serializer] = serializers.Serializer

    def post(self, request, pk: int):
        objection = objection_get(user=request.user, pk=pk)
        # Role before shape: who may not act learns nothing from validation messages.
        authorize_objection(request.user, ACTION_PERMISSIONS[self.action_name], objection)
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        self.perform(objection=objection, actor=request.user, data=body.validated_data)
        return _detail_response(request, pk)

    def perform(self, *, objection, actor, data) -> None:
        raise NotImplementedError


def _documented(name: str, summary, input_serializer=None):
    def decorate(view):
        view.action_name = name
        if input_serializer is not None:
            view.input_serializer = input_serializer
        return extend_schema_view(
            post=extend_schema(
                operation_id=f"objection_{name}",
                summary=summary,
                request=input_serializer,
                responses={
                    200: shapes.ObjectionDetailSerializer,
                    400: BAD_INPUT,
                    401: NOT_AUTHENTICATED,
                    403: FORBIDDEN,
                    404: NOT_FOUND,
                    409: CONFLICT,
                },
                tags=TAGS,
            )
        )(view)

    return decorate


@_documented("review", _("Mulai pemeriksaan keberatan (atasan PPID)"))
class ObjectionReviewApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_review(objection=objection, actor=actor)


@_documented("settlement_start", _("Mulai musyawarah (tidak untuk alasan huruf a)"))
class ObjectionSettlementStartApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_start_settlement(objection=objection, actor=actor)


@_documented("settlement_end", _("Catat hasil musyawarah"), shapes.SettlementEndInput)
class ObjectionSettlementEndApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_end_settlement(objection=objection, actor=actor, **data)


@_documented("decide", _("Tanggapan tertulis atasan PPID (Pasal 36)"), shapes.DecideInput)
class ObjectionDecideApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_decide(objection=objection, actor=actor, **data)


@_documented("response", _("Catat tanggapan pemohon"), shapes.ResponseInput)
class ObjectionResponseApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_record_response(objection=objection, actor=actor, **data)


@_documented("withdraw", _("Catat pencabutan keberatan"), shapes.WithdrawInput)
class ObjectionWithdrawApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.objection_withdraw(objection=objection, actor=actor, **data)


@_documented("dispute", _("Catat sengketa di Komisi Informasi"), shapes.DisputeRecordInput)
class ObjectionDisputeApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        services.dispute_record(
            objection=objection, actor=actor, data=services.DisputeInput(**data)
        )


@_documented("dispute_update", _("Perbarui sengketa"), shapes.DisputeUpdateInput)
class ObjectionDisputeUpdateApi(_ObjectionActionApi):
    def perform(self, *, objection, actor, data):
        dispute_update(objection=objection, actor=actor, data=services.DisputeUpdate(**data))
