"""What the officer API returns: explicit fields, read-only. The list row needs no query of its own
(body and unit come with the page, working days from the cached calendar)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from requests_app.api.deadline_serializers import DeadlineExplanationSerializer
from requests_app.api.officer.access import allowed_actions
from requests_app.models import (
    AccessMethod,
    ApplicantType,
    Channel,
    CopyFormat,
    DeliveryMethod,
    DeliveryState,
    DocumentKind,
    ExemptionLetter,
    FeeKind,
    NoticeState,
    NotificationChannel,
    Outcome,
    Status,
)
from requests_app.permissions import Action
from requests_app.selectors.deadline_display import deadline_explanation_get
from requests_app.selectors.notifications import request_notifications
from requests_app.selectors.queue import deadline_info
from requests_app.services.workflow import local_today

EXCERPT_CHARS = 200


class LabelledChoiceField(serializers.Field):
    """A TextChoices value as `{code, label}` (the label in the active language); null if blank."""

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        self.labels = dict(choices_class.choices)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return {"code": str(value), "label": str(self.labels.get(value, value))}


class LabelledChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = LabelledChoiceField

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "nullable": self.target.allow_null,
            "properties": {
                "code": {"type": "string", "enum": list(self.target.choices_class.values)},
                "label": {"type": "string"},
            },
            "required": ["code", "label"],
        }


class OfficerUnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class OfficerBodyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class _DeadlineMixin(serializers.Serializer):
    # `working_days_left` and `overdue` come from `deadline_info`, computed once per row.

    def _deadline(self, obj):
        info = getattr(obj, "_api_deadline", None)
        if info is None:
            info = deadline_info(obj, local_today(obj, self.context["now"]))
            obj._api_deadline = info
        return info

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_working_days_left(self, obj) -> int | None:
        return self._deadline(obj).working_days_left

    def get_overdue(self, obj) -> bool:
        return self._deadline(obj).overdue


class OfficerRequestListSerializer(_DeadlineMixin):
    """One queue row: what an officer needs to pick the next request."""

    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    body_code = serializers.CharField(source="body.code")
    assigned_unit = OfficerUnitRefSerializer(allow_null=True)
    channel = LabelledChoiceField(Channel)
    applicant_name = serializers.CharField(source="full_name")
    information_excerpt = serializers.SerializerMethodField(
        help_text=_("Rincian informasi, dipotong; teks lengkap ada di detail permohonan.")
    )
    status = LabelledChoiceField(Status)
    outcome = LabelledChoiceField(Outcome, allow_null=True)
    received_at = serializers.DateTimeField()
    effective_received_on = serializers.DateField()
    original_due_date = serializers.DateField(source="original_due_on", allow_null=True)
    extended_due_date = serializers.DateField(source="extended_due_on", allow_null=True)
    due_date = serializers.DateField(source="due_on", allow_null=True)
    working_days_left = serializers.SerializerMethodField(
        help_text=_("Hari kerja tersisa sampai batas waktu (negatif bila terlambat).")
    )
    overdue = serializers.SerializerMethodField()
    notice_late = serializers.BooleanField()

    def get_information_excerpt(self, obj) -> str:
        return Truncator(obj.information_requested).chars(EXCERPT_CHARS)


class OfficerTimelineEventSerializer(serializers.Serializer):
    code = serializers.CharField()
    created_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_label")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    data = serializers.DictField()


class OfficerFeeLineSerializer(serializers.Serializer):
    kind = LabelledChoiceField(FeeKind)
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField()
    amount = serializers.IntegerField()


class OfficerNoticeSerializer(serializers.Serializer):
    state = LabelledChoiceField(NoticeState)
    outcome = LabelledChoiceField(Outcome)
    information_held = serializers.BooleanField()
    holding_body = OfficerBodyRefSerializer(allow_null=True)
    holding_body_name = serializers.CharField()
    holding_body_unknown = serializers.BooleanField()
    material_description = serializers.CharField()
    withheld_description = serializers.CharField()
    redaction_explanation = serializers.CharField()
    exemption_letter = LabelledChoiceField(ExemptionLetter, allow_null=True)
    exemption_subitem = serializers.IntegerField(allow_null=True)
    other_statute = serializers.CharField()
    exemption_citation = serializers.CharField()
    consequence_test = serializers.IntegerField(source="consequence_test_id", allow_null=True)
    dip_item = serializers.IntegerField(source="dip_item_id", allow_null=True)
    copy_format = LabelledChoiceField(CopyFormat, allow_null=True)
    medium = serializers.CharField()
    provision_days = serializers.IntegerField(allow_null=True)
    fee_total = serializers.IntegerField()
    fee_lines = OfficerFeeLineSerializer(many=True)
    payment_method = serializers.CharField()
    explanation = serializers.CharField()
    revision_note = serializers.CharField()
    drafted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()


class OfficerDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = LabelledChoiceField(DocumentKind)
    filename = serializers.CharField()
    created_at = serializers.DateTimeField()
    visible_to_applicant = serializers.BooleanField()
    download_url = serializers.SerializerMethodField(
        help_text=_("Unduhan lewat situs (sesi login; token API tidak berlaku di sana).")
    )

    def get_download_url(self, obj) -> str:
        url = reverse("document_download", args=[obj.pk])
        http_request = self.context.get("request")
        return http_request.build_absolute_uri(url) if http_request is not None else url


class OfficerNotificationSerializer(serializers.Serializer):
    """One message about the request and its delivery so far (`selectors.notifications`)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    channel = serializers.ChoiceField(choices=NotificationChannel.choices)
    channel_label = serializers.CharField()
    recipient = serializers.CharField(help_text=_("Nama petugas, atau “Pemohon”."))
    recipient_address = serializers.CharField(
        help_text=_("Alamat email; kosong untuk notifikasi aplikasi.")
    )
    to_applicant = serializers.BooleanField()
    subject = serializers.CharField()
    state = serializers.ChoiceField(choices=DeliveryState.choices)
    state_label = serializers.CharField()
    attempts = serializers.IntegerField()
    last_error = serializers.CharField(
        help_text=_("Galat percobaan terakhir; kosong bila terkirim.")
    )
    created_at = serializers.DateTimeField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)


class OfficerRequestRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()


class OfficerRequestDetailSerializer(OfficerRequestListSerializer):
    """The full record. The NIK is masked; `GET .../identity/` shows it and logs the look-up."""

    body = OfficerBodyRefSerializer()
    applicant_type = LabelledChoiceField(ApplicantType)
    nik_masked = serializers.CharField(source="masked_nik")
    legal_entity_number = serializers.CharField()
    has_identity_document = serializers.SerializerMethodField()
    has_power_of_attorney = serializers.SerializerMethodField()
    address = serializers.CharField()
    occupation = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    npwp = serializers.CharField()
    representative_name = serializers.CharField()
    representative_address = serializers.CharField()
    representative_contact = serializers.CharField()
    information_requested = serializers.CharField()
    purpose = serializers.CharField()
    access_method = LabelledChoiceField(AccessMethod)
    copy_format = LabelledChoiceField(CopyFormat, allow_null=True)
    delivery_method = LabelledChoiceField(DeliveryMethod, allow_null=True)
    backdate_reason = serializers.CharField()
    paused_working_days_left = serializers.IntegerField(allow_null=True)
    completion_due_date = serializers.DateField(source="completion_due_on", allow_null=True)
    extension_reason = serializers.CharField()
    extended_at = serializers.DateTimeField(allow_null=True)
    notice_sent_at = serializers.DateTimeField(allow_null=True)
    working_days_to_notice = serializers.IntegerField(allow_null=True)
    paid_at = serializers.DateTimeField(allow_null=True)
    payment_reference = serializers.CharField()
    handover_on = serializers.DateField(allow_null=True)
    delivery_link = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    working_days_to_delivery = serializers.IntegerField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    forwarded_from = OfficerRequestRefSerializer(allow_null=True)
    forwarded_to = serializers.SerializerMethodField()
    timeline = OfficerTimelineEventSerializer(source="events", many=True)
    notice = serializers.SerializerMethodField()
    documents = OfficerDocumentSerializer(many=True)
    allowed_actions = serializers.SerializerMethodField(
        help_text=_("Tindakan yang dapat Anda lakukan sekarang (peran dan status permohonan).")
    )
    deadline_explanation = serializers.SerializerMethodField(
        help_text=_("Mengapa batas waktunya tanggal ini: hari dihitung dan hari dilewati.")
    )
    notifications = serializers.SerializerMethodField(
        help_text=_("Setiap pesan tentang permohonan ini, dengan status dan percobaan kirimnya.")
    )

    def get_has_identity_document(self, obj) -> bool:
        return bool(obj.identity_document)

    def get_has_power_of_attorney(self, obj) -> bool:
        return bool(obj.power_of_attorney)

    @extend_schema_field(OfficerRequestRefSerializer(allow_null=True))
    def get_forwarded_to(self, obj):
        forwarded = getattr(obj, "forwarded_to", None)
        return OfficerRequestRefSerializer(forwarded).data if forwarded else None

    @extend_schema_field(OfficerNoticeSerializer(allow_null=True))
    def get_notice(self, obj):
        notice = getattr(obj, "notice", None)
        return OfficerNoticeSerializer(notice).data if notice else None

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=[a.value for a in Action]))
    )
    def get_allowed_actions(self, obj) -> list[str]:
        return allowed_actions(self.context["user"], obj, now=self.context["now"])

    @extend_schema_field(DeadlineExplanationSerializer)
    def get_deadline_explanation(self, obj) -> dict:
        return DeadlineExplanationSerializer(deadline_explanation_get(request=obj)).data

    @extend_schema_field(OfficerNotificationSerializer(many=True))
    def get_notifications(self, obj) -> list[dict]:
        return OfficerNotificationSerializer(request_notifications(obj), many=True).data


class OfficerIdentitySerializer(serializers.Serializer):
    applicant_type = LabelledChoiceField(ApplicantType)
    full_name = serializers.CharField()
    nik = serializers.CharField(help_text=_("NIK lengkap; setiap pembukaan dicatat."))
    legal_entity_number = serializers.CharField()
