"""Reads for objections (keberatan) and disputes: the officers' register with its filters, one
objection with what it shows, what a user may do to it now, and whether a request can take one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from requests_app.errors import ObjectNotFound
from requests_app.lifecycle import can_transition
from requests_app.models import (
    GROUND_LABELS,
    GROUND_LETTERS,
    OPEN_OBJECTION_STATUSES,
    PRE_NOTICE_STATUSES,
    InformationRequest,
    Objection,
    ObjectionStatus,
    PublicBody,
    RequestEvent,
    Status,
    Unit,
)
from requests_app.permissions import (
    ObjectionAction,
    objections_visible_to,
    permitted_objection_actions,
)
from requests_app.services.objections import (
    OBJECTION_FILING_WORKING_DAYS,
    OBJECTION_TRANSITIONS,
    PRE_DECISION,
    objection_is_unanswered,
    objection_trigger,
    suggested_grounds,
)
from requests_app.templatetags.ppid_format import format_date_id
from requests_app.workdays import calendar_for

OS = ObjectionStatus
# The codes of the objection's part of the request timeline (services/objections.py writes them).
TIMELINE_PREFIXES = ("objection.", "dispute.")
TIMELINE_CODES = ("request.reopened_by_objection", "request.closed_after_objection")


class ObjectionFilter(django_filters.FilterSet):
    """The register filters, shared by the officer page and `GET /api/v1/objections/`."""

    status = django_filters.MultipleChoiceFilter(label=_lazy("Status"), choices=OS.choices)
    body = django_filters.ModelChoiceFilter(
        label=_lazy("Badan publik"), queryset=PublicBody.objects.all()
    )
    unit = django_filters.ModelChoiceFilter(
        label=_lazy("OPD"), field_name="handling_unit", queryset=Unit.objects.all()
    )
    ground = django_filters.ChoiceFilter(
        label=_lazy("Alasan (Pasal 35 ayat 1)"),
        choices=[(letter, GROUND_LABELS[letter]) for letter in GROUND_LETTERS],
        method="filter_ground",
    )
    late = django_filters.BooleanFilter(label=_lazy("Diajukan terlambat"), field_name="is_late")
    decided_late = django_filters.BooleanFilter(
        label=_lazy("Ditanggapi terlambat"), field_name="decided_late"
    )
    year = django_filters.NumberFilter(label=_lazy("Tahun"), field_name="sequence_year")
    q = django_filters.CharFilter(label=_lazy("Cari (nomor, nama)"), method="filter_search")

    class Meta:
        model = Objection
        fields: list[str] = []

    def filter_ground(self, queryset, name, value):
        return queryset.filter(**{f"ground_{value}": True}) if value in GROUND_LETTERS else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(registration_number__icontains=value)
            | Q(request__registration_number__icontains=value)
            | Q(request__full_name__icontains=value)
            | Q(representative_name__icontains=value)
        )


def _register_queryset(user) -> QuerySet[Objection]:
    return objections_visible_to(user).select_related("body", "handling_unit", "request", "dispute")


def objection_list(*, user, params=None) -> tuple[ObjectionFilter, QuerySet[Objection]]:
    """Visible objections after the filters: open ones first by the atasan's due date, then the
    newest. Rows carry body, OPD, request and dispute (select_related: one query per page)."""
    base = _register_queryset(user)
    objection_filter = ObjectionFilter(params or {}, queryset=base)
    queryset = objection_filter.qs if objection_filter.is_valid() else base.none()
    queryset = queryset.annotate(
        is_open=Case(
            When(status__in=OPEN_OBJECTION_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("is_open", "atasan_due_on", "-filed_at", "pk")
    return objection_filter, queryset


def objection_get(*, user, pk) -> Objection:
    """One objection `user` may see, with body, OPD, request and dispute; else ObjectNotFound."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    objection = _register_queryset(user).filter(pk=pk).first()
    if objection is None:
        raise ObjectNotFound(_("Keberatan tidak ditemukan."))
    return objection


def objection_dispute(objection: Objection):
    """The dispute of the objection, or None (reads the select_related cache when there is one)."""
    try:
        return objection.dispute
    except Objection.dispute.RelatedObjectDoesNotExist:
        return None


def objection_timeline_events(objection: Objection) -> QuerySet[RequestEvent]:
    """The request's events about objections and disputes, oldest first."""
    condition = Q(code__in=TIMELINE_CODES)
    for prefix in TIMELINE_PREFIXES:
        condition |= Q(code__startswith=prefix)
    return RequestEvent.objects.filter(condition, request_id=objection.request_id).order_by(
        "created_at", "id"
    )


def objection_today(objection: Objection, now: datetime) -> date:
    """Today in the objection's body (reads `objection.body`, loaded with every row here)."""
    return now.astimezone(ZoneInfo(objection.body.time_zone)).date()


@dataclass(frozen=True)
class ObjectionDue:
    working_days_left: int | None
    overdue: bool


