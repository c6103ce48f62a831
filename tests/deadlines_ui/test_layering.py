"""Selectors and services read no web code: the applicant-visibility policy lives in
`requests_app.events_public`, not in `requests_app.web`."""

from __future__ import annotations

import ast
from pathlib import Path

import requests_app
from requests_app import events_public
from requests_app.selectors.citizen import citizen_timeline_events

PACKAGE = Path(requests_app.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_selectors_and_services_never_import_the_web_package():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imported_modules(path) if name.startswith("requests_app.web")
        )
        for folder in ("selectors", "services")
        for path in (PACKAGE / folder).rglob("*.py")
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_citizen_timeline_uses_the_public_event_policy(submit):
    request = submit().request

    events = citizen_timeline_events(request=request)

    assert events[0].label == events_public.event_label("request.submitted")
    assert not events_public.is_public_event("request.identity.viewed")
