"""Issue 7: the request scans select in SQL only what can fire today, messages are filled into
stencils, and the query count follows the batches, not the rows."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from requests_app.models import (
    CalendarOverride,
    DeadlinePolicy,
    InformationRequest,
    Notification,
    NotificationChannel,
    OverrideKind,
    ReminderLedger,
)
from requests_app.notifications import registry
from requests_app.notifications.outbox import (
    COPY_MIN_ROWS,
    OutboxRow,
    notifications_store,
    outbox_rows_store,
)
from requests_app.notifications.stencil import (
    StencilRenderer,
    token,
    truncated,
    with_line_breaks,
)
from requests_app.services import reminders
from requests_app.services.workflow import request_route, request_verify
from requests_app.workdays import invalidate_calendars

JKT = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 24, 9, 0, tzinfo=JKT)

REQUEST_SCANS = {
    "due_soon": (
        reminders.due_soon_candidates,
        reminders._plan_due_soon,
        "due_on",
        reminders._due_soon_window,
    ),
    "overdue": (
        reminders.overdue_candidates,
        reminders._plan_overdue,
        "due_on",
        reminders._overdue_window,
    ),
    "objection_window": (
        reminders.objection_window_candidates,
        reminders._plan_objection_window,
        "objection_window_ends_on",
        reminders._objection_window_window,
    ),
}


@pytest.fixture
def routed_request(submit, utama_officer, opd_officer, opd):
    def make():
        request = submit(now=T0).request
        request = request_verify(request=request, actor=utama_officer, now=T0)
        return request_route(request=request, actor=utama_officer, unit=opd, now=T0)

    return make


@pytest.fixture
def spread(routed_request, body):
    """A request due on every day from 31 March to 14 May 2025 (weekends and holidays included),
    its objection window closing 9 days later; a regional holiday on Tuesday 15 April; the request
    due on 22 April paused; a second body policy offset (5) to cross more boundaries."""
    DeadlinePolicy.objects.create(
        body=body,
        officer_offsets="5,3,1,0",
        overdue_repeat_working_days=3,
        objection_window_reminder_days=4,
        daily_digest=True,
    )
    CalendarOverride.objects.create(
        body=body, date=date(2025, 4, 15), kind=OverrideKind.HOLIDAY, sk_reference="SK 1/2025"
    )
    invalidate_calendars()
    first = date(2025, 3, 31)
    for offset in range(45):
        request = routed_request()
        due = first + timedelta(days=offset)
        InformationRequest.objects.filter(pk=request.pk).update(
            due_on=due,
            objection_window_ends_on=due + timedelta(days=9),
            paused_working_days_left=4 if due == date(2025, 4, 22) else None,
        )


def _fired(queryset, plan, now) -> set[int]:
    policies = {p.body_id: p for p in DeadlinePolicy.objects.all()}
    rows = list(queryset.select_related("body"))
    recipients = reminders.Recipients(rows)
    return {r.pk for r in rows if plan(r, recipients, policies, now)}


@pytest.mark.parametrize("scan", sorted(REQUEST_SCANS))
def test_sql_selection_is_exactly_what_the_per_row_rules_fire(spread, scan):
    """Over five weeks of scan moments (weekends, Good Friday, the regional holiday), the rows the
    windowed SQL returns are exactly those the per-row rules fire for among the old candidates."""
    candidates, plan, field, window = REQUEST_SCANS[scan]
    scope = reminders.ScanScope.load()
    fired_days = 0
    day = datetime(2025, 4, 3, 8, 0, tzinfo=JKT)
    while day <= datetime(2025, 5, 9, 8, 0, tzinfo=JKT):
        before = _fired(candidates(day), plan, day)
        narrowed = reminders.windowed(
            candidates(day), field=field, window=window, now=day, scope=scope
        )
        selected = set() if narrowed is None else set(narrowed.values_list("pk", flat=True))
        assert selected == before, day
        fired_days += bool(before)
        day += timedelta(days=1)
    assert fired_days >= 15  # the fixture really crosses thresholds


def test_nothing_is_selected_on_a_weekend(spread):
    saturday = datetime(2025, 4, 12, 8, 0, tzinfo=JKT)
    candidates, _, field, window = REQUEST_SCANS["overdue"]
    narrowed = reminders.windowed(
        candidates(saturday),
        field=field,
        window=window,
        now=saturday,
        scope=reminders.ScanScope.load(),
    )
    assert narrowed is None
    with CaptureQueriesContext(connection) as captured:
        assert reminders.scan_overdue(now=saturday).candidates == 0
    assert len(captured) == 2  # bodies and policies only


def test_a_taken_ledger_key_is_not_sent_again(routed_request):
    request = routed_request()  # due Wed 16 Apr 2025
    ReminderLedger.objects.create(
        item_key=f"request:{request.pk}",
        kind=reminders.Kind.OVERDUE_ESCALATION,
        stage="overdue-0",
        anchor="2025-04-16",
        created_at=timezone.now(),
    )
    result = reminders.scan_overdue(now=datetime(2025, 4, 17, 8, 0, tzinfo=JKT))
    # Only the applicant's "deadline missed" key was free.
    assert result.reminders == 1
    assert not Notification.objects.filter(channel=NotificationChannel.IN_APP).exists()
    assert reminders.scan_overdue(now=datetime(2025, 4, 17, 9, 0, tzinfo=JKT)).reminders == 0


def test_query_count_follows_batches_not_rows(routed_request):
    moment = datetime(2025, 4, 17, 8, 0, tzinfo=JKT)  # 1 HK late: escalation and applicant notice

    def scan() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            results = reminders.scan_all(now=moment)
        return len(captured), sum(r.messages for r in results.values())

    for _ in range(3):
        routed_request()
    savepoint = transaction.savepoint()
    few_queries, few_messages = scan()
    transaction.savepoint_rollback(savepoint)
    for _ in range(6):
        routed_request()
    many_queries, many_messages = scan()
    assert many_messages == 3 * few_messages > 0
    assert many_queries == few_queries


NASTY = 'O\'Brien & <Putri> "Ayu"'
LONG = "Dokumen anggaran <2024> & rincian belanja\nper OPD " + "x" * 120


def _officer_contexts():
    for month, note, subject in (
        (4, "", "Laporan keuangan"),
        (4, "", LONG),
        (4, "terlambat 2 HK", NASTY),
        (4, "terlambat 3 HK", "Rencana <kerja>"),
        (12, "", "Data & statistik"),
        (12, "", NASTY),
    ):
        yield {
            "headline": f"Lewat batas waktu: 001/{month} & <{note}>",
            "message": "Baris satu\nBaris <dua> & 'tiga'",
            "items": [
                {
                    "number": f"REG/{month}/{len(subject)}",
                    "subject": subject,
                    "due_on": date(2025, month, 3 + len(note)),
                    "path": f"/petugas/permohonan/{len(subject)}/",
                    "note": note,
                }
            ],
        }


@pytest.mark.parametrize("language", ["id", "en"])
def test_officer_alert_stencil_fills_equal_full_renders(db, language):
    renderer = StencilRenderer()
    for context in _officer_contexts():
        filled = reminders._officer_alert_rendered(renderer, context, language=language)
        assert filled == registry.render_message(
            registry.OFFICER_ALERT.code, context, language=language
        )
    assert len(renderer._stencils) == 3
    assert all(isinstance(s, reminders_stencil_class()) for s in renderer._stencils.values())


def reminders_stencil_class():
    from requests_app.notifications.stencil import _Stencil

    return _Stencil


@pytest.mark.parametrize("language", ["id", "en"])
def test_applicant_update_stencil_fills_equal_full_renders(routed_request, language):
    renderer = StencilRenderer()
    requests = [routed_request() for _ in range(4)]
    names = [NASTY, "Siti Aminah", "Budi <b>", "Ani & Co"]
    for request, name in zip(requests, names, strict=True):
        request.full_name = name
        context = {"request": request, "headline": NASTY, "message": LONG}
        filled = reminders._applicant_update_rendered(renderer, context, language=language)
        assert filled == registry.render_message(
            registry.REQUEST_UPDATE.code, context, language=language
        )
    assert all(isinstance(s, reminders_stencil_class()) for s in renderer._stencils.values())


def test_a_stencil_that_misses_a_value_falls_back_to_full_renders(db):
    renderer = StencilRenderer()
    for context in list(_officer_contexts())[:2]:

        def incomplete() -> dict:
            return {"headline": token("headline"), "message": "", "items": []}

        rendered = renderer.render(
            registry.OFFICER_ALERT.code,
            language="id",
            shape=("x",),
            context=context,
            stencil_context=incomplete,
            slots=lambda: {},
        )
        assert rendered == registry.render_message(
            registry.OFFICER_ALERT.code, context, language="id"
        )


@pytest.mark.parametrize(
    "value",
    [
        "Baris satu\r\nBaris <dua>\rBaris & 'tiga'\n",
        NASTY,
        mark_safe("<b>aman</b>\nbaris"),  # noqa: S308 - a safe string takes Django's own path
    ],
)
def test_line_break_slot_is_what_linebreaksbr_prints(value):
    slot = with_line_breaks(value)
    assert slot.text == str(conditional_escape(value))
    assert slot.html == linebreaksbr(value, autoescape=True)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "x" * 80,
        "x" * 81,
        "e\u0301" * 50,  # 100 code points, 50 characters in NFC: not cut
        "e\u0301" * 81,
        "a\u0300\u0301" * 60,  # combining marks that NFC does not fold into one character
        LONG,
    ],
)
def test_truncated_is_what_truncatechars_prints(value):
    assert truncated(value, 80) == truncatechars(value, 80)


@pytest.mark.parametrize(
    "number", ["000150/PPID/B01/2025", "12-A.3/PPID", "REGISTRATION-NUMBER/1", "01 A/ü?x"]
)
def test_objection_form_url_kept_by_a_scan_is_what_reverse_gives(db, number):
    request = InformationRequest(registration_number=number)
    renderer = StencilRenderer()
    reminders.objection_form_url(request, renderer)  # the first keeps the address around it
    assert reminders.objection_form_url(request, renderer) == reminders.objection_form_url(request)
    path = reverse("objection_create", kwargs={"registration_number": number})
    assert reminders.objection_form_url(request) == f"{settings.SITE_URL}{path}"


def _outbox_row(request, user, n: int, now) -> OutboxRow:
    return OutboxRow(
        kind="officer_alert",
        channel=NotificationChannel.EMAIL,
        request_id=request.pk,
        recipient_user_id=user.pk,
        recipient_address=f"a{n}@example.org",
        subject=f"Subjek\t'{n}'",
        body_text="Baris\\satu\nBaris dua\r\n\\N",
        body_html="<p>é & ü 😀</p>",
        dedup_key=None,
        next_attempt_at=now,
        created_at=now,
    )


@pytest.mark.postgres
def test_copy_insert_stores_what_bulk_create_stores(routed_request, utama_officer):
    """Both COPY paths (column values, and model instances) store what `bulk_create` stores,
    ids in the order of the rows."""
    request = routed_request()
    now = timezone.now()
    rows = [_outbox_row(request, utama_officer, n, now) for n in range(COPY_MIN_ROWS)]
    fields = [f.attname for f in Notification._meta.concrete_fields if not f.primary_key]

    def stored(ids):
        by_pk = Notification.objects.in_bulk(ids)
        return [{f: getattr(by_pk[pk], f) for f in fields} for pk in ids]

    with CaptureQueriesContext(connection) as captured:
        copied = outbox_rows_store(rows)
        instances = notifications_store([Notification(**row._asdict()) for row in rows])
    assert len(captured) == 2  # per path, the ids (CaptureQueriesContext does not see a COPY)
    created = Notification.objects.bulk_create([Notification(**row._asdict()) for row in rows])
    expected = stored([row.pk for row in created])
    assert stored(copied) == expected
    assert stored([row.pk for row in instances]) == expected
    assert copied == sorted(copied)


@pytest.mark.postgres
def test_a_ledger_key_taken_during_the_claim_is_skipped_one_by_one(routed_request):
    """COPY refuses a taken key as an INSERT would: the batch falls back to one claim per key."""
    request = routed_request()
    now = timezone.now()

    def planned(stage: str) -> reminders.PlannedReminder:
        return reminders.PlannedReminder(
            f"request:{request.pk}",
            reminders.Kind.OVERDUE_ESCALATION,
            stage,
            "2025-04-16",
            lambda: reminders._applicant_update_messages(
                request, headline="H", message="M", now=now, renderer=None
            ),
        )

    # The same key twice in one batch stands for a key another scan claimed after the lookup.
    before = Notification.objects.count()
    claimed, stored = reminders._commit(
        [planned("overdue-0"), planned("overdue-0"), planned("overdue-1")], now
    )
    assert claimed == 2
    assert ReminderLedger.objects.filter(item_key=f"request:{request.pk}").count() == 2
    assert stored == Notification.objects.count() - before > 0
