"""Every registered message kind renders a subject, a plain-text body and an HTML body in Bahasa
Indonesia from the context it declares."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from requests_app.notifications.registry import KINDS, render_message

T0 = datetime(2025, 3, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
HEADLINE = "Judul pesan uji"
MESSAGE = "Penjelasan pesan uji."


@pytest.fixture
def sample_context(submit):
    request = submit(now=T0).request
    return {
        "request": request,
        "tracking_url": "https://ppid.example.go.id/lacak/0001/?token=abc",
        "headline": HEADLINE,
        "message": MESSAGE,
        "items": [
            {
                "number": request.registration_number,
                "subject": request.information_requested,
                "due_on": date(2025, 4, 16),
                "path": f"/petugas/permohonan/{request.pk}/",
                "note": "3 HK lagi",
            }
        ],
    }


def test_the_registry_holds_the_expected_kinds():
    assert set(KINDS) == {"request_receipt", "request_update", "officer_alert"}


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_kind_renders_subject_text_and_html(code, sample_context):
    kind = KINDS[code]
    missing = [key for key in kind.context_keys if key not in sample_context]
    assert not missing, f"add sample values for {missing}"
    context = {key: sample_context[key] for key in kind.context_keys}

    with translation.override("en"):  # official mail is in Indonesian whatever the caller uses
        rendered = render_message(code, context)

    assert rendered.subject and "\n" not in rendered.subject and len(rendered.subject) <= 255
    assert rendered.text.strip() and "{%" not in rendered.text and "{{" not in rendered.text
    assert '<html lang="id"' in rendered.html and rendered.html.rstrip().endswith("</html>")
    assert "Batas waktu" in rendered.text and "Batas waktu" in rendered.html
    request = sample_context["request"]
    if "request" in context:
        assert request.registration_number in rendered.subject
        assert "Siti Aminah" in rendered.text and "Siti Aminah" in rendered.html
        assert "16 April 2025" in rendered.text  # the due date, written in Indonesian
    if "headline" in context:
        assert HEADLINE in rendered.subject and HEADLINE in rendered.text
        assert HEADLINE in rendered.html
    if "items" in context:
        assert f"/petugas/permohonan/{request.pk}/" in rendered.text
        assert f"/petugas/permohonan/{request.pk}/" in rendered.html
    if "tracking_url" in context:
        assert context["tracking_url"] in rendered.text


@pytest.mark.parametrize("code", sorted(KINDS))
def test_a_missing_context_key_is_refused(code):
    with pytest.raises(KeyError, match=code):
        render_message(code, {})
