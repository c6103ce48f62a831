"""Shapes of the statistics API: the query parameters and the `compliance_figures` result.

The output serializers mirror `compliance_figures`' docstring key for key, so the OpenAPI schema
documents every figure; the views pass the selector's dict through them unchanged.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from requests_app.models import Channel
from requests_app.selectors.statistics.labels import ON_TIME_10_LABEL

COUNTS = serializers.DictField(child=serializers.IntegerField())


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


def _rate(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


def _closed_at_field() -> serializers.DateTimeField:
    return serializers.DateTimeField(
        allow_null=True,
        help_text=_(
            "Waktu tahun ini ditutup bila angkanya dibaca dari arsip tahun yang ditutup (satu "
            "tahun penuh, satu badan publik, tanpa OPD atau kanal); null bila dihitung sekarang."
        ),
    )


def _period_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        max_length=40,
        help_text=_("2025, 2025-Q2, 2025-03 atau 2025-01-01..2025-06-30; bawaan: tahun ini."),
    )


class StatsQuerySerializer(serializers.Serializer):
    period = _period_field()
    body = serializers.CharField(
        required=False, max_length=20, help_text=_("Kode badan publik, mis. 36.")
    )
    unit = serializers.IntegerField(required=False, min_value=1, help_text=_("ID OPD."))
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)


class PublicStatsQuerySerializer(serializers.Serializer):
    period = _period_field()
    body = serializers.CharField(
        required=False,
        max_length=20,
        help_text=_("Kode badan publik; tanpa kode: semua badan publik pada layanan ini."),
    )


class StatsPeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["year", "quarter", "month", "custom"])
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class StatsScopeSerializer(serializers.Serializer):
    body_ids = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    unit_id = serializers.IntegerField(allow_null=True)
    channel = serializers.CharField(allow_null=True)


class StatsHeadlineSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text=_("Permohonan diterima pada periode."))
    answered = serializers.IntegerField(help_text=_("Pemberitahuan tertulis terkirim."))
    delivered = serializers.IntegerField(help_text=_("Informasi diserahkan."))
    pending = serializers.IntegerField(help_text=_("Masih menunggu pemberitahuan tertulis."))
    overdue = serializers.IntegerField(help_text=_("Menunggu dan lewat batas waktu hari ini."))
    on_time_10 = serializers.IntegerField(help_text=ON_TIME_10_LABEL)
    on_time_17 = serializers.IntegerField(
        help_text=_(
            "Tepat waktu dengan perpanjangan (batas 17 HK): setiap permohonan yang diperpanjang "
            "dan dijawab sebelum batas barunya, juga bila dijawab dalam 10 HK."
        )
    )
    late = serializers.IntegerField(help_text=_("Pemberitahuan setelah batas waktu."))
    never_answered = serializers.IntegerField(help_text=_("Tanpa pemberitahuan, batas lewat."))
    on_time_rate = _rate(_("(on_time_10 + on_time_17) / (answered + never_answered)."))
    extended = serializers.IntegerField()
    paused = serializers.IntegerField()
    paused_working_days_total = serializers.IntegerField()
    paused_working_days_mean = serializers.FloatField(allow_null=True)


class StatsDaysSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    median = serializers.IntegerField(allow_null=True, help_text=_("Peringkat terdekat."))
    p90 = serializers.IntegerField(allow_null=True, help_text=_("Peringkat terdekat."))
    histogram = _counts(_("Kunci: 0-5, 6-10, 11-17, over_17 (hari kerja)."))


class StatsOutcomesSerializer(serializers.Serializer):
    granted_fully = serializers.IntegerField()
    granted_partly = serializers.IntegerField()
    already_available = serializers.IntegerField()
    refused = serializers.IntegerField()
    not_held = serializers.IntegerField()
    not_yet_documented = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    closed_incomplete = serializers.IntegerField()


class StatsMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    received = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    never_answered = serializers.IntegerField()


class StatsUnitSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True)
    short_name = serializers.CharField()
    name = serializers.CharField()
    received = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    never_answered = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    wilson_low = serializers.FloatField(allow_null=True, help_text=_("Interval Wilson 95%."))
    wilson_high = serializers.FloatField(allow_null=True)


class StatsRankedUnitSerializer(StatsUnitSerializer):
    rank = serializers.IntegerField()


class StatsLeagueSerializer(serializers.Serializer):
    min_requests = serializers.IntegerField()
    ranked = StatsRankedUnitSerializer(many=True)
    not_ranked = StatsUnitSerializer(many=True)
    unassigned = StatsUnitSerializer(allow_null=True, help_text=_("Ditangani PPID Utama."))


class StatsObjectionsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_ground = _counts(_("Pasal 35 ayat 1 huruf a-g."))
    by_status = COUNTS
    decisions = _counts(_("upheld, rejected, settled."))
    late_filings = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    decided_late = serializers.IntegerField()
    unanswered_past_due = serializers.IntegerField()
    atasan_on_time_rate = serializers.FloatField(allow_null=True)
    working_days_to_decision_mean = serializers.FloatField(allow_null=True)


class StatsReleaseOrdersSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    complied = serializers.IntegerField()
    pending = serializers.IntegerField()
    overdue = serializers.IntegerField()


class StatsDisputesSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    filed_late = serializers.IntegerField()
    by_stage = COUNTS
    by_outcome = _counts(_("Per putusan; `none`: belum ada putusan."))
    release_orders = StatsReleaseOrdersSerializer()


class StatsFiguresSerializer(serializers.Serializer):
    """Every figure of `compliance_figures` (issue 6)."""

    period = StatsPeriodSerializer()
    scope = StatsScopeSerializer()
    today = serializers.DateField()
    headline = StatsHeadlineSerializer()
    working_days_to_notice = StatsDaysSerializer()
    working_days_to_delivery = StatsDaysSerializer()
    outcomes = StatsOutcomesSerializer()
    refusals_by_exemption = _counts(_("Pasal 17 huruf a-j -> jumlah penolakan."))
    partial_grants_by_exemption = _counts(_("Pasal 17 huruf a-j -> dikabulkan sebagian."))
    by_channel = _counts(_("Kanal -> permohonan diterima."))
    # Absent from snapshots of years closed before the figure existed.
    accessibility_needs = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Kebutuhan aksesibilitas -> permohonan."),
    )
    monthly = StatsMonthSerializer(many=True)
    units = StatsLeagueSerializer()
    objections = StatsObjectionsSerializer()
    disputes = StatsDisputesSerializer()
    closed_at = _closed_at_field()


class PublicHeadlineSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    answered = serializers.IntegerField()
    delivered = serializers.IntegerField()
    pending = serializers.IntegerField()
    on_time_10 = serializers.IntegerField()
    on_time_17 = serializers.IntegerField()
    late = serializers.IntegerField()
    never_answered = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    extended = serializers.IntegerField()


class PublicBodySummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()


class PublicStatsSerializer(serializers.Serializer):
    """Aggregate headline figures only: nothing about any applicant."""

    period = StatsPeriodSerializer()
    body = PublicBodySummarySerializer(allow_null=True)
    today = serializers.DateField()
    headline = PublicHeadlineSerializer()
    outcomes = StatsOutcomesSerializer()
    working_days_to_notice = StatsDaysSerializer()
    closed_at = _closed_at_field()
