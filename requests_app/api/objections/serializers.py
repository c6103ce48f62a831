"""Shapes of the objection API: explicit fields; serializers check shape only, every rule about the
objection itself is the service's (`services/objections.py`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from requests_app.api.officer.inputs import CHOICE_ERRORS, COMMON_ERRORS, TEXT_ERRORS
from requests_app.api.serializers import FILE_ERRORS, NOT_A_FORM, StrictCharField
from requests_app.models import (
    GROUND_LETTERS,
    ApplicantResponse,
    Dispute,
    DisputeOutcome,
    DisputeStage,
    Objection,
    ObjectionStatus,
)
from requests_app.selectors.objections import (
    objection_dispute,
    objection_due_info,
    objection_today,
)

DATE_ERRORS = {**COMMON_ERRORS, "invalid": _("Tanggal tidak valid; gunakan YYYY-MM-DD.")}
BOOLEAN_ERRORS = {**COMMON_ERRORS, "invalid": _("Harus true atau false.")}


def _max(name: str, model=Objection) -> int:
    return model._meta.get_field(name).max_length


def _text(*, required: bool = False, max_length: int = 5000, **kwargs):
    options = {"required": required, "max_length": max_length}
    if not required:
        options.update(allow_blank=True, default="")
    return StrictCharField(error_messages=TEXT_ERRORS, **options, **kwargs)


def _date(*, required: bool = False, **kwargs):
    options = {"required": required}
    if not required:
        options.update(allow_null=True, default=None)
    return serializers.DateField(error_messages=DATE_ERRORS, **options, **kwargs)


def _choice(choices, *, required: bool = False, **kwargs):
    options = {"required": required}
    if not required:
        options.update(allow_blank=True, default="")
    return serializers.ChoiceField(
        choices=choices, error_messages=CHOICE_ERRORS, **options, **kwargs
    )


class _FormSerializer(serializers.Serializer):
    def run_validation(self, data=serializers.empty):
        # A list, a bare value or `null` get one Indonesian sentence, not DRF's English.
        if data is not serializers.empty and not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [NOT_A_FORM]}, code="invalid"
            )
        return super().run_validation(data)


# ---- Input ---------------------------------------------------------------------------------


class ObjectionFileInput(_FormSerializer):
    """The formulir keberatan (domain.md C.4 e-g)."""

    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=list(GROUND_LETTERS), error_messages=CHOICE_ERRORS),
        allow_empty=False,
        max_length=len(GROUND_LETTERS),
        error_messages={
            **COMMON_ERRORS,
            "not_a_list": _('Kirim daftar huruf alasan, mis. ["c", "g"].'),
            "empty": _("Pilih minimal satu alasan keberatan."),
            "max_length": _("Paling banyak 7 alasan."),
        },
        help_text=_("Huruf alasan Pasal 35 ayat (1): a-g."),
    )
    case_facts = _text(required=True, max_length=_max("case_facts"))
    representative_name = _text(max_length=_max("representative_name"))
    representative_address = _text(max_length=_max("representative_address"))
    representative_contact = _text(max_length=_max("representative_contact"))
    power_of_attorney = serializers.FileField(
        required=False,
        allow_null=False,
        max_length=_max("power_of_attorney"),
        error_messages=FILE_ERRORS,
        help_text=_("Surat kuasa: PDF, JPG atau PNG (multipart)."),
    )


class SettlementEndInput(_FormSerializer):
    agreed = serializers.BooleanField(required=True, error_messages=BOOLEAN_ERRORS)
    minutes = _text(help_text=_("Berita acara; wajib bila sepakat."))


class DecideInput(_FormSerializer):
    upheld = serializers.BooleanField(
        required=True,
        error_messages=BOOLEAN_ERRORS,
        help_text=_("true: keberatan dikabulkan; false: ditolak (menguatkan putusan PPID)."),
    )
    reasons = _text(help_text=_("Alasan tertulis (Pasal 36 ayat 3)."))


class ResponseInput(_FormSerializer):
    response = _choice(ApplicantResponse.choices, required=True)


class WithdrawInput(_FormSerializer):
    reason = _text(required=True, max_length=3000)


class DisputeRecordInput(_FormSerializer):
    commission = _text(required=True, max_length=_max("commission", Dispute))
    ki_register_number = _text(required=True, max_length=_max("ki_register_number", Dispute))
    filed_on = _date(required=True)


class DisputeUpdateInput(_FormSerializer):
    stage = _choice(DisputeStage.choices)
    mediation_on = _date()
    adjudication_on = _date()
    outcome = _choice(DisputeOutcome.choices)
    outcome_on = _date()
    release_description = _text()
    release_due_on = _date()
    complied_on = _date()
    compliance_note = _text()
    court_name = _text(max_length=_max("court_name", Dispute))
    court_filed_on = _date()
    court_result = _text()


# ---- Output --------------------------------------------------------------------------------


class ObjectionStatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ObjectionStatus.choices)
    label = serializers.CharField()

    def to_representation(self, status):
        return {"code": str(status), "label": str(ObjectionStatus(status).label)}


class ObjectionFiledSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    registration_number = serializers.CharField()
    status = ObjectionStatusSerializer()
    grounds = serializers.ListField(child=serializers.CharField())
    received_on = serializers.DateField()
    filing_window_ends_on = serializers.DateField(help_text=_("Batas pengajuan (30 HK)."))
    is_late = serializers.BooleanField()
    atasan_due_on = serializers.DateField(help_text=_("Batas tanggapan atasan PPID (30 HK)."))


class DisputeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dispute
        fields = [
            "commission",
            "ki_register_number",
            "filed_on",
            "filed_late",
            "stage",
            "mediation_on",
            "adjudication_on",
            "outcome",
            "outcome_on",
            "release_description",
            "release_due_on",
            "complied_on",
            "compliance_note",
            "court_name",
            "court_filed_on",
            "court_result",
        ]


class ObjectionListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    registration_number = serializers.CharField()
    body = serializers.CharField(source="body.name")
    handling_unit = serializers.CharField(
        source="handling_unit.name", allow_null=True, default=None
    )
    request_registration_number = serializers.CharField(source="request.registration_number")
    status = ObjectionStatusSerializer()
    grounds = serializers.ListField(child=serializers.CharField())
    received_on = serializers.DateField()
    is_late = serializers.BooleanField()
    atasan_due_on = serializers.DateField()
    working_days_left = serializers.SerializerMethodField()
    decided_late = serializers.BooleanField()
    dispute_register_number = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_working_days_left(self, objection) -> int | None:
        today = objection_today(objection, self.context["now"])
        return objection_due_info(objection, today).working_days_left

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_dispute_register_number(self, objection) -> str | None:
        dispute = objection_dispute(objection)
        return dispute.ki_register_number if dispute else None


class ObjectionRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    registration_number = serializers.CharField()
    full_name = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    information_requested = serializers.CharField()
    purpose = serializers.CharField()


class ObjectionEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    actor = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()


class ObjectionDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    filename = serializers.CharField()
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return reverse("document_download", kwargs={"pk": document.pk})


class ObjectionDetailSerializer(ObjectionListSerializer):
    case_facts = serializers.CharField()
    representative_name = serializers.CharField()
    representative_address = serializers.CharField()
    representative_contact = serializers.CharField()
    filed_at = serializers.DateTimeField()
    trigger_on = serializers.DateField()
    filing_window_ends_on = serializers.DateField()
    settlement_minutes = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reasons = serializers.CharField()
    decided_by_name = serializers.CharField()
    decided_by_position = serializers.CharField()
    dispute_window_ends_on = serializers.DateField(allow_null=True)
    applicant_response = serializers.CharField()
    reopened_request_due_on = serializers.DateField(allow_null=True)
    request = ObjectionRequestSerializer()
    dispute = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    @extend_schema_field(DisputeSerializer(allow_null=True))
    def get_dispute(self, objection) -> dict | None:
        dispute = objection_dispute(objection)
        return DisputeSerializer(dispute).data if dispute else None

    @extend_schema_field(ObjectionEventSerializer(many=True))
    def get_timeline(self, objection) -> list[dict]:
        return ObjectionEventSerializer(self.context["timeline"], many=True).data

    @extend_schema_field(ObjectionDocumentSerializer(many=True))
    def get_documents(self, objection) -> list[dict]:
        return ObjectionDocumentSerializer(self.context["documents"], many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, objection) -> list[str]:
        return self.context["allowed_actions"]
