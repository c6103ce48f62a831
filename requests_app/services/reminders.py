"""Deadline reminders and escalation (issue 4): scans that run from Celery beat.

Never doubled: every reminder is first claimed in `ReminderLedger`, whose unique key is
(item, kind, stage, anchor), in the same transaction as the messages it writes to the outbox.
Repeated beat runs, two workers racing or a re-delivered task find the key taken and send nothing.
A new anchor (an extension moves the due date) starts a fresh cycle.

Scales (issue 7): each scan walks its candidates in primary-key batches with a constant number of
queries per batch (candidates, recipients, ledger keys, one ledger insert, one outbox insert:
on PostgreSQL a binary `COPY` each, the outbox's after a sequence read for the ids);
working days come from the cached calendar without queries. The request scans select in SQL only
the rows whose threshold can be crossed today: per body, the due-date ranges its calendar and
policy make fire (`windowed`), no rows at all on a body's weekend or holiday. Messages are filled
into a stencil per kind, language and shape instead of rendering three templates per reminder
(`notifications.stencil`) and go to the outbox as column values (`outbox.OutboxRow`), not model
instances; what is the same for a whole scan (translated texts, the objection form's address) is
worked out once per scan.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from requests_app.bulk_copy import copy_rows
from requests_app.models import (
    PRE_NOTICE_STATUSES,
    DeadlinePolicy,
    InformationRequest,
    Membership,
    NotificationChannel,
    Outcome,
    PublicBody,
    ReminderLedger,
    Role,
    Status,
    UnitKind,
)
from requests_app.notifications import registry
from requests_app.notifications.channels import applicant_channels, officer_channels
from requests_app.notifications.outbox import (
    OutboxRow,
    message_language,
    outbox_row,
    outbox_rows_store,
)
from requests_app.notifications.registry import RenderedMessage
from requests_app.notifications.stencil import (
    DateToken,
    StencilRenderer,
    date_slots,
    escaped,
    token,
    truncated,
    with_line_breaks,
)
from requests_app.templatetags.ppid_format import format_date_id
from requests_app.workdays import WorkingCalendar, calendar_for

BATCH_SIZE = 1000
DEFAULT_POLICY = DeadlinePolicy(
    officer_offsets="3,1,0",
    overdue_repeat_working_days=2,
    objection_window_reminder_days=5,
    daily_digest=True,
)


class Kind:
    OFFICER_DUE_SOON = "officer.due_soon"
    OVERDUE_ESCALATION = "officer.overdue"
    APPLICANT_DEADLINE_MISSED = "applicant.deadline_missed"
    APPLICANT_OBJECTION_WINDOW = "applicant.objection_window"
    DIGEST = "officer.digest"
    ATASAN_DUE_SOON = "atasan.due_soon"
    ATASAN_OVERDUE = "atasan.overdue"
    APPLICANT_DISPUTE_WINDOW = "applicant.dispute_window"
    KI_COMPLIANCE = "officer.ki_compliance"


@dataclass
class ScanResult:
    candidates: int = 0
    reminders: int = 0
    messages: int = 0
    batches: int = 0

    def add(self, other: ScanResult) -> None:
        self.candidates += other.candidates
        self.reminders += other.reminders
        self.messages += other.messages
        self.batches += other.batches


@dataclass
class PlannedReminder:
    """One ledger key and the messages it stands for."""

    item_key: str
    kind: str
    stage: str
    anchor: str
    # The messages, or a function that renders them: rendering is the scan's main cost, so it
    # waits until the key is known to be fresh (a repeated scan renders nothing).
    messages: list | Callable[[], list] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.item_key, self.kind, self.stage, self.anchor)

    def built(self) -> list:
        if callable(self.messages):
            self.messages = self.messages()
        return self.messages


def officer_request_path(request_id: int) -> str:
    return f"/petugas/permohonan/{request_id}/"


def policy_for(body, policies: dict[int, DeadlinePolicy]) -> DeadlinePolicy:
    return policies.get(body.pk, DEFAULT_POLICY)


def _offsets(policy: DeadlinePolicy) -> set[int]:
    values = set()
    for part in policy.officer_offsets.split(","):
        part = part.strip()
        if part.isdigit():
            values.add(int(part))
    return values


def _batches(queryset: QuerySet, batch_size: int) -> Iterator[list]:
    """Keyset pagination over pk: each batch is one query whatever the table size."""
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


class Recipients:
    """Officer memberships for the bodies and units of one batch, loaded with one query."""

    def __init__(
        self, requests: Iterable[InformationRequest], renderer: StencilRenderer | None = None
    ) -> None:
        self.renderer = renderer
        body_ids = {r.body_id for r in requests}
        rows = Membership.objects.filter(
            body_id__in=body_ids,
            role__in=[Role.UTAMA_OFFICER, Role.PELAKSANA_OFFICER, Role.UNIT_HEAD],
        ).select_related("user", "unit")
        self.by_unit: dict[tuple[int, str], list] = defaultdict(list)
        self.utama_by_body: dict[int, list] = defaultdict(list)
        for m in rows:
            if not m.user.is_active:
                continue
            if m.role == Role.UTAMA_OFFICER and (
                m.unit_id is None or m.unit.kind == UnitKind.PPID_UTAMA
            ):
                self.utama_by_body[m.body_id].append(m.user)
            if m.unit_id is not None:
                self.by_unit[(m.unit_id, m.role)].append(m.user)

    def handling_officers(self, request: InformationRequest) -> list:
        if request.assigned_unit_id:
            officers = self.by_unit.get((request.assigned_unit_id, Role.PELAKSANA_OFFICER), [])
            if officers:
                return officers
        return self.utama_by_body.get(request.body_id, [])

    def escalation_contacts(self, request: InformationRequest) -> list:
        """The PPID Utama and the head of the assigned unit."""
        users = list(self.utama_by_body.get(request.body_id, []))
        if request.assigned_unit_id:
            users += self.by_unit.get((request.assigned_unit_id, Role.UNIT_HEAD), [])
        return list({u.pk: u for u in users}.values())


def _officer_messages(
    users,
    *,
    headline: str,
    message: str,
    items: list[dict],
    request=None,
    now,
    renderer: StencilRenderer | None = None,
) -> list[OutboxRow]:
    """One alert per officer and enabled channel (`channels.officer_channels`). The text does not
    depend on the recipient or the channel, so it is rendered once: rendering dominated the scan
    (issue 7). With a `renderer`, an alert about one item is filled into a stencil."""
    context = {"headline": headline, "message": message, "items": items}
    language = message_language(request)

    def render() -> RenderedMessage:
        if renderer is not None and len(items) == 1 and items[0]["due_on"] is not None:
            return _officer_alert_rendered(renderer, context, language=language)
        return registry.render_message(registry.OFFICER_ALERT.code, context, language=language)

    return _rows_rendered_once(
        kind=registry.OFFICER_ALERT.code,
        recipients=(
            (user.pk, channel, address)
            for user in users
            for channel, address in officer_channels(user)
        ),
        render=render,
        request_id=request.pk if request is not None else None,
        now=now,
    )


def _rows_rendered_once(
    *,
    kind: str,
    recipients: Iterable[tuple[int | None, str, str]],
    render: Callable[[], RenderedMessage],
    request_id: int | None,
    now: datetime,
) -> list[OutboxRow]:
    """One row per (user id, channel, address) that can be delivered. The text depends on neither
    recipient nor channel, so it is rendered at the first one only: rendering dominated the scan."""
    rows, rendered = [], None
    for user_id, channel, address in recipients:
        if channel != NotificationChannel.IN_APP and not address:
            continue  # as notification_build: no delivery without an address
        if rendered is None:
            rendered = render()
        rows.append(
            outbox_row(
                kind=kind,
                rendered=rendered,
                channel=channel,
                request_id=request_id,
                recipient_user_id=user_id,
                recipient_address=address,
                now=now,
            )
        )
    return rows


def _officer_alert_rendered(renderer: StencilRenderer, context: dict, *, language):
    """`registry.OFFICER_ALERT` about one item, from a stencil per language, note or not and month
    of the due date."""
    item = context["items"][0]

    def stencil_context() -> dict:
        return {
            "headline": token("headline"),
            "message": token("message"),
            "items": [
                {
                    "number": token("number"),
                    "subject": token("subject"),
                    "due_on": DateToken("due_on", item["due_on"].month),
                    "path": token("path"),
                    "note": token("note") if item["note"] else "",
                }
            ],
        }

    def slots() -> dict:
        return {
            "headline": escaped(context["headline"]),
            "message": with_line_breaks(context["message"]),
            "number": escaped(item["number"]),
            "subject": escaped(truncated(item["subject"], 80)),
            **date_slots("due_on", item["due_on"]),
            "path": escaped(item["path"]),
            "note": escaped(item["note"]),
        }

    return renderer.render(
        registry.OFFICER_ALERT.code,
        language=language,
        shape=(bool(item["note"]), item["due_on"].month),
        context=context,
        stencil_context=stencil_context,
        slots=slots,
    )


class _RequestStandIn:
    """What `email/request_update/` reads from a request, as stencil tokens."""

    def __init__(self, due_month: int | None) -> None:
        self.full_name = token("full_name")
        self.registration_number = token("registration_number")
        self.due_on = DateToken("due_on", due_month) if due_month else None
        self.body = {"name": token("body_name")}

    def get_status_display(self) -> str:
        return token("status")


def _applicant_update_messages(
    request: InformationRequest,
    *,
    headline: str,
    message: str,
    now: datetime,
    renderer: StencilRenderer | None,
) -> list[OutboxRow]:
    """As `outbox.applicant_messages_build` for `registry.REQUEST_UPDATE`: one row per channel
    that reaches the applicant, rendered once (from a stencil when a `renderer` is given)."""
    context = {"request": request, "headline": headline, "message": message}
    language = message_language(request)

    def render() -> RenderedMessage:
        if renderer is not None:
            return _applicant_update_rendered(renderer, context, language=language)
        return registry.render_message(registry.REQUEST_UPDATE.code, context, language=language)

    return _rows_rendered_once(
        kind=registry.REQUEST_UPDATE.code,
        recipients=((None, channel, address) for channel, address in applicant_channels(request)),
        render=render,
        request_id=request.pk,
        now=now,
    )


def _applicant_update_rendered(renderer: StencilRenderer, context: dict, *, language):
    request = context["request"]
    due_on = request.due_on

    def slots() -> dict:
        def label() -> str:
            with translation.override(language or settings.LANGUAGE_CODE):
                return str(request.get_status_display())

        status = renderer.value(("status", language, request.status), label)
        return {
            "full_name": escaped(request.full_name),
            "registration_number": escaped(request.registration_number),
            "status": escaped(status),
            **(date_slots("due_on", due_on) if due_on else {}),
            "body_name": escaped(request.body.name),
            "headline": escaped(context["headline"]),
            "message": with_line_breaks(context["message"]),
        }

    return renderer.render(
        registry.REQUEST_UPDATE.code,
        language=language,
        shape=(due_on.month if due_on else None,),
        context=context,
        stencil_context=lambda: {
            "request": _RequestStandIn(due_on.month if due_on else None),
            "headline": token("headline"),
            "message": token("message"),
        },
        slots=slots,
    )


def _item(request: InformationRequest, note: str = "") -> dict:
    return {
        "number": request.registration_number,
        "subject": request.information_requested,
        "due_on": request.due_on,
        "path": officer_request_path(request.pk),
        "note": note,
    }


def _commit(planned: list[PlannedReminder], now: datetime) -> tuple[int, int]:
    """Claim the ledger keys not yet taken and store their messages, in one transaction.

    Returns (reminders claimed, messages stored)."""
    if not planned:
        return 0, 0
    item_keys = {p.item_key for p in planned}
    taken = set(
        ReminderLedger.objects.filter(
            item_key__in=item_keys, kind__in={p.kind for p in planned}
        ).values_list("item_key", "kind", "stage", "anchor")
    )
    fresh = [p for p in planned if p.key not in taken]
    if not fresh:
        return 0, 0
    try:
        with transaction.atomic():
            _ledger_claim(fresh, now)
            stored = outbox_rows_store([m for p in fresh for m in p.built()])
        return len(fresh), len(stored)
    except IntegrityError:
        # Another scan claimed some of these keys in the meantime: claim one by one.
        return _commit_one_by_one(fresh, now)


def _ledger_claim(planned: list[PlannedReminder], now: datetime) -> None:
    """Insert the ledger keys of `planned`; IntegrityError when one is taken."""
    if connection.vendor == "postgresql":
        fields = [
            ReminderLedger._meta.get_field(name)
            for name in ("item_key", "kind", "stage", "anchor", "created_at")
        ]
        copy_rows(ReminderLedger, fields, ((*p.key, now) for p in planned))
        return
    ReminderLedger.objects.bulk_create(
        [
            ReminderLedger(
                item_key=p.item_key, kind=p.kind, stage=p.stage, anchor=p.anchor, created_at=now
            )
            for p in planned
        ]
    )


def _commit_one_by_one(planned: list[PlannedReminder], now: datetime) -> tuple[int, int]:
    claimed = stored = 0
    for p in planned:
        try:
            with transaction.atomic():
                ReminderLedger.objects.create(
                    item_key=p.item_key, kind=p.kind, stage=p.stage, anchor=p.anchor, created_at=now
                )
                stored += len(outbox_rows_store(p.built()))
                claimed += 1
        except IntegrityError:
            continue
    return claimed, stored


def _in_installation_language(function):
    """Scans write official messages: their eagerly translated texts (headlines, item lines) never
    take the language of whoever happened to trigger the scan (a web request, a test). Messages to
    applicants switch to their body's correspondence language where they are written."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


