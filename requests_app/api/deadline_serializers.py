"""Shapes of a due-date explanation (`selectors.deadline_display`), shared by the calculator, the
tracking API and the officer detail API. Read-only, explicit fields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from requests_app.selectors.deadline_display import RECEIVED_AFTER_CLOSING, RECEIVED_ON_DAY_OFF
from requests_app.workdays import DayKind

SKIPPED_KINDS = [
    DayKind.WEEKEND,
    DayKind.PUBLIC_HOLIDAY,
    DayKind.CUTI_BERSAMA,
    DayKind.OVERRIDE_HOLIDAY,
]


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "16:00"})
class OfficeTimeField(serializers.Field):
    """A wall-clock time in the body's zone as "HH:MM". Not `format: time`: JSON Schema's time
    needs a UTC offset, and office hours are local by definition (`time_zone` says which)."""

    def to_representation(self, value) -> str:
        return value.strftime("%H:%M")


class SkippedDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=SKIPPED_KINDS)
    kind_label = serializers.CharField()
    reason = serializers.CharField(help_text=_("Nama hari libur atau alasan lain."))
    sk_reference = serializers.CharField(
        help_text=_("Nomor SK penetapan instansi; kosong untuk libur nasional dan akhir pekan.")
    )


class ClockExplanationSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("Hari ke-0: tanggal mulai penghitungan."))
    working_days = serializers.IntegerField()
    due = serializers.DateField(help_text=_("Batas waktu menurut kalender kerja saat ini."))
    stored_due = serializers.DateField(
        allow_null=True, help_text=_("Batas waktu yang tersimpan pada permohonan (dibekukan).")
    )
    matches_stored = serializers.BooleanField(
        help_text=_("Salah bila kalender berubah atau jam dihentikan sesudah batas disimpan.")
    )
    counted = serializers.ListField(
        child=serializers.DateField(), help_text=_("Setiap hari kerja yang dihitung, berurutan.")
    )
    skipped = SkippedDaySerializer(many=True)


class ReceiptShiftSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[RECEIVED_AFTER_CLOSING, RECEIVED_ON_DAY_OFF])
    label = serializers.CharField()
    received_on = serializers.DateField(help_text=_("Tanggal kedatangan di zona waktu badan."))
    closing_time = OfficeTimeField(
        read_only=True, help_text=_("Jam tutup layanan, waktu setempat (JJ:MM).")
    )
    day_reason = serializers.CharField(help_text=_("Mengapa hari kedatangan bukan hari kerja."))
    sk_reference = serializers.CharField()
    days_off_between = SkippedDaySerializer(
        many=True,
        help_text=_("Hari libur sesudah hari kedatangan, sebelum tanggal terima efektif."),
    )


class DeadlineExplanationSerializer(serializers.Serializer):
    """Why the request's due dates are what they are (Pasal 22(7) and 22(8))."""

    received_at = serializers.DateTimeField(allow_null=True)
    effective_received_on = serializers.DateField(allow_null=True)
    time_zone = serializers.CharField()
    closing_time = OfficeTimeField(
        read_only=True, help_text=_("Jam tutup layanan, waktu setempat (JJ:MM).")
    )
    receipt_shift = ReceiptShiftSerializer(
        allow_null=True, help_text=_("Kosong bila tanggal terima efektif sama dengan hari datang.")
    )
    notice = ClockExplanationSerializer(
        allow_null=True, help_text=_("Pemberitahuan tertulis: 10 hari kerja.")
    )
    extension = ClockExplanationSerializer(
        allow_null=True,
        help_text=_(
            "Perpanjangan: 7 hari kerja sesudah batas awal; kosong bila tidak diperpanjang."
        ),
    )


class CalculatorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()


class DueDateCalculationSerializer(serializers.Serializer):
    body = CalculatorBodySerializer()
    received_at = serializers.DateTimeField()
    effective_received_on = serializers.DateField()
    time_zone = serializers.CharField()
    closing_time = OfficeTimeField(
        read_only=True, help_text=_("Jam tutup layanan, waktu setempat (JJ:MM).")
    )
    receipt_shift = ReceiptShiftSerializer(allow_null=True)
    notice_due = serializers.DateField(source="notice.due", help_text=_("10 hari kerja."))
    extended_due = serializers.DateField(
        source="extension.due", help_text=_("17 hari kerja: bila diperpanjang sekali.")
    )
    notice = ClockExplanationSerializer()
    extension = ClockExplanationSerializer()
