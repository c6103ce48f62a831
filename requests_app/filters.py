"""The queue filters, shared by the officer queue page, the list API and the supervisor drill-down."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models import (
    Channel,
    ExemptionLetter,
    InformationRequest,
    Outcome,
    PublicBody,
    Status,
    Unit,
)
from requests_app.models.requests import overdue_condition
from requests_app.selectors.statistics.conditions import FLAG_CONDITIONS


class RequestFilter(django_filters.FilterSet):
    # No DISTINCT (django-filter's default for multiple choices): status is a column of the row,
    # so no duplicates are possible, and DISTINCT would sort every match instead of letting the
    # queue index serve the order (issue 7).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, distinct=False
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="assigned_unit", queryset=Unit.objects.filter(is_active=True)
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Badan publik"), queryset=PublicBody.objects.all()
    )
    channel = django_filters.ChoiceFilter(label=_("Kanal"), choices=Channel.choices)
    outcome = django_filters.ChoiceFilter(label=_("Keputusan"), choices=Outcome.choices)
    overdue = django_filters.BooleanFilter(label=_("Lewat batas waktu"), method="filter_overdue")
    received_from = django_filters.DateFilter(
        label=_("Diterima sejak"), field_name="effective_received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label=_("Diterima sampai"), field_name="effective_received_on", lookup_expr="lte"
    )
    q = django_filters.CharFilter(label=_("Cari (nomor, nama, informasi)"), method="filter_search")
    # The statistics drill-downs (issue 6): the same conditions as the figures, so they agree.
    answered = django_filters.BooleanFilter(
        label=_("Sudah diberi pemberitahuan tertulis"), method="filter_flag"
    )
    delivered = django_filters.BooleanFilter(label=_("Informasi diserahkan"), method="filter_flag")
    extended = django_filters.BooleanFilter(label=_("Diperpanjang"), method="filter_flag")
    late = django_filters.BooleanFilter(label=_("Pemberitahuan terlambat"), method="filter_flag")
    paused = django_filters.BooleanFilter(label=_("Jam pernah dihentikan"), method="filter_flag")
    never_answered = django_filters.BooleanFilter(
        label=_("Tidak ditanggapi sampai batas waktu"), method="filter_flag"
    )
    exemption = django_filters.ChoiceFilter(
        label=_("Pasal 17 huruf"),
        field_name="notice__exemption_letter",
        choices=ExemptionLetter.choices,
    )

    class Meta:
        model = InformationRequest
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = overdue_condition(today)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_flag(self, queryset, name, value):
        condition = FLAG_CONDITIONS[name](timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(registration_number__icontains=value)
            | Q(full_name__icontains=value)
            | Q(information_requested__icontains=value)
        )