@dataclass
class BodyDay:
    """A body whose local date at the scan's moment is a working day."""

    body: PublicBody
    calendar: WorkingCalendar
    policy: DeadlinePolicy
    today: date


@dataclass
class ScanScope:
    """Bodies and policies, loaded once per scan (two queries)."""

    bodies: dict[int, PublicBody]
    policies: dict[int, DeadlinePolicy]

    @classmethod
    def load(cls) -> ScanScope:
        return cls(
            bodies={b.pk: b for b in PublicBody.objects.all()},
            policies={p.body_id: p for p in DeadlinePolicy.objects.all()},
        )

    def working_today(self, now: datetime) -> list[BodyDay]:
        days = []
        for body in self.bodies.values():
            calendar = calendar_for(body)
            today = now.astimezone(ZoneInfo(body.time_zone)).date()
            if calendar.is_working_day(today):
                days.append(BodyDay(body, calendar, policy_for(body, self.policies), today))
        return days


def _windows_condition(field: str, windows: dict[int, list[tuple[date | None, date]]]) -> Q | None:
    """`field` within one of its body's (first, last) day ranges (first None: no lower bound);
    bodies with the same ranges share one term. None when no body has a range."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for body_id, ranges in windows.items():
        if ranges:
            groups[tuple(ranges)].append(body_id)
    if not groups:
        return None
    condition = Q()
    for ranges, body_ids in groups.items():
        within = Q()
        for first, last in ranges:
            within |= (
                Q(**{f"{field}__lte": last})
                if first is None
                else Q(**{f"{field}__range": (first, last)})
            )
        condition |= Q(body_id__in=sorted(body_ids)) & within
    return condition


def _request_scan(
    queryset: QuerySet,
    plan: Callable,
    *,
    field: str,
    window: Callable[[BodyDay], list[tuple[date | None, date]]],
    now: datetime,
    batch_size: int,
) -> ScanResult:
    """A scan over requests that selects in SQL only those whose `field` falls, per body, in the
    day ranges where `plan` can fire today (computed from the body's calendar and policy); `plan`
    still decides per row. Bodies come from the scope instead of a join per row."""
    scope = ScanScope.load()
    candidates = windowed(queryset, field=field, window=window, now=now, scope=scope)
    if candidates is None:
        return ScanResult()  # a weekend or holiday for every body: nothing can fire
    return _run(candidates, plan, now=now, batch_size=batch_size, scope=scope)


def windowed(
    queryset: QuerySet,
    *,
    field: str,
    window: Callable[[BodyDay], list[tuple[date | None, date]]],
    now: datetime,
    scope: ScanScope,
) -> QuerySet | None:
    """`queryset` narrowed to the rows whose `field` is in their body's window today; None when
    no body has a window (no body has a working day)."""
    condition = _windows_condition(
        field, {day.body.pk: window(day) for day in scope.working_today(now)}
    )
    return None if condition is None else queryset.filter(condition)


@_in_installation_language
def _run(
    queryset: QuerySet,
    plan: Callable,
    *,
    now: datetime,
    batch_size: int,
    recipients_class=None,
    scope: ScanScope | None = None,
) -> ScanResult:
    result = ScanResult()
    if scope is None:
        policies = {p.body_id: p for p in DeadlinePolicy.objects.all()}
    else:
        policies = scope.policies
    recipients_class = recipients_class or Recipients
    renderer = StencilRenderer()
    for batch in _batches(queryset, batch_size):
        if scope is not None:
            for item in batch:
                item.body = scope.bodies[item.body_id]
        recipients = recipients_class(batch, renderer)
        planned = [p for request in batch for p in plan(request, recipients, policies, now)]
        claimed, stored = _commit(planned, now)
        result.add(ScanResult(len(batch), claimed, stored, 1))
    return result


def _today(request: InformationRequest, now: datetime) -> date:
    from requests_app.services.workflow import local_today

    return local_today(request, now)


def _plan_due_soon(request, recipients, policies, now) -> list[PlannedReminder]:
    policy = policy_for(request.body, policies)
    today = _today(request, now)
    calendar = calendar_for(request.body)
    if not calendar.is_working_day(today) or request.due_on < today:
        return []  # nothing fires on weekends or holidays; overdue is the escalation's business
    left = calendar.working_days_between(today, request.due_on)
    if left not in _offsets(policy):
        return []
    headline = _("Pengingat: %(n)s hari kerja menuju batas waktu %(number)s") % {
        "n": left,
        "number": request.registration_number,
    }
    message = _("Pemberitahuan tertulis untuk permohonan ini jatuh tempo %(due)s.") % {
        "due": request.due_on.isoformat()
    }
    return [
        PlannedReminder(
            f"request:{request.pk}",
            Kind.OFFICER_DUE_SOON,
            str(left),
            request.due_on.isoformat(),
            lambda: _officer_messages(
                recipients.handling_officers(request),
                headline=headline,
                message=message,
                items=[_item(request)],
                request=request,
                now=now,
                renderer=recipients.renderer,
            ),
        )
    ]


def scan_due_soon(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> ScanResult:
    """Officers of the assigned unit, at the configured working-day offsets before the due date."""
    now = now or timezone.now()
    return _request_scan(
        due_soon_candidates(now),
        _plan_due_soon,
        field="due_on",
        window=_due_soon_window,
        now=now,
        batch_size=batch_size,
    )


def due_soon_candidates(now: datetime) -> QuerySet:
    today = timezone.localdate(now)
    # Due within the next few weeks (the largest offset in working days is far less).
    horizon = today + timedelta(days=45)
    return InformationRequest.objects.filter(
        status__in=PRE_NOTICE_STATUSES,
        due_on__gte=today - timedelta(days=1),
        due_on__lte=horizon,
        paused_working_days_left__isnull=True,
    )


def _due_soon_window(day: BodyDay) -> list[tuple[date, date]]:
    """The due dates `left` working days ahead, for each offset: from that working day up to the
    day before the next one (a due date on a holiday counts as the working day before it)."""
    calendar, today = day.calendar, day.today
    return [
        (
            today if left == 0 else calendar.add_working_days(today, left),
            calendar.add_working_days(today, left + 1) - timedelta(days=1),
        )
        for left in sorted(_offsets(day.policy))
    ]


def _plan_overdue(request, recipients, policies, now) -> list[PlannedReminder]:
    policy = policy_for(request.body, policies)
    today = _today(request, now)
    calendar = calendar_for(request.body)
    days_late = calendar.working_days_between(request.due_on, today)
    if days_late < 1 or not calendar.is_working_day(today):
        return []
    cycle = (days_late - 1) // max(policy.overdue_repeat_working_days, 1)
    anchor = request.due_on.isoformat()
    headline, message, note = _translated(
        recipients.renderer,
        settings.LANGUAGE_CODE,
        gettext_noop("Lewat batas waktu: %(number)s (%(n)s hari kerja)"),
        gettext_noop(
            "Pemberitahuan tertulis belum dikirim dan batas waktu telah lewat. Pemohon berhak mengajukan keberatan (Pasal 35 ayat 1 huruf c)."
        ),
        gettext_noop("terlambat %(n)s HK"),
    )
    headline %= {"number": request.registration_number, "n": days_late}
    note %= {"n": days_late}
    planned = [
        PlannedReminder(
            f"request:{request.pk}",
            Kind.OVERDUE_ESCALATION,
            f"overdue-{cycle}",
            anchor,
            lambda: _officer_messages(
                recipients.escalation_contacts(request),
                headline=headline,
                message=message,
                items=[_item(request, note)],
                request=request,
                now=now,
                renderer=recipients.renderer,
            ),
        )
    ]
    planned.append(
        PlannedReminder(
            f"request:{request.pk}",
            Kind.APPLICANT_DEADLINE_MISSED,
            "1",
            anchor,
            lambda: _applicant_deadline_missed(request, now, recipients.renderer),
        )
    )
    return planned


def _translated(
    renderer: StencilRenderer | None, language: str | None, *messages: str
) -> list[str]:
    """`messages` (marked with `gettext_noop`) in `language`, as `_()` under
    `translation.override(language)` gives them. A scan's `renderer` keeps them: each `_()` looks
    the active language up again, and an overdue request took five of them and an override."""

    def translate() -> list[str]:
        with translation.override(language):
            return [_(message) for message in messages]

    if renderer is None:
        return translate()
    return renderer.value(("texts", language, messages), translate)


# What `reverse` puts into a path as it is (nothing to quote); registration numbers are made of it.
_PLAIN_PATH_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_NUMBER_MARKER = "REGISTRATION-NUMBER"


def objection_form_url(request: InformationRequest, renderer: StencilRenderer | None = None) -> str:
    """The citizen's objection form for `request` (it asks for the tracking token when needed).

    A scan's `renderer` keeps the address around the number: reversing it for every request cost
    about as much as filling the message."""
    number = request.registration_number
    if renderer is None or not _PLAIN_PATH_TEXT.fullmatch(number):
        return _objection_form_url(number)
    before, after = renderer.value(
        ("objection_form_url",),
        lambda: tuple(_objection_form_url(_NUMBER_MARKER).rsplit(_NUMBER_MARKER, 1)),
    )
    return f"{before}{number}{after}"


def _objection_form_url(number: str) -> str:
    path = reverse("objection_create", kwargs={"registration_number": number})
    return f"{settings.SITE_URL}{path}"


def _applicant_deadline_missed(
    request: InformationRequest, now: datetime, renderer: StencilRenderer | None = None
) -> list:
    headline, message = _translated(
        renderer,
        request.body.correspondence_language,
        gettext_noop("Permohonan Anda belum ditanggapi"),
        gettext_noop(
            "Batas waktu pemberitahuan tertulis (%(due)s) telah lewat tanpa tanggapan. Anda berhak mengajukan "
            "keberatan kepada atasan PPID dengan alasan permohonan tidak ditanggapi (UU 14/2008 Pasal 35 ayat 1 "
            "huruf c), paling lambat %(last)s (30 hari kerja). Ajukan keberatan melalui formulir berikut: %(url)s"
        ),
    )
    message %= {
        "due": format_date_id(request.due_on, with_day=True),
        "last": format_date_id(request.objection_window_ends_on, with_day=True) or "-",
        "url": objection_form_url(request, renderer),
    }
    return _applicant_update_messages(
        request, headline=headline, message=message, now=now, renderer=renderer
    )


def scan_overdue(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> ScanResult:
    """Escalate to the PPID Utama and the unit head, repeating every N working days; tell the
    applicant once that the deadline passed and how to object."""
    now = now or timezone.now()
    return _request_scan(
        overdue_candidates(now),
        _plan_overdue,
        field="due_on",
        window=_overdue_window,
        now=now,
        batch_size=batch_size,
    )


def overdue_candidates(now: datetime) -> QuerySet:
    return InformationRequest.objects.filter(
        status__in=PRE_NOTICE_STATUSES,
        due_on__lt=timezone.localdate(now),
        paused_working_days_left__isnull=True,
    )


def _overdue_window(day: BodyDay) -> list[tuple[None, date]]:
    """At least one working day late: due before today, today being a working day."""
    return [(None, day.today - timedelta(days=1))]


OBJECTION_GROUND_OUTCOMES = (
    Outcome.REFUSED_EXEMPT,
    Outcome.GRANTED_PARTLY,
    Outcome.NOT_HELD,
    Outcome.NOT_YET_DOCUMENTED,
)


def _plan_objection_window(request, recipients, policies, now) -> list[PlannedReminder]:
    policy = policy_for(request.body, policies)
    today = _today(request, now)
    calendar = calendar_for(request.body)
    if not calendar.is_working_day(today):
        return []  # nothing fires on weekends or holidays; the next working day still is in time
    left = calendar.working_days_between(today, request.objection_window_ends_on)
    if not 0 <= left <= policy.objection_window_reminder_days:
        return []
    renderer = recipients.renderer
    headline, message = _translated(
        renderer,
        request.body.correspondence_language,
        gettext_noop("Batas pengajuan keberatan segera berakhir"),
        gettext_noop(
            "Batas pengajuan keberatan atas permohonan ini adalah %(last)s (30 hari kerja, UU 14/2008 Pasal 36 ayat 1). "
            "Bila Anda tidak puas dengan tanggapan PPID, ajukan keberatan melalui formulir berikut: %(url)s"
        ),
    )
    message %= {
        "last": format_date_id(request.objection_window_ends_on, with_day=True),
        "url": objection_form_url(request, renderer),
    }

    def build() -> list:
        return _applicant_update_messages(
            request, headline=headline, message=message, now=now, renderer=renderer
        )

    return [
        PlannedReminder(
            f"request:{request.pk}",
            Kind.APPLICANT_OBJECTION_WINDOW,
            "1",
            request.objection_window_ends_on.isoformat(),
            build,
        )
    ]


def scan_objection_windows(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> ScanResult:
    """Remind applicants with a ground to object (refusal, partial grant, not held, late or no
    answer) before their 30 HK window closes, unless they already objected."""
    now = now or timezone.now()
    return _request_scan(
        objection_window_candidates(now),
        _plan_objection_window,
        field="objection_window_ends_on",
        window=_objection_window_window,
        now=now,
        batch_size=batch_size,
    )


def objection_window_candidates(now: datetime) -> QuerySet:
    today = timezone.localdate(now)
    has_ground = (
        Q(
            status__in=[Status.NOTIFIED, Status.DELIVERED, Status.CLOSED],
            outcome__in=OBJECTION_GROUND_OUTCOMES,
        )
        | Q(status__in=[Status.NOTIFIED, Status.DELIVERED, Status.CLOSED], notice_late=True)
        | Q(status__in=PRE_NOTICE_STATUSES, due_on__lt=today)
    )
    return InformationRequest.objects.filter(
        has_ground,
        objection_window_ends_on__gte=today,
        objection_window_ends_on__lte=today + timedelta(days=21),
        objections__isnull=True,
    )


def _objection_window_window(day: BodyDay) -> list[tuple[date, date]]:
    """Windows closing within the policy's reminder days: 0 to N working days from today."""
    days = day.policy.objection_window_reminder_days
    if days < 0:
        return []
    return [(day.today, day.calendar.add_working_days(day.today, days + 1) - timedelta(days=1))]


DIGEST_SOON_WORKING_DAYS = 3
DIGEST_ITEM_LIMIT = 50


@_in_installation_language
def send_daily_digests(*, now: datetime | None = None) -> ScanResult:
    """One message per officer listing what is overdue, due today and due soon for them; nothing
    when nothing is pending. Reads all pending requests in one query, groups them in memory."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = list(
        InformationRequest.objects.filter(
            status__in=PRE_NOTICE_STATUSES,
            due_on__lte=today + timedelta(days=14),
            paused_working_days_left__isnull=True,
        )
        .select_related("body")
        .order_by("due_on", "pk")
    )
    by_body: dict[int, list] = defaultdict(list)
    by_unit: dict[int, list] = defaultdict(list)
    for request in pending:
        by_body[request.body_id].append(request)
        if request.assigned_unit_id:
            by_unit[request.assigned_unit_id].append(request)
    policies = {p.body_id: p for p in DeadlinePolicy.objects.all()}
    officers = Membership.objects.filter(
        role__in=[Role.UTAMA_OFFICER, Role.PELAKSANA_OFFICER], user__is_active=True
    ).select_related("user", "unit", "body")
    planned = []
    for membership in officers:
        if not policy_for(membership.body, policies).daily_digest:
            continue
        body_wide = membership.unit_id is None or membership.unit.kind == UnitKind.PPID_UTAMA
        mine = by_body[membership.body_id] if body_wide else by_unit[membership.unit_id]
        digest = _digest_for(membership, mine, now)
        if digest is not None:
            planned.append(digest)
    claimed, stored = _commit(_merge_per_user(planned), now)
    return ScanResult(len(pending), claimed, stored, 1)


def _digest_for(membership: Membership, requests: list, now: datetime) -> PlannedReminder | None:
    calendar = calendar_for(membership.body)
    today = timezone.localtime(now, ZoneInfo(membership.body.time_zone)).date()
    if not calendar.is_working_day(today):
        return None  # beat runs Monday-Friday; a public holiday or cuti bersama on a weekday is off
    items, counts = [], {"overdue": 0, "today": 0, "soon": 0}
    for request in requests:
        left = calendar.working_days_between(today, request.due_on)
        if request.due_on < today:
            counts["overdue"] += 1
            note = _("terlambat")
        elif left == 0:
            counts["today"] += 1
            note = _("jatuh tempo hari ini")
        elif left <= DIGEST_SOON_WORKING_DAYS:
            counts["soon"] += 1
            note = _("%(n)s HK lagi") % {"n": left}
        else:
            continue
        if len(items) < DIGEST_ITEM_LIMIT:
            items.append(_item(request, note))
    if not items:
        return None
    headline = _(
        "Ringkasan harian PPID: %(o)s terlambat, %(t)s jatuh tempo hari ini, %(s)s segera"
    ) % {
        "o": counts["overdue"],
        "t": counts["today"],
        "s": counts["soon"],
    }
    message = _("Daftar permohonan yang perlu Anda tindak lanjuti.")
    return PlannedReminder(
        f"user:{membership.user_id}",
        Kind.DIGEST,
        today.isoformat(),
        today.isoformat(),
        lambda: _officer_messages(
            [membership.user], headline=headline, message=message, items=items, now=now
        ),
    )


def _merge_per_user(planned: list[PlannedReminder]) -> list[PlannedReminder]:
    """An officer with two memberships still gets one digest (the first one planned)."""
    seen, merged = set(), []
    for p in planned:
        if p.key not in seen:
            seen.add(p.key)
            merged.append(p)
    return merged


class ObjectionRecipients:
    """The atasan PPID per body and per OPD, and the PPID Utama desk, for one batch of objections
    (or disputes, through their objection), loaded with one query."""

    def __init__(self, items, renderer: StencilRenderer | None = None) -> None:
        self.renderer = renderer
        objections = [getattr(item, "objection", item) for item in items]
        rows = Membership.objects.filter(
            body_id__in={o.body_id for o in objections},
            role__in=[Role.ATASAN, Role.UTAMA_OFFICER],
            user__is_active=True,
        ).select_related("user", "unit")
        self.atasan: dict[tuple[int, int | None], list] = defaultdict(list)
        self.utama: dict[int, list] = defaultdict(list)
        for m in rows:
            if m.role == Role.ATASAN:
                self.atasan[(m.body_id, m.unit_id)].append(m.user)
            elif m.unit_id is None or m.unit.kind == UnitKind.PPID_UTAMA:
                self.utama[m.body_id].append(m.user)

    def atasan_for(self, objection) -> list:
        """F6: the OPD's atasan when configured, else the body's."""
        unit_level = (
            self.atasan.get((objection.body_id, objection.handling_unit_id), [])
            if objection.handling_unit_id
            else []
        )
        return unit_level or self.atasan.get((objection.body_id, None), [])


def _objection_item(objection, due_on: date, note: str = "") -> dict:
    return {
        "number": objection.registration_number,
        "subject": objection.case_facts,
        "due_on": due_on,
        "path": f"/petugas/keberatan/{objection.pk}/",
        "note": note,
    }


def _plan_atasan(objection, recipients, policies, now) -> list[PlannedReminder]:
    policy = policy_for(objection.body, policies)
    calendar = calendar_for(objection.body)
    today = timezone.localtime(now, ZoneInfo(objection.body.time_zone)).date()
    if not calendar.is_working_day(today):
        return []
    left = calendar.working_days_between(today, objection.atasan_due_on)
    anchor = objection.atasan_due_on.isoformat()
    users = recipients.atasan_for(objection)
    if left >= 0 and left in _offsets(policy):
        headline = _("Pengingat: tanggapan keberatan %(n)s jatuh tempo %(due)s") % {
            "n": objection.registration_number,
            "due": anchor,
        }
        stage, kind = str(left), Kind.ATASAN_DUE_SOON
        message = _(
            "Atasan PPID wajib menanggapi keberatan secara tertulis paling lambat 30 hari kerja (Pasal 36 ayat 2)."
        )
    elif left < 0:
        late = -left
        stage = f"overdue-{(late - 1) // max(policy.overdue_repeat_working_days, 1)}"
        kind = Kind.ATASAN_OVERDUE
        headline = _("Lewat batas tanggapan keberatan %(n)s (%(d)s hari kerja)") % {
            "n": objection.registration_number,
            "d": late,
        }
        message = _(
            "Pemohon kini dapat mengajukan sengketa informasi ke Komisi Informasi (Pasal 37)."
        )
        users = list(
            {u.pk: u for u in users + recipients.utama.get(objection.body_id, [])}.values()
        )
    else:
        return []
    return [
        PlannedReminder(
            f"objection:{objection.pk}",
            kind,
            stage,
            anchor,
            lambda: _officer_messages(
                users,
                headline=headline,
                message=message,
                items=[_objection_item(objection, objection.atasan_due_on)],
                request=objection.request,
                now=now,
                renderer=recipients.renderer,
            ),
        )
    ]


def scan_objections(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> ScanResult:
    """The atasan's 30 HK clock: reminders at the offsets, then escalation while overdue."""
    from requests_app.models import OPEN_OBJECTION_STATUSES, Objection

    now = now or timezone.now()
    queryset = Objection.objects.filter(status__in=OPEN_OBJECTION_STATUSES).select_related(
        "body", "request", "request__body"
    )
    return _run(
        queryset, _plan_atasan, now=now, batch_size=batch_size, recipients_class=ObjectionRecipients
    )


def _plan_dispute_window(objection, recipients, policies, now) -> list[PlannedReminder]:
    policy = policy_for(objection.body, policies)
    calendar = calendar_for(objection.body)
    today = timezone.localtime(now, ZoneInfo(objection.body.time_zone)).date()
    if not calendar.is_working_day(today):
        return []  # nothing fires on weekends or holidays
    left = calendar.working_days_between(today, objection.dispute_window_ends_on)
    if not 0 <= left <= policy.objection_window_reminder_days:
        return []
    request = objection.request
    with translation.override(request.body.correspondence_language):
        headline = _("Batas pengajuan sengketa segera berakhir")
        message = _(
            "Bila Anda tidak puas dengan tanggapan atas keberatan %(n)s (atau tidak ada tanggapan), Anda dapat "
            "mengajukan sengketa informasi ke Komisi Informasi paling lambat %(last)s (14 hari kerja, UU 14/2008 Pasal 37)."
        ) % {
            "n": objection.registration_number,
            "last": format_date_id(objection.dispute_window_ends_on, with_day=True),
        }

    renderer = recipients.renderer

    def build() -> list:
        return _applicant_update_messages(
            request, headline=headline, message=message, now=now, renderer=renderer
        )

    return [
        PlannedReminder(
            f"objection:{objection.pk}",
            Kind.APPLICANT_DISPUTE_WINDOW,
            "1",
            objection.dispute_window_ends_on.isoformat(),
            build,
        )
    ]


def scan_dispute_windows(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> ScanResult:
    """Remind the applicant before the 14 HK dispute window closes (decided or unanswered objections)."""
    from requests_app.models import Objection, ObjectionStatus

    now = now or timezone.now()
    today = timezone.localdate(now)
    queryset = Objection.objects.filter(
        status__in=[
            ObjectionStatus.UPHELD,
            ObjectionStatus.REJECTED,
            ObjectionStatus.REGISTERED,
            ObjectionStatus.UNDER_REVIEW,
            ObjectionStatus.SETTLEMENT,
        ],
        applicant_response="",
        dispute_window_ends_on__gte=today,
        dispute_window_ends_on__lte=today + timedelta(days=21),
    ).select_related("body", "request", "request__body")
    return _run(
        queryset,
        _plan_dispute_window,
        now=now,
        batch_size=batch_size,
        recipients_class=ObjectionRecipients,
    )


def _plan_compliance(dispute, recipients, policies, now) -> list[PlannedReminder]:
    objection = dispute.objection
    policy = policy_for(objection.body, policies)
    calendar = calendar_for(objection.body)
    today = timezone.localtime(now, ZoneInfo(objection.body.time_zone)).date()
    if not calendar.is_working_day(today):
        return []
    left = calendar.working_days_between(today, dispute.release_due_on)
    if left >= 0 and left not in _offsets(policy):
        return []
    stage = (
        str(left)
        if left >= 0
        else f"overdue-{(-left - 1) // max(policy.overdue_repeat_working_days, 1)}"
    )
    headline = _("Pelaksanaan putusan Komisi Informasi %(r)s: batas %(due)s") % {
        "r": dispute.ki_register_number,
        "due": dispute.release_due_on.isoformat(),
    }
    users = list(
        {
            u.pk: u
            for u in recipients.utama.get(objection.body_id, []) + recipients.atasan_for(objection)
        }.values()
    )
    return [
        PlannedReminder(
            f"dispute:{dispute.pk}",
            Kind.KI_COMPLIANCE,
            stage,
            dispute.release_due_on.isoformat(),
            lambda: _officer_messages(
                users,
                headline=headline,
                message=dispute.release_description,
                items=[_objection_item(objection, dispute.release_due_on)],
                request=objection.request,
                now=now,
                renderer=recipients.renderer,
            ),
        )
    ]


def scan_ki_compliance(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> ScanResult:
    """The compliance clock on a KI decision that orders release, until compliance is recorded."""
    from requests_app.models import Dispute

    now = now or timezone.now()
    queryset = Dispute.objects.filter(
        release_due_on__isnull=False, complied_on__isnull=True
    ).select_related("objection", "objection__body", "objection__request__body")
    return _run(
        queryset,
        _plan_compliance,
        now=now,
        batch_size=batch_size,
        recipients_class=ObjectionRecipients,
    )


def scan_all(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> dict[str, ScanResult]:
    now = now or timezone.now()
    return {
        "due_soon": scan_due_soon(now=now, batch_size=batch_size),
        "overdue": scan_overdue(now=now, batch_size=batch_size),
        "objection_window": scan_objection_windows(now=now, batch_size=batch_size),
        "objections": scan_objections(now=now, batch_size=batch_size),
        "dispute_window": scan_dispute_windows(now=now, batch_size=batch_size),
        "ki_compliance": scan_ki_compliance(now=now, batch_size=batch_size),
    }
