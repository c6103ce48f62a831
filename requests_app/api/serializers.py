"""Shapes of the citizen API: explicit fields, choices and lengths taken from the models.

Serializers only check shape (type, length, choice). Every rule that needs more than one field
lives in `request_input_errors`, which `request_submit` runs.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from requests_app.api.deadline_serializers import DeadlineExplanationSerializer
from requests_app.models import (
    AccessibilityNeed,
    AccessMethod,
    ApplicantType,
    CopyFormat,
    DeliveryMethod,
    InformationRequest,
    PublicBody,
    Status,
)
from requests_app.selectors.citizen import citizen_timeline_events, public_body_get_by_key
from requests_app.selectors.deadline_display import deadline_explanation_get

REQUIRED = _("Wajib diisi.")
NOT_A_FORM = _("Kirim satu objek JSON berisi isian formulir.")
COMMON_ERRORS = {
    "required": REQUIRED,
    "null": _("Nilai null tidak diterima: kirim teks kosong bila tidak diisi."),
    "blank": REQUIRED,
}
TEXT_ERRORS = {
    **COMMON_ERRORS,
    "invalid": _("Harus berupa teks."),
    "max_length": _("Maksimal {max_length} karakter."),
}
CHOICE_ERRORS = {**COMMON_ERRORS, "invalid_choice": _("“{input}” bukan pilihan yang tersedia.")}
FILE_ERRORS = {
    **COMMON_ERRORS,
    "invalid": _("Yang dikirim bukan berkas: unggah berkas PDF, JPG atau PNG (multipart)."),
    "no_name": _("Nama berkas tidak terbaca."),
    "empty": _("Berkas kosong."),
    "max_length": _("Nama berkas terlalu panjang (maksimal {max_length} karakter)."),
}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers, booleans, lists and objects instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(name: str, *, required: bool = False, model=InformationRequest, **kwargs):
    options = {"required": required, "max_length": _max_length(model, name)}
    if not required:
        options.update(allow_blank=True, default="")
    return StrictCharField(error_messages=TEXT_ERRORS, **options, **kwargs)


def _choice(choices, *, required: bool = False, **kwargs):
    options = {"required": required}
    if not required:
        options.update(allow_blank=True, default="")
    return serializers.ChoiceField(
        choices=choices, error_messages=CHOICE_ERRORS, **options, **kwargs
    )


def _file(name: str, **kwargs):
    return serializers.FileField(
        required=False,
        allow_null=False,
        max_length=_max_length(InformationRequest, name),
        error_messages=FILE_ERRORS,
        **kwargs,
    )


class RequestSubmissionSerializer(serializers.Serializer):
    """The statutory request form (Pasal 22(2), domain.md C.1) plus the chosen public body."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies all declared fields for every instance, about a tenth of a submission's
        # CPU. These fields keep no per-request state (binding sets attributes on the copy), so
        # each instance takes shallow copies of one deep copy made per process.
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = copy.deepcopy(self._declared_fields)
            cls._field_prototypes = prototypes
        return {name: copy.copy(field) for name, field in prototypes.items()}

    def run_validation(self, data=serializers.empty):
        # DRF answers a list, a bare value or `null` in English ("No data provided"); say it here.
        if data is not serializers.empty and not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [NOT_A_FORM]}, code="invalid"
            )
        return super().run_validation(data)

    body = _text(
        "slug",
        required=True,
        model=PublicBody,
        help_text=_("Kode atau slug badan publik tujuan, mis. 36 atau banten."),
    )
    applicant_type = _choice(ApplicantType.choices, required=True)
    full_name = _text("full_name", required=True)
    nik = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        error_messages={**TEXT_ERRORS, "max_length": _("NIK harus terdiri dari 16 angka.")},
        help_text=_("16 angka; wajib untuk perorangan dan kelompok orang."),
    )
    legal_entity_number = _text(
        "legal_entity_number", help_text=_("Wajib untuk badan hukum (SK pengesahan).")
    )
    address = _text("address", required=True)
    occupation = _text("occupation", required=True)
    phone = _text("phone", help_text=_("Isi telepon atau email (minimal salah satu)."))
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        max_length=_max_length(InformationRequest, "email"),
        error_messages={**TEXT_ERRORS, "invalid": _("Alamat email tidak valid.")},
    )
    npwp = _text("npwp")
    representative_name = _text(
        "representative_name", help_text=_("Nama kuasa; wajib untuk kelompok orang.")
    )
    representative_nik = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        error_messages=TEXT_ERRORS,
        help_text=_("NIK kuasa (16 angka); wajib untuk kelompok orang."),
    )
    representative_address = _text("representative_address")
    representative_contact = _text("representative_contact")
    information_requested = _text("information_requested", required=True)
    purpose = _text("purpose", required=True)
    access_method = _choice(AccessMethod.choices, required=True)
    copy_format = _choice(CopyFormat.choices, help_text=_("Wajib bila meminta salinan."))
    delivery_method = _choice(DeliveryMethod.choices, help_text=_("Wajib bila meminta salinan."))
    accessibility_needs = serializers.ListField(
        child=serializers.ChoiceField(
            choices=AccessibilityNeed.choices, error_messages=CHOICE_ERRORS
        ),
        required=False,
        default=list,
        max_length=len(AccessibilityNeed.choices),
        error_messages={
            **COMMON_ERRORS,
            "not_a_list": _('Kirim daftar pilihan, mis. ["braille"].'),
            "max_length": _("Maksimal {max_length} pilihan."),
        },
        help_text=_("Bantuan yang dibutuhkan pemohon (boleh lebih dari satu)."),
    )
    accessibility_note = _text(
        "accessibility_note", help_text=_("Keterangan kebutuhan aksesibilitas.")
    )
    identity_document = _file("identity_document", help_text=_("KTP/akta: PDF, JPG atau PNG."))
    power_of_attorney = _file("power_of_attorney", help_text=_("Surat kuasa: PDF, JPG atau PNG."))

    def validate_body(self, value: str) -> PublicBody:
        body = public_body_get_by_key(key=value)
        if body is None:
            raise serializers.ValidationError(_("Badan publik tidak ditemukan."))
        return body


class StatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()

    def to_representation(self, status):
        return {"code": str(status), "label": str(Status(status).label)}


class SubmissionResultSerializer(serializers.Serializer):
    registration_number = serializers.CharField()
    tracking_token = serializers.CharField(
        help_text=_("Ditampilkan sekali saja; simpan untuk melacak permohonan.")
    )
    tracking_url = serializers.URLField()
    status = StatusSerializer()
    received_at = serializers.DateTimeField()
    effective_received_on = serializers.DateField()
    due_date = serializers.DateField(help_text=_("Batas pemberitahuan tertulis (10 HK)."))


class TimelineEventSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    created_at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()


class TrackedRequestSerializer(serializers.Serializer):
    registration_number = serializers.CharField()
    body_name = serializers.CharField(source="body.name")
    status = StatusSerializer()
    received_at = serializers.DateTimeField()
    effective_received_on = serializers.DateField()
    due_date = serializers.DateField(source="due_on", allow_null=True)
    original_due_date = serializers.DateField(source="original_due_on", allow_null=True)
    extended_due_date = serializers.DateField(source="extended_due_on", allow_null=True)
    assigned_unit = serializers.CharField(
        source="assigned_unit.name", allow_null=True, default=None
    )
    timeline = serializers.SerializerMethodField()
    deadline_explanation = serializers.SerializerMethodField(
        help_text=_("Mengapa batas waktunya tanggal ini: hari dihitung dan hari dilewati.")
    )

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, request: InformationRequest) -> list[dict]:
        return TimelineEventSerializer(citizen_timeline_events(request=request), many=True).data

    @extend_schema_field(DeadlineExplanationSerializer)
    def get_deadline_explanation(self, request: InformationRequest) -> dict:
        return DeadlineExplanationSerializer(deadline_explanation_get(request=request)).data


class ErrorSerializer(serializers.Serializer):
    """Every error of the API: a sentence for people and, for bad input, the messages per field."""

    message = serializers.CharField()
    # Usually field -> list of messages; a list or nested field nests further (`{"ids": {"2":
    # [...]}}`), so the value is any JSON.
    fields = serializers.DictField(child=serializers.JSONField())
