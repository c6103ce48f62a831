"""`lifecycle.ACTION_RULES` is the one statement of each officer action's state rule: it agrees
with the transition table, and the services, the officer API and the request page all read it."""

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

import requests_app
from requests_app.api.officer import access
from requests_app.errors import InvalidTransition
from requests_app.lifecycle import (
    ACTION_RULES,
    TRANSITIONS,
    action_allowed_from,
    action_guard_allows,
    can_transition,
)
from requests_app.models import Outcome, Status
from requests_app.permissions import Action
from requests_app.services.workflow import request_complete
from requests_app.web.officer import actions as web_actions

T0 = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
APP_DIR = Path(requests_app.__file__).parent


def test_every_action_has_exactly_one_rule():
    assert set(ACTION_RULES) == set(Action)


@pytest.mark.parametrize("action", [a for a, rule in ACTION_RULES.items() if rule.allowed_from])
def test_every_allowed_from_state_may_legally_move_to_the_target(action):
    rule = ACTION_RULES[action]
    assert rule.allowed_from <= set(Status.values)
    if rule.to is not None:
        illegal = {s for s in rule.allowed_from if not can_transition(s, rule.to)}
        assert not illegal, f"{action}: {sorted(illegal)} -> {rule.to} is not in TRANSITIONS"


@pytest.mark.parametrize("action", [a for a, rule in ACTION_RULES.items() if rule.to])
def test_every_target_is_reachable_from_some_allowed_state(action):
    reachable = [s for s in TRANSITIONS if action_allowed_from(action, s)]
    assert reachable, f"{action} can never be taken"


def test_action_allowed_from_combines_the_rule_with_the_transition_table():
    # EXTEND has no own set: the table decides (processing or routed, nothing else).
    extendable = {s for s in Status.values if action_allowed_from(Action.EXTEND, s)}
    assert extendable == {Status.IN_PROCESS, Status.ROUTED}
    # Completion only answers a request for completion, never a draft.
    assert not action_allowed_from(Action.COMPLETE, Status.DRAFT)
    assert action_allowed_from(Action.COMPLETE, Status.AWAITING_COMPLETION)
    # Payment changes no status but is still bound to one.
    paying = {s for s in Status.values if action_allowed_from(Action.RECORD_PAYMENT, s)}
    assert paying == {Status.AWAITING_PAYMENT}
    assert all(action_allowed_from(Action.VIEW_IDENTITY, s) for s in Status.values)
    assert not action_allowed_from(Action.WITHDRAW, Status.NOTIFIED)


def test_api_offers_exactly_what_the_rule_allows_when_guards_pass(monkeypatch):
    monkeypatch.setattr(access, "action_guard_allows", lambda action, request, today: True)
    for action in Action:
        for status in Status.values:
            request = SimpleNamespace(status=status)
            assert access._state_allows(action, request, T0.date()) == action_allowed_from(
                action, status
            ), (action, status)


def test_request_page_offers_exactly_what_the_rule_allows_when_guards_pass(monkeypatch):
    monkeypatch.setattr(web_actions, "action_guard_allows", lambda action, request, today: True)
    for spec in web_actions.ACTIONS:
        for status in Status.values:
            request = SimpleNamespace(status=status)
            offered = spec.is_available(request, {spec.action}, date(2025, 3, 24))
            assert offered == action_allowed_from(spec.action, status), (spec.action, status)


# --- the guards beyond the state: one function, read by the API and the page ------------------

TODAY = T0.date()
DUE = date(2025, 3, 28)


def _row(status, **fields):
    """A request row with only what the guards read (no query may be needed)."""
    values = {
        "extended_due_on": None,
        "due_on": DUE,
        "completion_due_on": None,
        "outcome": "",
        "paid_at": None,
        "body": SimpleNamespace(time_zone="Asia/Jakarta"),
    }
    values.update(fields)
    return SimpleNamespace(status=status, **values)


