"""The services' effects on rows, replayed in memory so millions of requests can be seeded by COPY.

Each `Replay` method mirrors one service (named in its docstring) and writes the same fields, the
same audit event (code, actor, states, note, data) and the same notice, fee, objection and dispute
rows. It skips what the services do beside the rows: permission checks, row locks, letters (PDF
files), and the outbox messages to applicants. `tests/test_benchmark_seed.py` drives the real
services and this replay with the same steps and compares the rows.

Dates come from the body's calendar object (`workdays.calendar_for(body)`), never a query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from requests_app.benchmarks.seed.org import BodyOrg, Person
from requests_app.models import (
    GROUND_LETTERS,
    ApplicantResponse,
    CopyFormat,
    DisputeStage,
    FeeKind,
    InformationRequest,
    NoticeState,
    ObjectionStatus,
    Outcome,
    Status,
)
from requests_app.services.notices import _dip_description
from requests_app.services.objections import (
    ATASAN_RESPONSE_WORKING_DAYS,
    DISPUTE_FILING_WORKING_DAYS,
)
from requests_app.services.requests import NOTICE_WORKING_DAYS, OBJECTION_FILING_WORKING_DAYS
from requests_app.services.workflow import EXTENSION_WORKING_DAYS, GRANTED_OUTCOMES

S = Status
OS = ObjectionStatus
REQUEST_DEFAULTS = {
    f.attname: f.get_default()
    for f in InformationRequest._meta.concrete_fields
    if f.attname not in ("id", "created_at", "updated_at") and not f.generated
}


@dataclass
class Step:
    """One service call: `action` names the Replay method, `at` is the service's `now`."""

    action: str
    at: datetime
    params: dict = field(default_factory=dict)


@dataclass
class Rows:
    """Everything one request's history writes."""

    request: dict
    events: list[dict] = field(default_factory=list)
    notice: dict | None = None
    fee_lines: list[dict] = field(default_factory=list)
    objections: list[dict] = field(default_factory=list)
    disputes: list[dict] = field(default_factory=list)


def notice_row(data: dict) -> dict:
    """`notices._notice_fields` for a dict of `NoticeInput` fields, as column values."""
    outcome = data["outcome"]
    test, dip, holder = data.get("consequence_test"), data.get("dip_item"), data.get("holding_body")
    material = data.get("material_description", "")
    if outcome == Outcome.ALREADY_AVAILABLE and dip is not None:
        material = material or _dip_description(dip)
    return {
        "outcome": outcome,
        "information_held": outcome != Outcome.NOT_HELD,
        "holding_body_id": holder.pk if holder else None,
        "holding_body_name": data.get("holding_body_name", "").strip()
        or (holder.name if holder else ""),
        "holding_body_unknown": data.get("holding_body_unknown", False),
        "material_description": material.strip(),
        "withheld_description": data.get("withheld_description", "").strip(),
        "redaction_explanation": data.get("redaction_explanation", "").strip(),
        "exemption_letter": data.get("exemption_letter", ""),
        "exemption_subitem": data.get("exemption_subitem"),
        "other_statute": data.get("other_statute", "").strip(),
        "consequence_test_id": test.pk if test else None,
        "dip_item_id": dip.pk if dip else None,
        "copy_format": data.get("copy_format", ""),
        "medium": data.get("medium", "").strip(),
        "provision_days": data.get("provision_days"),
        "payment_method": data.get("payment_method", "").strip(),
        "explanation": data.get("explanation", "").strip(),
    }


