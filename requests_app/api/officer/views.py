"""Officer API v1. Views load the request through the visibility helper (404), check the role
(403), validate the body's shape (400), call one service (which re-checks all of it and may
answer 409), and render the updated record."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app import identity
from requests_app.api.officer import inputs
from requests_app.api.officer.access import IsStaffMember, officer_request_get
from requests_app.api.officer.serializers import (
    OfficerIdentitySerializer,
    OfficerRequestDetailSerializer,
    OfficerRequestListSerializer,
)
from requests_app.api.pagination import KeysetPagination
from requests_app.api.serializers import ErrorSerializer
from requests_app.api.views import RequestSubmitApi
from requests_app.caching import private_response
from requests_app.filters import RequestFilter
from requests_app.lifecycle import record_event
from requests_app.models import InformationRequest
from requests_app.permissions import Action, authorize, request_for_user
from requests_app.selectors.queue import QUEUE_ORDER, request_queue
from requests_app.services import notices, workflow

TAGS = ["officer"]
STAFF = [IsAuthenticated, IsStaffMember]


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_AUTHENTICATED = _error(_("Belum masuk: kirim `Authorization: Token <kunci>` atau sesi."))
FORBIDDEN = _error(_("Peran Anda tidak mengizinkan tindakan ini."))
NOT_FOUND = _error(_("Permohonan tidak ada atau tidak terlihat oleh Anda."))
BAD_INPUT = _error(_("Isian tidak valid; `fields` memuat pesan per isian."))
CONFLICT = _error(_("Status permohonan saat ini tidak mengizinkan tindakan ini."))


def _detail_response(http_request, pk: int) -> Response:
    target = officer_request_get(user=http_request.user, pk=pk)
    context = {"user": http_request.user, "now": timezone.now(), "request": http_request}
    return private_response(Response(OfficerRequestDetailSerializer(target, context=context).data))


class OfficerPagination(PageNumberPagination):
    """Page numbers for the officers' smaller lists (objections); the queue has its own."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class QueuePagination(KeysetPagination):
    ordering = QUEUE_ORDER


class RequestCollectionApi(RequestSubmitApi, GenericAPIView):
    """`/requests/`: POST is the citizen's submission (unchanged, from `RequestSubmitApi`);
    GET is the officer queue, for staff only and without the submission throttle, in keyset
    pages (`next`/`previous` links with an opaque `cursor`, no `count`: issue 7)."""

    pagination_class = QueuePagination
    serializer_class = OfficerRequestListSerializer
    # For the schema's query parameters; `request_queue` applies the same FilterSet itself.
    filterset_class = RequestFilter
    queryset = InformationRequest.objects.none()

    def _is_read(self) -> bool:
        # OPTIONS keeps the submission's rules (anyone may ask what the form accepts).
        return getattr(self.request, "method", "GET") in ("GET", "HEAD")

    def get_permissions(self):
        return [p() for p in STAFF] if self._is_read() else super().get_permissions()

    def get_throttles(self):
        return [] if self._is_read() else super().get_throttles()

    @extend_schema(
        operation_id="officer_request_list",
        summary=_("Antrean permohonan (petugas)"),
        responses={
            200: OfficerRequestListSerializer(many=True),
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
        },
        tags=TAGS,
    )
    def get(self, request):
        request_filter, queryset = request_queue(user=request.user, params=request.query_params)
        if not request_filter.is_valid():
            raise ValidationError(request_filter.errors)
        page = self.paginate_queryset(queryset)
        context = {"now": timezone.now()}
        data = OfficerRequestListSerializer(page, many=True, context=context).data
        return private_response(self.get_paginated_response(data))


class RequestDetailApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="officer_request_detail",
        summary=_("Rekam lengkap satu permohonan (petugas)"),
        responses={
            200: OfficerRequestDetailSerializer,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def get(self, request, pk: int):
        return _detail_response(request, pk)


class RequestIdentityApi(APIView):
    """The full NIK for the officers handling the request; every look-up is in the timeline."""

    permission_classes = STAFF

    @extend_schema(
        operation_id="officer_request_identity",
        summary=_("Buka NIK lengkap pemohon (tercatat)"),
        responses={
            200: OfficerIdentitySerializer,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def get(self, request, pk: int):
        target = request_for_user(request.user, pk)
        authorize(request.user, Action.VIEW_IDENTITY, target)
        with transaction.atomic():
            # Keputusan 8 / domain.md E: every view of identity data is logged.
            record_event(request=target, code="request.identity.viewed", actor=request.user)
        payload = {
            "applicant_type": target.applicant_type,
            "full_name": target.full_name,
            "nik": identity.decrypt(target.nik_ciphertext),
            "legal_entity_number": target.legal_entity_number,
        }
        return private_response(Response(OfficerIdentitySerializer(payload).data))


class _ActionApi(APIView):
    """POST `/requests/{id}/<action>/`: 404 when hidden, 403 when the role does not allow the
    action, 400 for a malformed body, then the one service (409 when the state forbids it)."""

    permission_classes = STAFF
    action: Action
    input_serializer: type[serializers.Serializer] = serializers.Serializer

    def post(self, request, pk: int):
        target = request_for_user(request.user, pk)
        # Role before shape: who may not act learns nothing from validation messages.
        authorize(request.user, self.action, target)
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        self.perform(target=target, actor=request.user, data=body.validated_data)
        return _detail_response(request, pk)

    def perform(self, *, target, actor, data) -> None:
        raise NotImplementedError


def _documented(operation: str, summary, input_serializer=None):
    """The schema of one action endpoint: its body, the updated record, and every error."""
    return extend_schema_view(
        post=extend_schema(
            operation_id=f"officer_request_{operation}",
            summary=summary,
            request=input_serializer,
            responses={
                200: OfficerRequestDetailSerializer,
                400: BAD_INPUT,
                401: NOT_AUTHENTICATED,
                403: FORBIDDEN,
                404: NOT_FOUND,
                409: CONFLICT,
            },
            tags=TAGS,
        )
    )


@_documented("verify", _("Verifikasi dan proses permohonan"), inputs.NoteInput)
class RequestVerifyApi(_ActionApi):
    action = Action.VERIFY
    input_serializer = inputs.NoteInput

    def perform(self, *, target, actor, data):
        workflow.request_verify(request=target, actor=actor, note=data["note"])


@_documented("incomplete", _("Minta pemohon melengkapi"), inputs.MissingInput)
class RequestIncompleteApi(_ActionApi):
    action = Action.FLAG_INCOMPLETE
    input_serializer = inputs.MissingInput

    def perform(self, *, target, actor, data):
        workflow.request_flag_incomplete(request=target, actor=actor, missing=data["missing"])


@_documented("complete", _("Catat kelengkapan diterima"), inputs.NoteInput)
class RequestCompleteApi(_ActionApi):
    action = Action.COMPLETE
    input_serializer = inputs.NoteInput

    def perform(self, *, target, actor, data):
        workflow.request_complete(request=target, actor=actor, note=data["note"])


@_documented("close_incomplete", _("Tutup karena tidak dilengkapi"))
class RequestCloseIncompleteApi(_ActionApi):
    action = Action.CLOSE_INCOMPLETE

    def perform(self, *, target, actor, data):
        workflow.request_close_incomplete(request=target, actor=actor)


@_documented("route", _("Disposisikan ke PPID Pelaksana"), inputs.RouteInput)
class RequestRouteApi(_ActionApi):
    action = Action.ROUTE
    input_serializer = inputs.RouteInput

    def perform(self, *, target, actor, data):
        workflow.request_route(request=target, actor=actor, unit=data["unit"], note=data["note"])


@_documented("reroute", _("Alihkan ke PPID Pelaksana lain"), inputs.RerouteInput)
class RequestRerouteApi(_ActionApi):
    action = Action.REROUTE
    input_serializer = inputs.RerouteInput

    def perform(self, *, target, actor, data):
        workflow.request_reroute(
            request=target, actor=actor, unit=data["unit"], reason=data["reason"]
        )


@_documented("return", _("Kembalikan bahan/jawaban ke PPID Utama"), inputs.RequiredNoteInput)
class RequestReturnApi(_ActionApi):
    action = Action.RETURN
    input_serializer = inputs.RequiredNoteInput

    def perform(self, *, target, actor, data):
        workflow.request_return(request=target, actor=actor, note=data["note"])


@_documented("extend", _("Perpanjang batas waktu (Pasal 22 ayat 8)"), inputs.ReasonInput)
class RequestExtendApi(_ActionApi):
    action = Action.EXTEND
    input_serializer = inputs.ReasonInput

    def perform(self, *, target, actor, data):
        workflow.request_extend(request=target, actor=actor, reason=data["reason"])


@_documented("notice", _("Susun pemberitahuan tertulis"), inputs.NoticeDraftInput)
class RequestNoticeApi(_ActionApi):
    action = Action.DRAFT_NOTICE
    input_serializer = inputs.NoticeDraftInput

    def perform(self, *, target, actor, data):
        notices.notice_draft(request=target, actor=actor, data=notices.NoticeInput(**data))


@_documented(
    "revision", _("Kembalikan draf pemberitahuan untuk diperbaiki"), inputs.RequiredNoteInput
)
class RequestRevisionApi(_ActionApi):
    action = Action.REQUEST_REVISION
    input_serializer = inputs.RequiredNoteInput

    def perform(self, *, target, actor, data):
        notices.notice_request_revision(request=target, actor=actor, note=data["note"])


@_documented("approve", _("Setujui dan kirim pemberitahuan tertulis"))
class RequestApproveApi(_ActionApi):
    action = Action.APPROVE

    def perform(self, *, target, actor, data):
        notices.notice_approve(request=target, actor=actor)


@_documented("payment", _("Catat pembayaran biaya"), inputs.PaymentInput)
class RequestPaymentApi(_ActionApi):
    action = Action.RECORD_PAYMENT
    input_serializer = inputs.PaymentInput

    def perform(self, *, target, actor, data):
        workflow.request_record_payment(request=target, actor=actor, reference=data["reference"])


@_documented("deliver", _("Catat penyerahan informasi"), inputs.DeliverInput)
class RequestDeliverApi(_ActionApi):
    action = Action.DELIVER
    input_serializer = inputs.DeliverInput

    def perform(self, *, target, actor, data):
        workflow.request_deliver(request=target, actor=actor, **data)


@_documented("close", _("Tutup permohonan"), inputs.NoteInput)
class RequestCloseApi(_ActionApi):
    action = Action.CLOSE
    input_serializer = inputs.NoteInput

    def perform(self, *, target, actor, data):
        workflow.request_close(request=target, actor=actor, note=data["note"])


@_documented("withdraw", _("Catat pencabutan permohonan"), inputs.ReasonInput)
class RequestWithdrawApi(_ActionApi):
    action = Action.WITHDRAW
    input_serializer = inputs.ReasonInput

    def perform(self, *, target, actor, data):
        workflow.request_withdraw(request=target, actor=actor, reason=data["reason"])


@_documented("forward", _("Teruskan ke badan publik lain (Keputusan 5)"), inputs.ForwardInput)
class RequestForwardApi(_ActionApi):
    action = Action.FORWARD
    input_serializer = inputs.ForwardInput

    def perform(self, *, target, actor, data):
        notices.request_forward(
            request=target,
            actor=actor,
            target_body=data.get("target_body"),
            target_name=data["target_name"],
            note=data["note"],
        )