# (action, row, what the service would do: True = not refused outright by a cheap guard)
GUARDED_CASES = [
    (Action.EXTEND, _row(Status.IN_PROCESS), True),
    (Action.EXTEND, _row(Status.ROUTED, due_on=TODAY), True),
    (Action.EXTEND, _row(Status.IN_PROCESS, extended_due_on=date(2025, 4, 4)), False),
    (Action.EXTEND, _row(Status.IN_PROCESS, due_on=date(2025, 3, 21)), False),
    # The API's copy would have raised TypeError here; the page's stricter copy is kept.
    (Action.EXTEND, _row(Status.IN_PROCESS, due_on=None), False),
    (Action.CLOSE_INCOMPLETE, _row(Status.AWAITING_COMPLETION), False),
    (Action.CLOSE_INCOMPLETE, _row(Status.AWAITING_COMPLETION, completion_due_on=TODAY), False),
    (
        Action.CLOSE_INCOMPLETE,
        _row(Status.AWAITING_COMPLETION, completion_due_on=date(2025, 3, 21)),
        True,
    ),
    (Action.DELIVER, _row(Status.NOTIFIED, outcome=Outcome.GRANTED_FULLY), True),
    (Action.DELIVER, _row(Status.NOTIFIED, outcome=Outcome.REFUSED_EXEMPT), False),
    (Action.DELIVER, _row(Status.AWAITING_PAYMENT, outcome=Outcome.GRANTED_PARTLY), False),
    (
        Action.DELIVER,
        _row(Status.AWAITING_PAYMENT, outcome=Outcome.GRANTED_PARTLY, paid_at=T0),
        True,
    ),
    (Action.CLOSE, _row(Status.NOTIFIED, outcome=Outcome.GRANTED_FULLY), False),
    (Action.CLOSE, _row(Status.NOTIFIED, outcome=Outcome.NOT_HELD), True),
    (Action.CLOSE, _row(Status.DELIVERED, outcome=Outcome.GRANTED_FULLY), True),
    (Action.RECORD_PAYMENT, _row(Status.AWAITING_PAYMENT), True),
    (Action.RECORD_PAYMENT, _row(Status.AWAITING_PAYMENT, paid_at=T0), False),
]


@pytest.mark.parametrize(("action", "row", "expected"), GUARDED_CASES)
def test_the_guard_function_and_both_offers_agree(monkeypatch, action, row, expected):
    assert action_allowed_from(action, row.status), "each case must pass the state rule"
    assert action_guard_allows(action, row, TODAY) is expected

    monkeypatch.setattr(access, "permitted_actions", lambda user, request: set(Action))
    api_offers = str(action) in access.allowed_actions(None, row, now=T0)
    page_offers = any(
        spec.action == action for spec in web_actions.available_actions(row, set(Action), TODAY)
    )
    assert api_offers is page_offers is expected


def test_every_guarded_action_is_covered_and_unguarded_ones_always_pass():
    guarded = {action for action, _row_, _expected in GUARDED_CASES}
    assert guarded == {
        Action.EXTEND,
        Action.CLOSE_INCOMPLETE,
        Action.DELIVER,
        Action.CLOSE,
        Action.RECORD_PAYMENT,
    }
    bare = SimpleNamespace(status=Status.IN_PROCESS)  # no guard may read anything from it
    for action in set(Action) - guarded:
        assert action_guard_allows(action, bare, TODAY), action


def test_neither_the_api_nor_the_page_keeps_its_own_guards():
    assert not hasattr(access, "_guard_allows")
    for name in ("_can_extend", "_completion_lapsed", "_can_deliver", "_can_close", "_unpaid"):
        assert not hasattr(web_actions, name), name
    assert "guard" not in {f.name for f in dataclasses.fields(web_actions.ActionSpec)}


def test_no_other_module_keeps_its_own_copy_of_the_state_rule():
    assert not hasattr(access, "ACTION_TRANSITIONS")
    spec_fields = {f.name for f in dataclasses.fields(web_actions.ActionSpec)}
    assert not spec_fields & {"to", "allowed_from"}
    # Only the lifecycle (and the objection machine, a different table) may spell out states an
    # action starts from; services pass `rule.allowed_from` through.
    own_copy = re.compile(r"allowed_from\s*=\s*(?!rule\.allowed_from)\S")
    offenders = [
        str(path.relative_to(APP_DIR))
        for path in APP_DIR.rglob("*.py")
        if path.name != "lifecycle.py"
        and path.relative_to(APP_DIR).as_posix() != "services/objections.py"
        and own_copy.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_completing_a_draft_is_refused_by_the_service(submit, utama_officer):
    request = submit(now=T0).request
    request.status = Status.DRAFT
    request.save(update_fields=["status"])
    with pytest.raises(InvalidTransition):
        request_complete(request=request, actor=utama_officer, now=T0)
    request.refresh_from_db()
    assert request.status == Status.DRAFT