class Replay:
    """Replays the steps of one request. `ids` hands out primary keys (`ids.next(model_name)`)
    and registration sequence numbers (`ids.sequence(body_id, kind, year)`)."""

    def __init__(self, org: BodyOrg, calendar, ids) -> None:
        self.org, self.calendar, self.ids = org, calendar, ids
        self.body = org.body
        self.zone = ZoneInfo(self.body.time_zone)

    # --- helpers -------------------------------------------------------------------------
    def _today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def _effective(self, moment: datetime) -> date:
        return self.calendar.effective_receipt_date(
            moment, time_zone=self.body.time_zone, closes_at=self.body.office_closes_at
        )

    def _event(
        self, code, now, *, actor: Person | None, label="", frm="", to="", note="", data=None
    ):
        self.rows.events.append(
            {
                "request_id": self.req["id"],
                "code": code,
                "actor_id": actor.user_id if actor else None,
                "actor_label": actor.label if actor else label,
                "created_at": now,
                "from_status": frm,
                "to_status": to,
                "note": note,
                "data": data or {},
            }
        )

    def _move(self, to, code, now, *, actor=None, label="", note="", data=None, **changes):
        """`lifecycle.request_transition`: apply the changes, set the status, log the event."""
        current = self.req["status"]
        self.req.update(changes, status=to, updated_at=now)
        self._event(code, now, actor=actor, label=label, frm=current, to=to, note=note, data=data)

    def _handler(self) -> Person:
        """Who does the handling actions: the OPD's officer once routed, else the desk."""
        unit_id = self.req["assigned_unit_id"]
        return self.org.opd_officers[unit_id] if unit_id else self.org.desk

    def run(self, request: dict, steps: list[Step]) -> Rows:
        self.req = {**REQUEST_DEFAULTS, **request}
        self.rows = Rows(request=self.req)
        for step in steps:
            getattr(self, step.action)(step.at, **step.params)
        return self.rows

    # --- intake and workflow (services/requests.py, services/workflow.py) -----------------
    def submit(self, now: datetime) -> None:
        """`request_submit`: number, frozen clock, `request.submitted`/`request.recorded`."""
        req, cal = self.req, self.calendar
        effective = self._effective(now)
        due = cal.add_working_days(effective, NOTICE_WORKING_DAYS)
        local = now.astimezone(self.zone)
        seq = self.ids.sequence(self.body.pk, "request", local.year)
        req.update(
            id=self.ids.next("request"),
            body_id=self.body.pk,
            registration_number=self.body.registration_number_format.format(
                seq=seq, code=self.body.registration_code, year=local.year, month=local.month
            ),
            sequence_year=local.year,
            sequence_number=seq,
            status=S.REGISTERED,
            received_at=now,
            effective_received_on=effective,
            original_due_on=due,
            due_on=due,
            objection_window_ends_on=cal.add_working_days(due, OBJECTION_FILING_WORKING_DAYS),
            created_at=now,
            updated_at=now,
        )
        recorded = req["recorded_by_id"] is not None
        self._event(
            "request.recorded" if recorded else "request.submitted",
            now,
            actor=self.org.desk if recorded else None,
            label=req["full_name"],
            frm=S.DRAFT,
            to=S.REGISTERED,
            data={
                "channel": req["channel"],
                "received_at": now.isoformat(),
                "effective_received_on": effective.isoformat(),
                "due_on": due.isoformat(),
            },
        )

    def verify(self, now: datetime) -> None:
        """`request_verify`."""
        self._move(S.IN_PROCESS, "request.verified", now, actor=self.org.desk)

    def flag_incomplete(self, now: datetime, missing: str) -> None:
        """`request_flag_incomplete` (the body does not pause the clock: Keputusan 3 default)."""
        completion = self.calendar.add_working_days(
            self._today(now), self.body.incomplete_completion_days
        )
        self._move(
            S.AWAITING_COMPLETION,
            "request.incomplete",
            now,
            actor=self.org.desk,
            note=missing,
            data={"completion_due_on": completion.isoformat()},
            completion_due_on=completion,
        )

    def complete(self, now: datetime) -> None:
        """`request_complete` (no paused clock to resume)."""
        self._move(
            S.REGISTERED, "request.completed", now, actor=self.org.desk, completion_due_on=None
        )

    def close_incomplete(self, now: datetime) -> None:
        """`request_close_incomplete` run by the daily job (`actor=None`)."""
        self._move(
            S.CLOSED_INCOMPLETE, "request.closed_incomplete", now, label="Sistem", closed_at=now
        )

    def route(self, now: datetime, unit) -> None:
        """`request_route`: Keputusan 4, the clock is unchanged."""
        self._move(
            S.ROUTED,
            "request.routed",
            now,
            actor=self.org.desk,
            data={"unit": unit.code},
            assigned_unit_id=unit.pk,
        )

    def extend(self, now: datetime, reason: str) -> None:
        """`request_extend`: Pasal 22(8), once, 7 HK after the original due date."""
        req = self.req
        extended = self.calendar.add_working_days(req["original_due_on"], EXTENSION_WORKING_DAYS)
        old_due = req["due_on"]
        self._move(
            S.EXTENDED,
            "request.deadline.extended",
            now,
            actor=self._handler(),
            note=reason,
            data={"old_due_on": old_due.isoformat(), "due_on": extended.isoformat()},
            extended_due_on=extended,
            objection_window_ends_on=self.calendar.add_working_days(
                extended, OBJECTION_FILING_WORKING_DAYS
            ),
            due_on=extended,
            extension_reason=reason,
            extended_at=now,
        )

    def withdraw(self, now: datetime, reason: str) -> None:
        """`request_withdraw` by the applicant with the tracking token."""
        self._move(
            S.WITHDRAWN,
            "request.withdrawn",
            now,
            label=self.req["full_name"],
            note=reason,
            closed_at=now,
        )

    # --- the written notice (services/notices.py) ----------------------------------------
    def draft(self, now: datetime, pages: int = 0, **notice_input) -> None:
        """`notice_draft`: the notice row, fee lines from the body's tariff, `request.notice.drafted`.

        `notice_input` holds `NoticeInput`'s fields (objects for the consequence test and DIP item)."""
        actor = self._handler()
        notice = notice_row(notice_input)
        lines = self._fee_lines(notice, pages)
        fee_total = sum(line["amount"] for line in lines)
        existing = self.rows.notice
        notice_id = existing["id"] if existing else self.ids.next("notice")
        self.rows.notice = {
            **(existing or {}),
            **notice,
            "id": notice_id,
            "request_id": self.req["id"],
            "state": NoticeState.AWAITING_APPROVAL,
            "tariff_id": self.org.tariff.pk if lines else None,
            "fee_total": fee_total,
            "drafted_by_id": actor.user_id,
            "drafted_at": now,
        }
        self.rows.fee_lines = [{**line, "notice_id": notice_id} for line in lines]
        self._move(
            S.AWAITING_APPROVAL,
            "request.notice.drafted",
            now,
            actor=actor,
            data={"outcome": notice["outcome"], "fee_total": fee_total},
        )

    def _fee_lines(self, notice: dict, pages: int) -> list[dict]:
        tariff = self.org.tariff
        if notice["outcome"] not in (Outcome.GRANTED_FULLY, Outcome.GRANTED_PARTLY):
            return []
        electronic = notice["copy_format"] == CopyFormat.SOFTCOPY
        if not pages or (electronic and tariff.electronic_free):
            return []
        return [
            {
                "kind": FeeKind.COPYING,
                "description": f"Penggandaan {pages} lembar",
                "quantity": pages,
                "unit_price": tariff.copy_per_page,
                "amount": pages * tariff.copy_per_page,
            }
        ]

    def approve(self, now: datetime) -> None:
        """`notice_approve`: the clock stops, working days used and the late flag are stored."""
        req, notice, signer = self.req, self.rows.notice, self.org.signer
        today = self._today(now)
        days = self.calendar.working_days_between(req["effective_received_on"], today)
        late = today > req["due_on"]
        self._move(
            S.NOTIFIED,
            "request.notice.approved",
            now,
            actor=signer,
            data={"outcome": notice["outcome"], "late": late},
            outcome=notice["outcome"],
            notice_sent_at=now,
            working_days_to_notice=max(days, 0),
            objection_window_ends_on=self.calendar.add_working_days(
                today, OBJECTION_FILING_WORKING_DAYS
            ),
            notice_late=late,
        )
        notice.update(
            state=NoticeState.APPROVED,
            approved_by_id=signer.user_id,
            approved_at=now,
            signer_name=signer.label,
            signer_position=signer.position,
        )
        if notice["outcome"] in GRANTED_OUTCOMES and notice["fee_total"] > 0:
            self._move(
                S.AWAITING_PAYMENT,
                "request.payment.awaited",
                now,
                actor=signer,
                data={"fee_total": notice["fee_total"]},
            )

    def pay(self, now: datetime, reference: str) -> None:
        """`request_record_payment` (no status change)."""
        self.req.update(paid_at=now, payment_reference=reference, updated_at=now)
        self._event("request.payment.recorded", now, actor=self._handler(), note=reference)

    def deliver(self, now: datetime, link: str = "") -> None:
        """`request_deliver` on the day of the call."""
        handover = self._today(now)
        days = self.calendar.working_days_between(self.req["effective_received_on"], handover)
        self._move(
            S.DELIVERED,
            "request.delivered",
            now,
            actor=self._handler(),
            data={"handover_on": handover.isoformat()},
            delivered_at=now,
            handover_on=handover,
            delivery_link=link,
            working_days_to_delivery=max(days, 0),
            objection_window_ends_on=self.calendar.add_working_days(
                handover, OBJECTION_FILING_WORKING_DAYS
            ),
        )

    def close(self, now: datetime) -> None:
        """`request_close`."""
        self._move(S.CLOSED, "request.closed", now, actor=self._handler(), closed_at=now)

    # --- objections and disputes (services/objections.py) --------------------------------
    def object(self, now: datetime, grounds: list[str], case_facts: str) -> None:
        """`objection_file` by the applicant (tracking token): number, windows, atasan's clock."""
        req, cal = self.req, self.calendar
        received_on = self._effective(now)
        trigger = self._trigger()
        window_end = cal.add_working_days(trigger, OBJECTION_FILING_WORKING_DAYS)
        atasan_due = cal.add_working_days(received_on, ATASAN_RESPONSE_WORKING_DAYS)
        year = now.astimezone(self.zone).year
        seq = self.ids.sequence(self.body.pk, "objection", year)
        objection = {
            "id": self.ids.next("objection"),
            "body_id": self.body.pk,
            "request_id": req["id"],
            "handling_unit_id": req["assigned_unit_id"],
            "registration_number": self.body.objection_number_format.format(
                seq=seq, code=self.body.registration_code, year=year, month=now.month
            ),
            "sequence_year": year,
            "sequence_number": seq,
            **{f"ground_{letter}": letter in grounds for letter in GROUND_LETTERS},
            "case_facts": case_facts,
            "filed_at": now,
            "received_on": received_on,
            "trigger_on": trigger,
            "filing_window_ends_on": window_end,
            "is_late": received_on > window_end,
            "atasan_due_on": atasan_due,
            "dispute_window_ends_on": cal.add_working_days(atasan_due, DISPUTE_FILING_WORKING_DAYS),
            "status": OS.REGISTERED,
            "created_at": now,
            "updated_at": now,
        }
        self.rows.objections.append(objection)
        self._move(
            S.IN_OBJECTION,
            "objection.filed",
            now,
            label=req["full_name"],
            note=", ".join(sorted(set(grounds))),
            data={
                "objection": objection["registration_number"],
                "late": objection["is_late"],
                "atasan_due_on": atasan_due.isoformat(),
            },
        )

    def _trigger(self) -> date:
        """`objection_trigger`: the delivery, the notice, or the missed due date."""
        req = self.req
        if req["handover_on"]:
            return req["handover_on"]
        if req["notice_sent_at"]:
            return self._today(req["notice_sent_at"])
        return req["due_on"]

    def _objection_move(self, to, code, now, *, actor, note="", **changes) -> dict:
        """`objection_transition`: the event is on the request, states are the objection's."""
        objection = self.rows.objections[-1]
        current = objection["status"]
        objection.update(changes, status=to, updated_at=now)
        self._event(
            code,
            now,
            actor=actor,
            frm=current,
            to=to,
            note=note,
            data={"objection": objection["registration_number"]},
        )
        return objection

    def review(self, now: datetime) -> None:
        """`objection_review`."""
        self._objection_move(OS.UNDER_REVIEW, "objection.under_review", now, actor=self.org.atasan)

    def decide(self, now: datetime, upheld: bool, reasons: str) -> None:
        """`objection_decide`: upholding reopens the request with a new 10 HK due date."""
        objection, atasan, cal = self.rows.objections[-1], self.org.atasan, self.calendar
        today = self._today(now)
        changes = {
            "decided_at": now,
            "decided_late": today > objection["atasan_due_on"],
            "working_days_to_decision": max(
                cal.working_days_between(objection["received_on"], today), 0
            ),
            "dispute_window_ends_on": cal.add_working_days(
                max(today, objection["atasan_due_on"]), DISPUTE_FILING_WORKING_DAYS
            ),
            "decision_reasons": reasons,
            "decided_by_id": atasan.user_id,
            "decided_by_name": atasan.label,
            "decided_by_position": atasan.position,
        }
        new_due = cal.add_working_days(today, NOTICE_WORKING_DAYS) if upheld else None
        if upheld:
            changes["reopened_request_due_on"] = new_due
        code = "objection.upheld" if upheld else "objection.rejected"
        decided = self._objection_move(
            OS.UPHELD if upheld else OS.REJECTED, code, now, actor=atasan, note=reasons, **changes
        )
        if upheld:
            self._move(
                S.IN_PROCESS,
                "request.reopened_by_objection",
                now,
                actor=atasan,
                note=reasons,
                data={"objection": decided["registration_number"], "due_on": new_due.isoformat()},
                due_on=new_due,
            )

    def accept(self, now: datetime) -> None:
        """`objection_record_response(ACCEPTS)` by the applicant; closes a request in objection."""
        objection = self._objection_move(
            OS.APPLICANT_ACCEPTS,
            "objection.applicant_accepts",
            now,
            actor=None,
            applicant_response=ApplicantResponse.ACCEPTS,
            applicant_response_at=now,
        )
        if self.req["status"] == S.IN_OBJECTION:
            self._move(
                S.CLOSED,
                "request.closed_after_objection",
                now,
                data={"objection": objection["registration_number"]},
                closed_at=now,
            )

    def dispute(self, now: datetime, commission: str, ki_number: str, filed_on: date) -> None:
        """`dispute_record`, entered by the PPID Utama desk."""
        objection = self._objection_move(
            OS.DISPUTE,
            "dispute.filed",
            now,
            actor=self.org.desk,
            applicant_response=ApplicantResponse.GOES_TO_KI,
            applicant_response_at=now,
        )
        window = objection["dispute_window_ends_on"]
        self.rows.disputes.append(
            {
                "objection_id": objection["id"],
                "commission": commission,
                "ki_register_number": ki_number,
                "filed_on": filed_on,
                "filed_late": bool(window and filed_on > window),
                "stage": DisputeStage.FILED,
                "created_at": now,
                "updated_at": now,
            }
        )

    def dispute_outcome(self, now: datetime, outcome: str, outcome_on: date, **release) -> None:
        """`dispute_update` with an outcome (the stage becomes DECIDED), optionally what must be
        released and by when."""
        dispute = self.rows.disputes[-1]
        changed = {"outcome": outcome, "outcome_on": outcome_on, **release}
        dispute.update(changed, stage=DisputeStage.DECIDED, updated_at=now)
        data = {name: str(value) for name, value in changed.items()}
        data["stage"] = DisputeStage.DECIDED
        self._event(
            "dispute.updated",
            now,
            actor=self.org.desk,
            data={"dispute": dispute["ki_register_number"], **data},
        )
