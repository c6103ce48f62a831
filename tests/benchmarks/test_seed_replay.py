"""The benchmark seeds rows without the services; they must be exactly the rows the services write.

Stories are planned by the seeder's own `Planner` until every action and every outcome has come
up; each story is then played twice on a fresh body: through the real services and through
`Replay`. Request, events, notice, fee lines, objection and dispute must agree field by field
(except keys, random tokens and ciphertexts, and the database's own timestamps).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from requests_app import identity
from requests_app.benchmarks.seed.org import org_create
from requests_app.benchmarks.seed.replay import Replay
from requests_app.benchmarks.seed.scenarios import Planner
from requests_app.models import (
    ApplicantResponse,
    Channel,
    Dispute,
    FeeLine,
    InformationRequest,
    Objection,
    Outcome,
    RequestEvent,
    WrittenNotice,
)
from requests_app.services import notices, objections, workflow
from requests_app.services.requests import RequestInput, request_submit
from requests_app.workdays import calendar_for

ACTIONS = {
    "submit", "verify", "flag_incomplete", "complete", "close_incomplete", "route", "extend",
    "withdraw", "draft", "approve", "pay", "deliver", "close", "object", "review", "decide",
    "accept", "dispute", "dispute_outcome",
}  # fmt: skip
NOT_COMPARED = {"id", "created_at", "updated_at", "tracking_token_hash"}
CIPHERTEXTS = {"nik_ciphertext", "representative_nik_ciphertext"}


class CountingIds:
    def __init__(self) -> None:
        self.counters: dict = {}

    def next(self, name: str) -> int:
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]

    def sequence(self, body_id: int, kind: str, year: int) -> int:
        return self.next((body_id, kind, year))


@pytest.fixture
def stub_letters(monkeypatch):
    # Letters are PDF files beside the rows; rendering them is not what this test is about.
    monkeypatch.setattr(
        "requests_app.letters.service.letter_render", lambda **kwargs: b"%PDF-1.4 stub"
    )


def _user(pk: int):
    return get_user_model().objects.get(pk=pk)


class ServiceDriver:
    """Plays the same steps through the real services."""

    def __init__(self, org, request_row: dict) -> None:
        self.org, self.row = org, request_row
        self.request = self.objection = self.dispute_row = None
        self.token = ""

    def _handler(self):
        request = self.request
        if request.assigned_unit_id:
            return _user(self.org.opd_officers[request.assigned_unit_id].user_id)
        return _user(self.org.desk.user_id)

    def play(self, step) -> None:
        if self.request is not None:
            self.request = InformationRequest.objects.select_related("body").get(pk=self.request.pk)
        if self.objection is not None:
            self.objection = Objection.objects.get(pk=self.objection.pk)
        getattr(self, step.action)(step.at, **step.params)

    def submit(self, now):
        row = self.row
        data = RequestInput(
            applicant_type=row["applicant_type"],
            full_name=row["full_name"],
            nik=identity.decrypt(row["nik_ciphertext"]),
            legal_entity_number=row["legal_entity_number"],
            address=row["address"],
            occupation=row["occupation"],
            phone=row["phone"],
            email=row["email"],
            information_requested=row["information_requested"],
            purpose=row["purpose"],
            access_method=row["access_method"],
            copy_format=row["copy_format"],
            delivery_method=row["delivery_method"],
            representative_name=row.get("representative_name", ""),
            representative_nik=identity.decrypt(row.get("representative_nik_ciphertext", "")),
            representative_address=row.get("representative_address", ""),
            representative_contact=row.get("representative_contact", ""),
        )
        recorded = row["channel"] != Channel.WEB
        submitted = request_submit(
            body=self.org.body,
            data=data,
            channel=row["channel"],
            recorded_by=_user(self.org.desk.user_id) if recorded else None,
            received_at=now,
            now=now,
        )
        self.request, self.token = submitted.request, submitted.tracking_token

    def verify(self, now):
        workflow.request_verify(request=self.request, actor=_user(self.org.desk.user_id), now=now)

    def flag_incomplete(self, now, missing):
        workflow.request_flag_incomplete(
            request=self.request, actor=_user(self.org.desk.user_id), missing=missing, now=now
        )

    def complete(self, now):
        workflow.request_complete(request=self.request, actor=_user(self.org.desk.user_id), now=now)

    def close_incomplete(self, now):
        workflow.request_close_incomplete(request=self.request, now=now)

    def route(self, now, unit):
        workflow.request_route(
            request=self.request, actor=_user(self.org.desk.user_id), unit=unit, now=now
        )

    def extend(self, now, reason):
        workflow.request_extend(request=self.request, actor=self._handler(), reason=reason, now=now)

    def withdraw(self, now, reason):
        workflow.request_withdraw(request=self.request, reason=reason, token=self.token, now=now)

    def draft(self, now, pages=0, **notice):
        notices.notice_draft(
            request=self.request,
            actor=self._handler(),
            data=notices.NoticeInput(pages=pages, **notice),
            now=now,
        )

    def approve(self, now):
        notices.notice_approve(request=self.request, actor=_user(self.org.signer.user_id), now=now)

    def pay(self, now, reference):
        workflow.request_record_payment(
            request=self.request, actor=self._handler(), reference=reference, now=now
        )

    def deliver(self, now):
        workflow.request_deliver(request=self.request, actor=self._handler(), now=now)

    def close(self, now):
        workflow.request_close(request=self.request, actor=self._handler(), now=now)

    def object(self, now, grounds, case_facts):
        self.objection = objections.objection_file(
            request=self.request,
            data=objections.ObjectionInput(grounds=grounds, case_facts=case_facts),
            token=self.token,
            now=now,
        )

    def review(self, now):
        objections.objection_review(
            objection=self.objection, actor=_user(self.org.atasan.user_id), now=now
        )

    def decide(self, now, upheld, reasons):
        objections.objection_decide(
            objection=self.objection,
            actor=_user(self.org.atasan.user_id),
            upheld=upheld,
            reasons=reasons,
            now=now,
        )

    def accept(self, now):
        objections.objection_record_response(
            objection=self.objection, response=ApplicantResponse.ACCEPTS, token=self.token, now=now
        )

    def dispute(self, now, commission, ki_number, filed_on):
        self.dispute_row = objections.dispute_record(
            objection=self.objection,
            actor=_user(self.org.desk.user_id),
            data=objections.DisputeInput(
                commission=commission, ki_register_number=ki_number, filed_on=filed_on
            ),
            now=now,
        )

    def dispute_outcome(self, now, **update):
        objections.dispute_update(
            dispute=Dispute.objects.get(pk=self.dispute_row.pk),
            actor=_user(self.org.desk.user_id),
            data=objections.DisputeUpdate(**update),
            now=now,
        )


def _plain(instance, exclude=()) -> dict:
    # Generated columns (the queue's sort key) are computed by the database, never seeded.
    values = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.generated
    }
    return {k: v for k, v in values.items() if k not in NOT_COMPARED and k not in exclude}


def _replayed(row: dict, model, exclude=()) -> dict:
    defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    values = {**defaults, **row}
    return {
        f.attname: values[f.attname]
        for f in model._meta.concrete_fields
        if f.attname not in NOT_COMPARED and f.attname not in exclude and not f.generated
    }


def _event(values: dict) -> tuple:
    return tuple(
        values[k]
        for k in (
            "code",
            "actor_id",
            "actor_label",
            "created_at",
            "from_status",
            "to_status",
            "note",
        )
    ) + (values["data"],)


def _plan_covering(org, rng: random.Random) -> list[tuple]:
    """Stories until every action and outcome appeared (with a cap), planned on `org`."""
    planner = Planner(rng, pool_size=50)
    calendar = calendar_for(org.body)
    zone = ZoneInfo(org.body.time_zone)
    seen_actions, seen_outcomes, stories = set(), set(), []
    for _attempt in range(3000):
        day = date(2025, 1, 6) + timedelta(days=rng.randint(0, 300))
        received_at, channel = planner.received_at(day, zone)
        row = planner.request_row(org, channel, day.year)
        steps = planner.steps(org, calendar, received_at, row)
        actions = {s.action for s in steps}
        outcomes = {s.params["outcome"] for s in steps if s.action == "draft"}
        if actions - seen_actions or outcomes - seen_outcomes:
            stories.append((row, steps))
            seen_actions |= actions
            seen_outcomes |= outcomes
        if seen_actions >= ACTIONS and seen_outcomes >= set(Outcome.values):
            break
    assert seen_actions >= ACTIONS, ACTIONS - seen_actions
    return stories


@pytest.mark.django_db
def test_seeded_rows_equal_the_rows_the_services_write(stub_letters):
    probe = org_create(tag="probe", bodies=1, units=3).bodies[0]
    stories = _plan_covering(probe, random.Random(7))
    for index, (row, steps) in enumerate(stories):
        org = org_create(tag=f"cmp{index}", bodies=1, units=3).bodies[0]
        # The story was planned on the probe body: point its objects at this one.
        steps = _rebased(steps, probe, org)
        row = {**row, "recorded_by_id": org.desk.user_id if row["recorded_by_id"] else None}
        driver = ServiceDriver(org, row)
        for step in steps:
            driver.play(step)
        replayed = Replay(org, calendar_for(org.body), CountingIds()).run(dict(row), steps)
        _compare(driver, replayed, [s.action for s in steps])


def _rebased(steps, probe, org):
    opds = {u.pk: u for u in probe.opds}
    tests = {t.pk: t.exemption_letter for t in probe.tests.values()}
    rebased = []
    for step in steps:
        params = dict(step.params)
        if "unit" in params:
            params["unit"] = org.opds[probe.opds.index(opds[params["unit"].pk])]
        if params.get("consequence_test") is not None:
            params["consequence_test"] = org.tests[tests[params["consequence_test"].pk]]
        if params.get("dip_item") is not None:
            params["dip_item"] = org.dip_item
        rebased.append(type(step)(step.action, step.at, params))
    return rebased


def _compare(driver, replayed, actions) -> None:
    request = InformationRequest.objects.get(pk=driver.request.pk)
    assert _plain(request, CIPHERTEXTS) == _replayed(
        replayed.request, InformationRequest, CIPHERTEXTS
    ), actions
    events = [
        _event({**model_to_dict(e), "actor_id": e.actor_id, "created_at": e.created_at})
        for e in RequestEvent.objects.filter(request=request).order_by("created_at", "id")
    ]
    assert events == [_event(e) for e in replayed.events], actions
    notice = WrittenNotice.objects.filter(request=request).first()
    if notice is None:
        assert replayed.notice is None
    else:
        assert _plain(notice, {"request_id"}) == _replayed(
            replayed.notice, WrittenNotice, {"request_id"}
        )
        lines = [_plain(line, {"notice_id"}) for line in FeeLine.objects.filter(notice=notice)]
        assert lines == [_replayed(line, FeeLine, {"notice_id"}) for line in replayed.fee_lines]
    found = [_plain(o, {"request_id"}) for o in Objection.objects.filter(request=request)]
    assert found == [_replayed(o, Objection, {"request_id"}) for o in replayed.objections]
    disputes = [
        _plain(d, {"objection_id"}) for d in Dispute.objects.filter(objection__request=request)
    ]
    assert disputes == [_replayed(d, Dispute, {"objection_id"}) for d in replayed.disputes]
