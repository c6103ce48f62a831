"""The bodies of the officer action endpoints. Serializers check shape only (type, length, choice,
that a referenced row exists); every rule about the request itself is the service's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from requests_app.api.serializers import StrictCharField
from requests_app.models import (
    ConsequenceTest,
    CopyFormat,
    DipItem,
    ExemptionLetter,
    InformationRequest,
    Outcome,
    PublicBody,
    Unit,
    WrittenNotice,
)

REQUIRED = _("Wajib diisi.")
COMMON_ERRORS = {
    "required": REQUIRED,
    "null": _("Wajib diisi; nilai null tidak diterima."),
    "blank": REQUIRED,
}
TEXT_ERRORS = {
    **COMMON_ERRORS,
    "invalid": _("Harus berupa teks."),
    "max_length": _("Maksimal {max_length} karakter."),
}
INTEGER_ERRORS = {
    **COMMON_ERRORS,
    "invalid": _("Harus berupa bilangan bulat."),
    "min_value": _("Paling kecil {min_value}."),
    "max_value": _("Paling besar {max_value}."),
    "max_string_length": _("Angka terlalu panjang."),
}
RELATED_ERRORS = {
    **COMMON_ERRORS,
    "does_not_exist": _("Data dengan id {pk_value} tidak ditemukan."),
    "incorrect_type": _("Harus berupa id (bilangan bulat)."),
}
CHOICE_ERRORS = {**COMMON_ERRORS, "invalid_choice": _("“{input}” bukan pilihan yang tersedia.")}
NOTE_MAX_LENGTH = 3000


def _text(*, required: bool = False, max_length: int = NOTE_MAX_LENGTH, **kwargs):
    options = {"required": required, "max_length": max_length}
    if not required:
        options.update(allow_blank=True, default="")
    return StrictCharField(error_messages=TEXT_ERRORS, **options, **kwargs)


def _notice_text(name: str, **kwargs):
    return _text(max_length=WrittenNotice._meta.get_field(name).max_length, **kwargs)


def _integer(*, required: bool = False, allow_null: bool = False, **kwargs):
    options = {"required": required, "allow_null": allow_null}
    return serializers.IntegerField(error_messages=INTEGER_ERRORS, **options, **kwargs)


def _related(queryset, *, required: bool = False, **kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        required=required,
        allow_null=not required,
        error_messages=RELATED_ERRORS,
        **kwargs,
    )


def _choice(choices, *, required: bool = False, **kwargs):
    options = {"required": required}
    if not required:
        options.update(allow_blank=True, default="")
    return serializers.ChoiceField(
        choices=choices, error_messages=CHOICE_ERRORS, **options, **kwargs
    )


class NoteInput(serializers.Serializer):
    note = _text(help_text=_("Catatan (opsional)."))


class RequiredNoteInput(serializers.Serializer):
    note = _text(required=True)


class MissingInput(serializers.Serializer):
    missing = _text(required=True, help_text=_("Kekurangan yang harus dilengkapi pemohon."))


class ReasonInput(serializers.Serializer):
    reason = _text(required=True)


class RouteInput(serializers.Serializer):
    unit = _related(Unit.objects.all(), required=True, help_text=_("Id OPD/PPID Pelaksana."))
    note = _text()


class RerouteInput(serializers.Serializer):
    unit = _related(Unit.objects.all(), required=True, help_text=_("Id OPD tujuan yang baru."))
    reason = _text(required=True)


class PaymentInput(serializers.Serializer):
    reference = _text(
        required=True,
        max_length=InformationRequest._meta.get_field("payment_reference").max_length,
        help_text=_("Bukti atau nomor pembayaran."),
    )


class DeliverInput(serializers.Serializer):
    handover_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={**COMMON_ERRORS, "invalid": _("Tanggal tidak valid; gunakan YYYY-MM-DD.")},
        help_text=_("Tanggal penyerahan; bawaan hari ini."),
    )
    link = serializers.URLField(
        required=False,
        allow_blank=True,
        default="",
        max_length=InformationRequest._meta.get_field("delivery_link").max_length,
        error_messages={**TEXT_ERRORS, "invalid": _("Tautan tidak valid.")},
    )
    note = _text()


class ForwardInput(serializers.Serializer):
    target_body = _related(
        PublicBody.objects.all(), help_text=_("Id badan publik tujuan bila terdaftar di sini.")
    )
    target_name = _text(
        max_length=WrittenNotice._meta.get_field("holding_body_name").max_length,
        help_text=_("Nama badan publik tujuan bila tidak terdaftar di sini."),
    )
    note = _text()


class NoticeDraftInput(serializers.Serializer):
    """Every field of `NoticeInput`; which ones are required depends on the outcome (the service
    checks that and answers with field errors)."""

    outcome = _choice(Outcome.choices, required=True)
    material_description = _notice_text("material_description")
    withheld_description = _notice_text("withheld_description")
    redaction_explanation = _notice_text("redaction_explanation")
    exemption_letter = _choice(ExemptionLetter.choices, help_text=_("Pasal 17 huruf a-j."))
    exemption_subitem = _integer(allow_null=True, min_value=1, max_value=20)
    other_statute = _notice_text("other_statute")
    consequence_test = _related(ConsequenceTest.objects.all(), help_text=_("Id uji konsekuensi."))
    holding_body = _related(PublicBody.objects.all(), help_text=_("Id badan publik penguasa."))
    holding_body_name = _notice_text("holding_body_name")
    holding_body_unknown = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": _("Harus true atau false.")}
    )
    dip_item = _related(
        DipItem.objects.all(), help_text=_("Id item DIP (keputusan sudah_tersedia).")
    )
    copy_format = _choice(CopyFormat.choices)
    medium = _notice_text("medium")
    provision_days = _integer(
        allow_null=True, min_value=0, max_value=365, help_text=_("Waktu penyediaan (hari kerja).")
    )
    # Bounds keep quantity x price inside the fee columns.
    pages = _integer(min_value=0, max_value=100_000, default=0)
    media_units = _integer(min_value=0, max_value=1_000, default=0)
    delivery_fee = _integer(min_value=0, max_value=100_000_000, default=0)
    payment_method = _notice_text("payment_method")
    explanation = _notice_text("explanation")
