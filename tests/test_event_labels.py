"""Every event the services record has a human label on the applicant's timeline."""

import re
from pathlib import Path

import pytest

import requests_app
from requests_app.events_public import EVENT_LABELS, event_label, is_public_event

SOURCE = Path(requests_app.__file__).parent
CODE_ARGUMENT = re.compile(r'code="((?:request|objection|dispute)\.[a-z_.]+)"')


def recorded_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        codes.update(CODE_ARGUMENT.findall(path.read_text(encoding="utf-8")))
    return codes


def test_the_scan_finds_the_lifecycle_codes():
    assert {"request.verified", "request.routed", "objection.filed"} <= recorded_codes()


@pytest.mark.parametrize("code", sorted(c for c in recorded_codes() if is_public_event(c)))
def test_public_event_has_a_label(code):
    assert code in EVENT_LABELS
    assert event_label(code) != code
