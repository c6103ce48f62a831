"""`/api/v1/notifications/`: the logged-in user's in-app messages (mirror of `/notifikasi/`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.serializers import ErrorSerializer
from requests_app.caching import private_response
from requests_app.models import Notification
from requests_app.selectors.notifications import (
    message_kind_label,
    notification_list,
    officer_paths,
    unread_notification_count,
)
from requests_app.services.notifications import notifications_mark_read

TAGS = ["notifications"]
NOT_AUTHENTICATED = OpenApiResponse(ErrorSerializer, description=_("Belum masuk."))
MAX_IDS = 500
# Row ids are 64-bit; a larger number can name no notification and would overflow the query.
MAX_ID = 2**63 - 1


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    subject = serializers.CharField()
    body_text = serializers.CharField()
    paths = serializers.SerializerMethodField(
        help_text=_("Halaman petugas yang disebut pesan ini, mis. /petugas/permohonan/12/.")
    )
    request = serializers.IntegerField(source="request_id", allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    unread = serializers.SerializerMethodField()

    def get_kind_label(self, obj: Notification) -> str:
        return message_kind_label(obj.kind)

    def get_paths(self, obj: Notification) -> list[str]:
        return officer_paths(obj)

    def get_unread(self, obj: Notification) -> bool:
        return obj.read_at is None


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(
            min_value=1,
            max_value=MAX_ID,
            error_messages={
                "invalid": _("Nomor notifikasi harus bilangan bulat."),
                "min_value": _("Nomor notifikasi harus bilangan bulat positif."),
                "max_value": _("Nomor notifikasi terlalu besar."),
            },
        ),
        required=False,
        max_length=MAX_IDS,
        error_messages={
            "not_a_list": _("Kirim daftar nomor notifikasi."),
            "max_length": _("Paling banyak {max_length} nomor sekaligus."),
        },
    )
    all = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": _("Isi true atau false.")}
    )

    def validate(self, attrs: dict) -> dict:
        # Marking everything read must be asked for, never the effect of a missing field.
        if not attrs.get("ids") and not attrs["all"]:
            raise serializers.ValidationError(
                {"ids": [_("Kirim `ids` (daftar nomor) atau `all`: true.")]}
            )
        return attrs


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("Jumlah notifikasi yang baru ditandai dibaca."))
    unread = serializers.IntegerField(help_text=_("Sisa notifikasi belum dibaca."))


class NotificationPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class NotificationListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = NotificationPagination
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()

    @extend_schema(
        operation_id="notification_list",
        summary=_("Notifikasi aplikasi saya, terbaru dahulu"),
        responses={200: NotificationSerializer(many=True), 401: NOT_AUTHENTICATED},
        tags=TAGS,
    )
    def get(self, request):
        page = self.paginate_queryset(notification_list(user=request.user))
        data = NotificationSerializer(page, many=True).data
        return private_response(self.get_paginated_response(data))


class NotificationMarkReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notification_mark_read",
        summary=_("Tandai notifikasi sudah dibaca (sebagian atau semua)"),
        request=MarkReadInput,
        responses={
            200: MarkReadResultSerializer,
            400: OpenApiResponse(ErrorSerializer, description=_("Isian tidak valid.")),
            401: NOT_AUTHENTICATED,
        },
        tags=TAGS,
    )
    def post(self, request):
        body = MarkReadInput(data=request.data)
        body.is_valid(raise_exception=True)
        ids = None if body.validated_data["all"] else body.validated_data["ids"]
        marked = notifications_mark_read(user=request.user, ids=ids)
        payload = {"marked": marked, "unread": unread_notification_count(user=request.user)}
        return private_response(Response(MarkReadResultSerializer(payload).data))