def objection_due_info(objection: Objection, today: date) -> ObjectionDue:
    """Working days left for the atasan's response (negative when late); None once answered."""
    if objection.status not in PRE_DECISION:
        return ObjectionDue(None, False)
    left = calendar_for(objection.body).working_days_between(today, objection.atasan_due_on)
    return ObjectionDue(left, objection.atasan_due_on < today)


# ---- What a user may do now ---------------------------------------------------------------

# API names of the officer actions, each with the role permission it needs.
ACTION_PERMISSIONS = {
    "review": ObjectionAction.REVIEW,
    "settlement_start": ObjectionAction.SETTLEMENT,
    "settlement_end": ObjectionAction.SETTLEMENT,
    "decide": ObjectionAction.DECIDE,
    "response": ObjectionAction.RECORD_RESPONSE,
    "withdraw": ObjectionAction.WITHDRAW,
    "dispute": ObjectionAction.RECORD_DISPUTE,
    "dispute_update": ObjectionAction.RECORD_DISPUTE,
}


def _allows(target: str, objection: Objection) -> bool:
    return target in OBJECTION_TRANSITIONS.get(objection.status, ())


def _state_allows(name: str, objection: Objection, today: date) -> bool:
    """Mirrors the services' state checks (`allowed_from` and their guards) without a query."""
    status = objection.status
    answered_or_lapsed = status not in PRE_DECISION or objection_is_unanswered(objection, today)
    checks = {
        "review": lambda: _allows(OS.UNDER_REVIEW, objection) and status == OS.REGISTERED,
        # Pasal 35(2): never for ground a.
        "settlement_start": lambda: _allows(OS.SETTLEMENT, objection) and not objection.ground_a,
        "settlement_end": lambda: status == OS.SETTLEMENT,
        "decide": lambda: status == OS.UNDER_REVIEW,
        "response": lambda: (
            _allows(OS.APPLICANT_ACCEPTS, objection)
            and not objection.applicant_response
            and (status in (OS.UPHELD, OS.REJECTED, OS.SETTLED) or answered_or_lapsed)
        ),
        "withdraw": lambda: status in PRE_DECISION,
        "dispute": lambda: _allows(OS.DISPUTE, objection) and answered_or_lapsed,
        "dispute_update": lambda: objection_dispute(objection) is not None,
    }
    return checks[name]()


def objection_allowed_actions(user, objection: Objection, *, today: date) -> list[str]:
    """The officer actions `user` may take now: their roles intersected with the objection's
    state. The services re-check everything on POST."""
    permitted = permitted_objection_actions(user, objection)
    return [
        name
        for name, needed in ACTION_PERMISSIONS.items()
        if needed in permitted and _state_allows(name, objection, today)
    ]


# ---- Can this request take an objection? ----------------------------------------------------


@dataclass(frozen=True)
class FilingInfo:
    """What the objection form shows: whether filing is possible (else why), the B4 window, and
    the grounds to pre-select (Keputusan 6)."""

    can_file: bool
    reason: str = ""
    trigger_on: date | None = None
    window_ends_on: date | None = None
    is_late: bool = False
    suggested: list[str] = field(default_factory=list)


def objection_filing_info(*, request: InformationRequest, now: datetime) -> FilingInfo:
    """Mirrors `objection_file`'s refusals so the page can explain them before the applicant types."""
    body = request.body
    calendar = calendar_for(body)
    # Lateness is judged on the day the objection would count as received, as the service does.
    received_on = calendar.effective_receipt_date(
        now, time_zone=body.time_zone, closes_at=body.office_closes_at
    )
    local_today = now.astimezone(ZoneInfo(body.time_zone)).date()
    if request.objections.filter(status__in=OPEN_OBJECTION_STATUSES).exists():
        return FilingInfo(
            False, _("Permohonan ini sudah memiliki keberatan yang sedang diperiksa.")
        )
    pre_notice = request.status in PRE_NOTICE_STATUSES
    if pre_notice and not (request.due_on and request.due_on < local_today):
        return FilingInfo(
            False,
            _(
                "Keberatan dapat diajukan setelah ada pemberitahuan tertulis atau setelah batas "
                "waktu pemberitahuan (%(due)s) lewat tanpa tanggapan."
            )
            % {"due": format_date_id(request.due_on) or "-"},
        )
    if not can_transition(request.status, Status.IN_OBJECTION):
        return FilingInfo(
            False,
            _("Keberatan tidak dapat diajukan untuk permohonan berstatus “%(s)s”.")
            % {"s": Status(request.status).label},
        )
    trigger = objection_trigger(request)
    window_end = calendar.add_working_days(trigger, OBJECTION_FILING_WORKING_DAYS)
    return FilingInfo(
        True,
        trigger_on=trigger,
        window_ends_on=window_end,
        is_late=received_on > window_end,
        suggested=suggested_grounds(request, local_today),
    )
